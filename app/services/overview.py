"""The network at a glance: organisations by kind, sector and district."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.services.memo import VersionedMemo
from graph.driver import Graph
from graph.model import SECTOR_OF_KIND, SECTORS
from graph.overview_repo import count_by_district_tx, count_by_kind_tx, count_totals_tx


@dataclass(frozen=True)
class NetworkOverview:
    totals: dict[str, int]
    by_kind: dict[str, int]
    by_sector: dict[str, int]
    by_district: list[dict[str, Any]]


def sector_counts(by_kind: dict[str, int]) -> dict[str, int]:
    """Fold counts by kind into the three sectors of circular subsidiarity.

    >>> sector_counts({"District": 2, "PublicBody": 3, "SME": 4, "ThirdSector": 1})
    {'public': 5, 'business': 4, 'civil': 1}
    """
    counts = dict.fromkeys(SECTORS, 0)
    for kind, n in by_kind.items():
        counts[SECTOR_OF_KIND[kind]] += n
    return counts


def network_overview(graph: Graph) -> NetworkOverview:
    """Counts for the home page (kept per network version: counting 100,000
    organisations by district takes a tenth of a second)."""
    return _overviews.get(graph, "overview", lambda: _count(graph))


_overviews: VersionedMemo[NetworkOverview] = VersionedMemo(2)


def _count(graph: Graph) -> NetworkOverview:
    by_kind = graph.read(count_by_kind_tx)
    return NetworkOverview(
        totals=graph.read(count_totals_tx),
        by_kind=by_kind,
        by_sector=sector_counts(by_kind),
        by_district=graph.read(count_by_district_tx),
    )
