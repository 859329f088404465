"""Real public bodies and bank foundations of Piemonte (``fictional: false``).

The list does not depend on the random seed, so their ids are the same in every
seed network. Only facts from the shared sources or well-known public facts (the
ASL seats, the two bank foundations) are stated about them.
"""

from __future__ import annotations

import zlib
from typing import Any, Final

from seed import reference
from seed.districts import DISTRICT_SPECS

#: Readable names for the sourced enti gestori (keyed by the CSV's name).
_ENTE_NAMES: Final[dict[str, str]] = {
    "Consorzio CISSACA (Alessandria)": "Consorzio CISSACA di Alessandria",
    "Co.Ge.Sa. (Consorzio socio-assistenziale, comuni astigiani a nord del Tanaro)": (
        "Co.Ge.Sa. - Consorzio per la gestione dei servizi socio-assistenziali del Nord Astigiano"
    ),
    "Unione Montana (Ceva)": "Unione Montana di Ceva",
    "CISSA (Pianezza)": "Consorzio CISSA di Pianezza",
    "C.I.S.S. del Pinerolese (Consorzio Intercomunale Servizi Sociali)": (
        "C.I.S.S. del Pinerolese - Consorzio Intercomunale Servizi Sociali"
    ),
}

#: Co.Ge.Sa.'s seat is not in the shared file; its offices are in Asti (via Baroncini),
#: per https://lanuovaprovincia.it/attualita/cogesa-quintuplicati-i-servizi-in-16-anni/
_ENTE_SEATS: Final[dict[str, str]] = {"Co.Ge.Sa.": "005005"}

_ENTE_WEBSITES: Final[dict[str, str]] = {"C.I.S.S. del Pinerolese": "https://cisspinerolo.it"}

#: The twelve ASL (local health authorities) of Piemonte and the ISTAT code of their seat.
ASL: Final[tuple[tuple[str, str], ...]] = (
    ("ASL Città di Torino", "001272"),
    ("ASL TO3", "001090"),
    ("ASL TO4", "001082"),
    ("ASL TO5", "001078"),
    ("ASL VC", "002158"),
    ("ASL BI", "096047"),
    ("ASL NO", "003106"),
    ("ASL VCO", "103050"),
    ("ASL CN1", "004078"),
    ("ASL CN2", "004003"),
    ("ASL AT", "005005"),
    ("ASL AL", "006003"),
)

BANK_FOUNDATIONS: Final[tuple[tuple[str, str, str], ...]] = (
    ("Fondazione Compagnia di San Paolo", "001272", "https://www.compagniadisanpaolo.it"),
    ("Fondazione CRT", "001272", "https://www.fondazionecrt.it"),
)

_PUBLIC_THEMES: Final = ("local_governance", "circular_subsidiarity_pacts", "proximity_assistance")


def _body(
    kind: str,
    name: str,
    legal_form: str,
    istat: str,
    description: str,
    themes: tuple[str, ...] = _PUBLIC_THEMES,
    website: str | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "name": name,
        "legal_form": legal_form,
        "tax_code": None,
        "size_class": None,
        "non_profit": True,
        "municipality": istat,
        "description": description,
        "website": website,
        "email": None,
        "themes": list(themes),
        "capabilities": ["service_delivery"] if kind == "PublicBody" else ["grant_making"],
        "fictional": False,
    }


def _ente_legal_form(name: str) -> str:
    if name.startswith("Comune"):
        return "Comune"
    if name.startswith("Unione"):
        return "Unione montana"
    if name.startswith("Gestione"):
        return "Gestione associata intercomunale"
    return "Consorzio di enti locali"


def _place(names: dict[str, str], istat: str) -> str:
    town = names[istat]
    return f"ad {town}" if town[0] in "AEIOUaeiou" else f"a {town}"


def real_bodies(
    municipalities: list[dict[str, Any]], assignment: dict[str, str], weights: dict[str, float]
) -> list[dict[str, Any]]:
    """Regione, enti gestori, ASL, a fixed selection of Comuni and two bank foundations."""
    names = {m["istat"]: m["name"] for m in municipalities}
    province = {m["istat"]: m["province_name"] for m in municipalities}
    bodies = [
        _body(
            "PublicBody",
            "Regione Piemonte",
            "Regione",
            "001272",
            "Regione Piemonte, titolare della strategia WE.CA.RE. - Welfare Cantiere Regionale.",
            website="https://www.regione.piemonte.it",
        )
    ]
    taken: set[str] = set()
    for row in reference.enti_gestori():
        short = next((key for key in _ENTE_SEATS if row["ente_gestore"].startswith(key)), None)
        istat = row["sede_codice_istat"] or _ENTE_SEATS[short or ""]
        name = _ENTE_NAMES.get(row["ente_gestore"], row["ente_gestore"])
        if name.startswith("Comune di"):
            taken.add(istat)
        website = next((url for key, url in _ENTE_WEBSITES.items() if name.startswith(key)), None)
        bodies.append(
            _body(
                "PublicBody",
                name,
                _ente_legal_form(name),
                istat,
                f"Ente gestore dei servizi socio-assistenziali con sede {_place(names, istat)}.",
                website=website,
            )
        )
    for name, istat in ASL:
        bodies.append(
            _body(
                "PublicBody",
                name,
                "Azienda sanitaria locale",
                istat,
                f"Azienda sanitaria locale con sede {_place(names, istat)}.",
                ("health_wellbeing", "proximity_assistance", "demographic_change"),
            )
        )
    for istat in _selected_comuni(assignment, weights):
        if istat in taken:
            continue
        bodies.append(
            _body(
                "PublicBody",
                f"Comune di {names[istat]}",
                "Comune",
                istat,
                f"Comune della provincia di {province[istat]}.",
            )
        )
    for name, istat, website in BANK_FOUNDATIONS:
        bodies.append(
            _body(
                "Foundation",
                name,
                "Fondazione di origine bancaria",
                istat,
                f"Fondazione di origine bancaria con sede {_place(names, istat)}; "
                "cofinanzia la strategia WE.CA.RE. tramite il protocollo con le "
                "Fondazioni Bancarie.",
                ("innovative_welfare_services", "poverty_social_exclusion", "civil_economy"),
                website=website,
            )
        )
    return bodies


def _selected_comuni(assignment: dict[str, str], weights: dict[str, float]) -> list[str]:
    """Seats first, then a fixed, hash-ordered sample per district sized by its weight."""
    by_district: dict[str, list[str]] = {}
    for istat, code in sorted(assignment.items()):
        by_district.setdefault(code, []).append(istat)
    chosen: list[str] = []
    for spec in DISTRICT_SPECS:
        members = by_district[spec.code]
        wanted = min(len(members), 2 + round(weights[spec.code] * 70))
        others = sorted(
            (i for i in members if i != spec.seat_istat), key=lambda i: zlib.crc32(i.encode())
        )
        chosen.extend([spec.seat_istat, *others[: wanted - 1]])
    return chosen
