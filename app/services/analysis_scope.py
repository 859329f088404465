"""Which part of the network an analysis covers, and its networkx graph."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.driver import Graph
from graph.projection import project


@dataclass(frozen=True)
class Scope:
    """Which part of the network to analyse: all of it, a district or a consortium,
    optionally in a window of years (partnerships active in ``[start_year, end_year]``)."""

    district: str | None = None
    consortium: str | None = None
    start_year: int | None = None
    end_year: int | None = None

    @property
    def key(self) -> str:
        """A stable name for the cache, e.g. ``district:DCS01@2018-2022``."""
        if self.consortium:
            base = f"consortium:{self.consortium}"
        else:
            base = f"district:{self.district}" if self.district else "network"
        if self.start_year is None and self.end_year is None:
            return base
        return f"{base}@{self.start_year or ''}-{self.end_year or ''}"

    @property
    def network_wide(self) -> bool:
        """True for the whole network (in a window or not): always computed in the background."""
        return not self.district and not self.consortium

    def project(self, graph: Graph) -> nx.Graph:
        """The scope's networkx graph, read from Neo4j."""
        start = date(self.start_year, 1, 1) if self.start_year else None
        end = date(self.end_year, 12, 31) if self.end_year else None
        return project(
            graph, district=self.district, consortium=self.consortium, start=start, end=end
        )
