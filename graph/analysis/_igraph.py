"""Bridge to python-igraph: the backend rule, one conversion per graph, seeded randomness."""

from __future__ import annotations

import itertools
import os
import random
import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import networkx as nx
import numpy as np

# igraph's PageRank (PRPACK) runs OpenMP threads that spin while waiting: on a busy
# 2-core host a 1 ms PageRank was measured taking up to 0.7 s. One thread per process
# is steady, and web workers already share the cores. Read when igraph loads.
os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import igraph as ig  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - igraph is in requirements.txt
    ig = None

Backend = Literal["auto", "networkx", "igraph"]

#: ``backend="auto"`` computes through igraph from this many edges on. Below it networkx
#: answers in milliseconds and the conversion would cost more than it saves.
AUTO_MIN_EDGES = 1_000

# igraph draws from one process-wide generator; seeded runs take it in turn.
_RNG_LOCK = threading.Lock()


def available() -> bool:
    """True when python-igraph can be imported."""
    return ig is not None


def use_igraph(G: nx.Graph, backend: Backend) -> bool:
    """Whether a measure on ``G`` runs through igraph under ``backend``.

    ``"auto"`` picks igraph when it is installed and ``G`` has at least
    ``AUTO_MIN_EDGES`` edges; ``"igraph"`` insists on it; ``"networkx"`` never uses it.
    """
    if backend == "networkx":
        return False
    if backend == "igraph":
        if ig is None:
            raise ImportError("backend='igraph' needs the python-igraph package")
        return True
    if backend == "auto":
        return ig is not None and G.number_of_edges() >= AUTO_MIN_EDGES
    raise ValueError(f"unknown backend: {backend!r}")


class IGraphView:
    """``G`` converted once to igraph: vertex ``i`` is ``nodes[i]``, edges in ``G.edges`` order.

    Build it with :meth:`of`; the measures of a bundle share one view. Edge weights are
    read from ``G`` on demand, in the same order, so ``G`` must not change meanwhile.
    """

    def __init__(self, G: nx.Graph) -> None:
        if ig is None:
            raise ImportError("python-igraph is not installed")
        self.source = G
        self.nodes: list[Hashable] = list(G)
        self.index: dict[Hashable, int] = {v: i for i, v in enumerate(self.nodes)}
        index = self.index
        edges = [(index[u], index[v]) for u, v in G.edges()]
        self.graph: Any = ig.Graph(n=len(self.nodes), edges=edges, directed=False)
        self._weights: dict[str, list[float]] = {}
        self._ends: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def of(cls, G: nx.Graph, view: IGraphView | None = None) -> IGraphView:
        """``view`` when it was built from ``G``, else a new conversion of ``G``."""
        if view is not None and view.source is G:
            return view
        return cls(G)

    def weights(self, attr: str | None) -> list[float] | None:
        """Edge weights from attribute ``attr`` (missing values count 1), or ``None``."""
        if attr is None:
            return None
        if attr not in self._weights:
            self._weights[attr] = [float(w) for _, _, w in self.source.edges(data=attr, default=1)]
        return self._weights[attr]

    def ends(self) -> tuple[np.ndarray, np.ndarray]:
        """The two end vertices of every edge, as integer arrays."""
        if self._ends is None:
            self._ends = edge_ends(self.graph)
        return self._ends

    def by_node(self, values: list[float]) -> dict[Hashable, float]:
        """Per-vertex ``values`` keyed by the networkx node."""
        return dict(zip(self.nodes, map(float, values), strict=True))


def edge_ends(g: Any) -> tuple[np.ndarray, np.ndarray]:
    """Source and target vertex of each edge of igraph graph ``g``, as integer arrays."""
    pairs = g.get_edgelist()
    flat = np.fromiter(itertools.chain.from_iterable(pairs), np.int64, 2 * len(pairs))
    return flat[0::2], flat[1::2]


@contextmanager
def seeded(seed: int | None) -> Iterator[None]:
    """Run igraph's random choices from ``random.Random(seed)``, then restore the default.

    With ``seed=None`` the default generator (Python's ``random`` module) is used as is.
    """
    if seed is None or ig is None:
        yield
        return
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
