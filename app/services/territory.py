"""The map of Piemonte's figures: each district's measures (organisations, funded
consortia, and the network analysis' cross-sector share, subsidiarity index and density),
organisations per municipality, and a district's coverage gaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from app.services.memo import VersionedMemo
from config import BASE_DIR
from graph.driver import Graph
from graph.map_repo import (
    MunicipalityCount,
    district_municipalities_tx,
    funded_consortia_by_district_tx,
    municipality_counts_tx,
)

#: The municipalities' boundaries (ISTAT limits of June 2023, CC BY 4.0, as published by
#: Openpolis; seed/README.md, "Sources and attribution").
TOPOLOGY_PATH: Final[Path] = BASE_DIR / "seed" / "data" / "piemonte" / "comuni_piemonte.topo.json"

#: The measures a district can be coloured by, in the order the page offers them; the
#: first two are counted in Neo4j, the others come from the network analysis.
MEASURES: Final[tuple[str, ...]] = ("organizations", "cross_share", "index", "density", "funded")
ANALYSIS_MEASURES: Final[tuple[str, ...]] = ("cross_share", "index", "density")


@dataclass(frozen=True)
class DistrictMeasures:
    """One district on the map: its code, name and a value for each measure (``None``
    while the analysis is being computed, or where a measure is undefined)."""

    code: str
    name: str
    organizations: int
    funded: int
    cross_share: float | None
    index: float | None
    density: float | None
    municipalities: int


def municipality_counts(graph: Graph) -> list[MunicipalityCount]:
    """Every municipality with its organisations (kept per network version)."""
    return _counts.get(graph, "all", lambda: graph.read(municipality_counts_tx))


def district_measures(
    graph: Graph, names: dict[str, str], bundle: dict[str, Any] | None
) -> list[DistrictMeasures]:
    """Every district (in ``names``' order) with its measures; the analysis ones from
    ``bundle``'s district rows (the whole network's analysis), or None without it."""
    organizations: dict[str, int] = defaultdict(int)
    municipalities: dict[str, int] = defaultdict(int)
    for row in municipality_counts(graph):
        if row.district:
            organizations[row.district] += row.organizations
            municipalities[row.district] += 1
    funded = _counts_funded(graph)
    analysed = {row["district"]: row for row in (bundle or {}).get("districts", [])}
    out = []
    for code, name in names.items():
        row = analysed.get(code, {})
        values = {key: _number(row.get(key)) for key in ANALYSIS_MEASURES}
        out.append(
            DistrictMeasures(
                code=code,
                name=name,
                organizations=organizations.get(code, 0),
                funded=funded.get(code, 0),
                municipalities=municipalities.get(code, 0),
                cross_share=values["cross_share"],
                index=values["index"],
                density=values["density"],
            )
        )
    return out


def coverage(graph: Graph, code: str) -> list[MunicipalityCount]:
    """The district's municipalities, by name, with organisations in the network and in
    the district's consortia; empty for an unknown district."""
    return graph.read(district_municipalities_tx, code=code)


def coverage_gaps(rows: list[MunicipalityCount]) -> dict[str, list[MunicipalityCount]]:
    """The municipalities with no organisation in the network, and those with some but
    none in the district's consortia.

    >>> a = MunicipalityCount("1", "A", "TO", "D", 0, 0)
    >>> b = MunicipalityCount("2", "B", "TO", "D", 3, 0)
    >>> c = MunicipalityCount("3", "C", "TO", "D", 2, 1)
    >>> {k: [m.name for m in v] for k, v in coverage_gaps([a, b, c]).items()}
    {'no_organization': ['A'], 'no_consortium': ['B']}
    """
    return {
        "no_organization": [m for m in rows if m.organizations == 0],
        "no_consortium": [m for m in rows if m.organizations and not m.in_consortia],
    }


def as_json(rows: list[Any]) -> list[dict[str, Any]]:
    """Dataclass rows as plain dictionaries for a JSON answer."""
    return [asdict(row) for row in rows]


def _counts_funded(graph: Graph) -> dict[str, int]:
    return _funded.get(graph, "all", lambda: graph.read(funded_consortia_by_district_tx))


def _number(value: Any) -> float | None:
    """A finite float, or None (NaN and missing values are 'no value' on the map)."""
    if value is None:
        return None
    number = float(value)
    return None if number != number else number


_counts: VersionedMemo[list[MunicipalityCount]] = VersionedMemo(2)
_funded: VersionedMemo[dict[str, int]] = VersionedMemo(2)
