"""Triad counts of an igraph graph from integer arrays, for the subsidiarity index."""

from __future__ import annotations

from typing import Any

import numpy as np

from graph.analysis._igraph import edge_ends

__all__ = ["array_counts", "array_spanning"]


def array_counts(g: Any, codes: np.ndarray) -> dict[str, int]:
    """:func:`triad_counts` for an igraph graph whose vertex ``i`` has sector ``codes[i]``."""
    src, dst = edge_ends(g)
    cross = (codes[src] >= 0) & (codes[dst] >= 0) & (codes[src] != codes[dst])
    sub = g.subgraph_edges(np.flatnonzero(cross).tolist(), delete_vertices=False)
    return {
        "two_paths": _two_paths(g),
        "spanning_two_paths": array_spanning(src, dst, codes),
        "triangles": _triangles(g),
        "spanning_triangles": _triangles(sub),
    }


def array_spanning(src: np.ndarray, dst: np.ndarray, codes: np.ndarray) -> int:
    """Spanning two-paths of the edges ``src[i] - dst[i]``, vertex sectors ``codes``."""
    n = len(codes)
    # Neighbours of each vertex per sector (column 3 gathers unknown sectors).
    bucket = np.where(codes < 0, 3, codes)
    per_sector = (
        np.bincount(src * 4 + bucket[dst], minlength=4 * n)
        + np.bincount(dst * 4 + bucket[src], minlength=4 * n)
    ).reshape(n, 4)
    rows = np.arange(n)
    known = codes >= 0
    first, second = (codes + 1) % 3, (codes + 2) % 3
    return int((per_sector[rows, first] * per_sector[rows, second])[known].sum())


def _two_paths(g: Any) -> int:
    degrees = np.asarray(g.degree(), dtype=np.int64)
    return int((degrees * (degrees - 1) // 2).sum())


def _triangles(g: Any) -> int:
    # transitivity = 3 * triangles / two-paths, both counted exactly by igraph.
    paths = _two_paths(g)
    return round(g.transitivity_undirected(mode="zero") * paths / 3) if paths else 0
