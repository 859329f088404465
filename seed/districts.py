"""The 30 Social Cohesion Districts of Piemonte and an illustrative municipality map.

Seats are real towns (the 22 measure-1 lead towns and the sourced enti gestori), and a
few municipalities are placed by sourced facts; the other municipalities are given to
districts grown from those over the municipalities' common borders, so each district is
one contiguous area of its province. The files hold no district map: the result is
illustrative (see seed/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from seed import geography, reference, regions


@dataclass(frozen=True)
class DistrictSpec:
    code: str
    name: str
    province: str
    seat_istat: str
    #: Municipalities placed here by a sourced fact (the seat is always included).
    pinned: tuple[str, ...] = ()
    #: A closed district takes only its seat and pinned municipalities.
    closed: bool = False


_PREFIX = "Distretto della Coesione Sociale"

# The Alessandria/Asti quadrant names its districts (enti_gestori_sourced_facts.csv);
# Torino city is one district; Pinerolo is exactly C.I.S.S. del Pinerolese's 47 comuni.
DISTRICT_SPECS: Final[tuple[DistrictSpec, ...]] = (
    DistrictSpec("DCS01", f"{_PREFIX} di Torino", "TO", "001272", closed=True),
    DistrictSpec("DCS02", f"{_PREFIX} di Carmagnola", "TO", "001059"),
    DistrictSpec("DCS03", f"{_PREFIX} di Chieri", "TO", "001078"),
    DistrictSpec("DCS04", f"{_PREFIX} di Chivasso", "TO", "001082"),
    DistrictSpec("DCS05", f"{_PREFIX} di Ciriè", "TO", "001086"),
    DistrictSpec("DCS06", f"{_PREFIX} di Cuorgnè", "TO", "001098"),
    DistrictSpec("DCS07", f"{_PREFIX} di Gassino Torinese", "TO", "001112"),
    DistrictSpec("DCS08", f"{_PREFIX} di Ivrea", "TO", "001125"),
    DistrictSpec("DCS09", f"{_PREFIX} di Moncalieri", "TO", "001156"),
    DistrictSpec("DCS10", f"{_PREFIX} di Orbassano", "TO", "001171"),
    DistrictSpec("DCS11", f"{_PREFIX} di Pianezza", "TO", "001189", ("001008", "001284")),
    DistrictSpec("DCS12", f"{_PREFIX} di Pinerolo", "TO", "001191", closed=True),
    DistrictSpec("DCS13", f"{_PREFIX} di Rivoli", "TO", "001219"),
    DistrictSpec("DCS14", f"{_PREFIX} della Valle di Susa e Val Sangone", "TO", "001270"),
    DistrictSpec("DCS15", f"{_PREFIX} di Vercelli", "VC", "002158"),
    DistrictSpec("DCS16", f"{_PREFIX} di Borgomanero", "NO", "003024"),
    DistrictSpec("DCS17", f"{_PREFIX} di Novara", "NO", "003106"),
    DistrictSpec(
        "DCS18",
        f"{_PREFIX} dell'Ovest Ticino",
        "NO",
        "003131",
        ("003149", "003049", "003104", "003141", "003144"),
    ),
    DistrictSpec("DCS19", f"{_PREFIX} di Alba", "CN", "004003"),
    DistrictSpec("DCS20", f"{_PREFIX} di Bra", "CN", "004029"),
    DistrictSpec("DCS21", f"{_PREFIX} di Cuneo", "CN", "004078"),
    DistrictSpec(
        "DCS22",
        f"{_PREFIX} di Fossano, Savigliano e Saluzzo",
        "CN",
        "004089",
        ("004215", "004203"),
    ),
    DistrictSpec("DCS23", f"{_PREFIX} di Mondovì e Ceva", "CN", "004130", ("004066",)),
    DistrictSpec("DCS24", f"{_PREFIX} di Asti", "AT", "005005"),
    DistrictSpec("DCS25", f"{_PREFIX} di Acqui Terme e Ovada", "AL", "006001", ("006121",)),
    DistrictSpec("DCS26", f"{_PREFIX} di Alessandria e Valenza", "AL", "006003", ("006177",)),
    DistrictSpec("DCS27", f"{_PREFIX} di Casale Monferrato", "AL", "006039"),
    DistrictSpec("DCS28", f"{_PREFIX} di Novi Ligure e Tortona", "AL", "006114", ("006174",)),
    DistrictSpec("DCS29", f"{_PREFIX} di Biella", "BI", "096004"),
    DistrictSpec("DCS30", f"{_PREFIX} del Verbano-Cusio-Ossola", "VB", "103072"),
)

#: Approximate resident population (thousands, ISTAT 2021, rounded) used only to
#: share organisations among districts; Torino city is taken out of its province.
PROVINCE_POPULATION_K: Final[dict[str, int]] = {
    "TO": 2208,
    "VC": 165,
    "NO": 362,
    "CN": 582,
    "AT": 208,
    "AL": 410,
    "BI": 171,
    "VB": 155,
}
TORINO_CITY_POPULATION_K: Final = 848

#: Districts are reference data: the same themes and timestamp whatever the seed, so
#: reloading them (e.g. before a synthetic load) never changes a seeded database.
DISTRICT_THEMES: Final = (
    "local_governance",
    "circular_subsidiarity_pacts",
    "innovative_welfare_services",
    "proximity_assistance",
)
DISTRICTS_CREATED_AT: Final = datetime(2015, 1, 1, 9, 0, tzinfo=UTC)


def district_sources() -> dict[str, tuple[str, ...]]:
    """Each district's municipalities placed by a sourced fact: its seat first, then its
    pinned municipalities (for Pinerolo, C.I.S.S. del Pinerolese's 47 comuni)."""
    sources = {spec.code: (spec.seat_istat, *spec.pinned) for spec in DISTRICT_SPECS}
    sources["DCS12"] = tuple(dict.fromkeys(("001191", *reference.pinerolese_istat_codes())))
    return sources


def assign_municipalities(municipalities: list[dict[str, Any]]) -> dict[str, str]:
    """Map every municipality's ISTAT code to a district code of its own province.

    Sourced placements first (``district_sources``); closed districts take nothing
    more. An open district whose placed municipalities do not touch is joined up by the
    shortest chains of free municipalities of its province (``regions.join_up``: Ceva to
    Mondovì, Saluzzo to Fossano, Ovada to Acqui Terme, Tortona to Novi Ligure). Then the
    open districts grow together over common borders within their province, nearest
    municipality to a placed one first (``regions.grow``), so each district is one
    contiguous area. Left over are the municipalities without a shape: each goes to the
    first open district of its province (Moransengo and Tonengo to Asti, Miagliano to
    Biella: their provinces' only districts). Deterministic: no randomness, every tie
    broken by code.
    """
    province_of = {m["istat"]: m["province"] for m in municipalities}
    specs = {spec.code: spec for spec in DISTRICT_SPECS}
    sources = district_sources()
    assignment: dict[str, str] = {}
    for code, codes in sources.items():
        for istat in codes:
            if istat in assignment:
                raise ValueError(f"municipality {istat} pinned to two districts")
            if province_of[istat] != specs[code].province:
                raise ValueError(f"{code} holds a municipality of another province")
            assignment[istat] = code
    growing = {code: sources[code] for code, spec in specs.items() if not spec.closed}
    for code in growing:
        regions.join_up(code, specs[code].seat_istat, assignment, province_of)
    regions.grow(growing, assignment, province_of)
    for istat in sorted(set(province_of) - set(assignment)):
        assignment[istat] = min(c for c in growing if specs[c].province == province_of[istat])
    return assignment


def district_weights() -> dict[str, float]:
    """Share of organisations per district, roughly proportional to population."""
    per_province: dict[str, int] = {}
    for spec in DISTRICT_SPECS:
        per_province[spec.province] = per_province.get(spec.province, 0) + 1
    weights: dict[str, float] = {}
    for spec in DISTRICT_SPECS:
        population = PROVINCE_POPULATION_K[spec.province]
        districts = per_province[spec.province]
        if spec.province == "TO":
            population -= TORINO_CITY_POPULATION_K
            districts -= 1
        weights[spec.code] = (
            TORINO_CITY_POPULATION_K if spec.code == "DCS01" else population / districts
        )
    total = sum(weights.values())
    return {code: weight / total for code, weight in weights.items()}


def neighbour_pairs(assignment: dict[str, str]) -> list[tuple[str, str]]:
    """Neighbouring districts as sorted code pairs, each pair once: all districts of the
    same province, and those of two provinces that share a border."""
    pairs = {
        (a.code, b.code)
        for a in DISTRICT_SPECS
        for b in DISTRICT_SPECS
        if a.province == b.province and a.code < b.code
    }
    pairs.update(cross_province_neighbours(assignment))
    return sorted(pairs)


def cross_province_neighbours(assignment: dict[str, str]) -> list[tuple[str, str]]:
    """Districts of different provinces with a common border (a municipality of one
    shares an arc with a municipality of the other), as sorted code pairs."""
    province = {spec.code: spec.province for spec in DISTRICT_SPECS}
    pairs = set()
    for istat, others in geography.adjacency().items():
        for other in others:
            a, b = sorted((assignment[istat], assignment[other]))
            if province[a] != province[b]:
                pairs.add((a, b))
    return sorted(pairs)


def build_districts(
    municipalities: list[dict[str, Any]], assignment: dict[str, str]
) -> list[dict[str, Any]]:
    """District rows: the territory and the organisation (labels Organization:District)."""
    names = {m["istat"]: m["name"] for m in municipalities}
    counts: dict[str, int] = {}
    for code in assignment.values():
        counts[code] = counts.get(code, 0) + 1
    rows = []
    for spec in DISTRICT_SPECS:
        province_name = reference.PROVINCES[spec.province]
        rows.append(
            {
                "id": spec.code,
                "code": spec.code,
                "kind": "District",
                "name": spec.name,
                "province": spec.province,
                "province_name": province_name,
                "seat_istat": spec.seat_istat,
                "seat_name": names[spec.seat_istat],
                "municipality_count": counts[spec.code],
                "legal_form": "Distretto della Coesione Sociale",
                "non_profit": True,
                "fictional": False,
                "district": spec.code,
                "municipality": spec.seat_istat,
                "tax_code": None,
                "size_class": None,
                "website": None,
                "email": None,
                "capabilities": [],
                "themes": list(DISTRICT_THEMES),
                "created_at": DISTRICTS_CREATED_AT,
                "updated_at": DISTRICTS_CREATED_AT,
                "description": (
                    f"Distretto della Coesione Sociale con sede a {names[spec.seat_istat]} "
                    f"(provincia di {province_name}), {counts[spec.code]} comuni. "
                    "Il perimetro dei comuni è illustrativo."
                ),
            }
        )
    return rows
