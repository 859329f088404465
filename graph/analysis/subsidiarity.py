"""The circular-subsidiarity index: how much triadic structure spans all three sectors."""

from __future__ import annotations

import random
import statistics
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis._common import (
    group_seed,
    members_by,
    node_groups,
    require_simple_undirected,
)
from graph.analysis._igraph import (
    Backend,
    IGraphView,
    available,
    edge_ends,
    seeded,
    use_igraph,
)
from graph.analysis._triads import array_counts, array_spanning
from graph.model import SECTORS

__all__ = ["index_decomposition", "subsidiarity_by_group", "subsidiarity_index", "triad_counts"]


def triad_counts(G: nx.Graph, *, attr: str = "sector") -> dict[str, int]:
    """Two-paths and triangles of ``G``, and those spanning public, civil and business.

    A *two-path* is a chain ``a - b - c`` of two edges, counted once per middle node
    ``b`` and unordered pair ``{a, c}``; a triangle holds three of them. It *spans* the
    sectors when ``a``, ``b`` and ``c`` are one of each. Nodes without a known sector
    (``attr``, else the sector of ``kind``) never span.

    Returns
    -------
    dict
        ``two_paths`` (sum of ``C(degree, 2)``), ``spanning_two_paths``, ``triangles``,
        ``spanning_triangles``.

    Examples
    --------
    >>> G = nx.Graph([("p", "c"), ("c", "b"), ("b", "p")])  # one triangle, one per sector
    >>> nx.set_node_attributes(G, {"p": "public", "c": "civil", "b": "business"}, "sector")
    >>> triad_counts(G)
    {'two_paths': 3, 'spanning_two_paths': 3, 'triangles': 1, 'spanning_triangles': 1}
    """
    require_simple_undirected(G)
    code = _sector_codes(G, attr)
    cross = nx.Graph(
        (u, v) for u, v in G.edges() if code[u] >= 0 and code[v] >= 0 and code[u] != code[v]
    )
    return {
        "two_paths": sum(d * (d - 1) // 2 for _, d in G.degree()),
        "spanning_two_paths": _spanning_two_paths(G, code),
        "triangles": _triangle_total(G),
        # With three sectors, a triangle of cross-sector edges has one node of each.
        "spanning_triangles": _triangle_total(cross),
    }


def subsidiarity_index(
    G: nx.Graph,
    *,
    attr: str = "sector",
    samples: int = 20,
    burn_in: float = 5.0,
    thinning: float = 1.0,
    seed: int | None = None,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> dict[str, Any]:
    """Circular-subsidiarity index of ``G`` against a degree-preserving random baseline.

    **Definition.** The index is the share of two-paths ``a - b - c`` (two partnerships
    sharing an organisation, counted once per middle node and pair of ends) whose
    three organisations are one public body, one civil-society organisation and one
    business::

        CSI = spanning_two_paths / two_paths
            = (3 * spanning_triangles + spanning_open) / (3 * triangles + open)

    so a closed triad weighs three times an open one (it holds three two-paths), and
    ``triangle_share`` and ``open_share`` report the two parts. **Baseline.** Sectors
    stay on their nodes while the edges are rewired by double-edge swaps, which keep
    every node's degree: one Markov chain, ``burn_in`` swaps per edge first, then a
    sample every ``thinning`` swaps per edge. ``z = (CSI - mean) / stdev`` over the
    samples tells how far the network ties the three sectors together beyond what its
    degrees and sector sizes give by chance. See graph/analysis/README.md.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph whose nodes have ``attr`` (or ``kind``).
    attr : str
        Node attribute holding the sector (``public``, ``civil``, ``business``).
    samples : int
        Random graphs in the baseline; 0 skips it (``z`` is then ``None``).
    burn_in, thinning : float
        Swaps per edge before the first sample and between samples. igraph counts swap
        attempts, networkx successful swaps.
    seed : int, optional
        Seed of the rewiring chain.
    backend : {"auto", "networkx", "igraph"}
        ``"auto"`` uses igraph whenever it is installed: rewiring dominates the cost
        even on small graphs.
    view : IGraphView, optional
        An igraph conversion of ``G`` to reuse.

    Returns
    -------
    dict
        The :func:`triad_counts`, ``index``, ``triangle_share``, ``open_share`` (each
        ``None`` when its denominator is 0), ``baseline_mean``, ``baseline_std``,
        ``z``, ``ratio`` (index over baseline mean) and ``samples`` (random graphs drawn).

    Examples
    --------
    >>> G = nx.Graph([("p", "c"), ("c", "b"), ("b", "p"), ("p", "p2")])
    >>> nx.set_node_attributes(G, {"p": "public", "p2": "public", "c": "civil",
    ...                            "b": "business"}, "sector")
    >>> result = subsidiarity_index(G, samples=0)
    >>> result["index"], result["triangle_share"], result["open_share"]
    (0.6, 1.0, 0.0)
    """
    require_simple_undirected(G)
    if samples < 0 or burn_in < 0 or thinning < 0:
        raise ValueError("samples, burn_in and thinning must not be negative")
    fast = available() if backend == "auto" else use_igraph(G, backend)
    counts = _igraph_counts(G, attr, view) if fast else triad_counts(G, attr=attr)
    result: dict[str, Any] = {**counts, **_shares(counts), "samples": 0}
    result.update(baseline_mean=None, baseline_std=None, z=None, ratio=None)
    if samples == 0 or G.number_of_edges() < 2 or counts["two_paths"] == 0:
        return result
    if fast:
        drawn = _igraph_baseline(G, attr, view, samples, burn_in, thinning, seed)
    else:
        drawn = _networkx_baseline(G, attr, samples, burn_in, thinning, seed)
    # Degrees are kept, so every sample has the same number of two-paths.
    indexes = [spanning / counts["two_paths"] for spanning in drawn]
    mean = statistics.fmean(indexes)
    std = statistics.stdev(indexes) if len(indexes) > 1 else 0.0
    result.update(samples=len(drawn), baseline_mean=mean, baseline_std=std)
    result["z"] = (result["index"] - mean) / std if std > 0 else None
    result["ratio"] = result["index"] / mean if mean > 0 else None
    return result


def subsidiarity_by_group(
    G: nx.Graph,
    *,
    group: str = "district",
    attr: str = "sector",
    samples: int = 20,
    seed: int | None = None,
    backend: Backend = "auto",
) -> dict[str, dict[str, Any]]:
    """:func:`subsidiarity_index` of each group's induced subgraph (districts by default).

    Each group's baseline has its own seed, derived from ``seed`` and the group's name,
    so adding a district does not change the others' figures. Nodes with an empty
    ``group`` are left out.

    Examples
    --------
    >>> G = nx.Graph([("p", "c"), ("c", "b"), ("b", "p"), ("x", "y")])
    >>> nx.set_node_attributes(G, {"p": "D1", "c": "D1", "b": "D1", "x": "D2", "y": "D2"},
    ...                        "district")
    >>> nx.set_node_attributes(G, {"p": "public", "c": "civil", "b": "business",
    ...                            "x": "civil", "y": "civil"}, "sector")
    >>> {code: r["index"] for code, r in subsidiarity_by_group(G, samples=0).items()}
    {'D1': 1.0, 'D2': None}
    """
    return {
        code: subsidiarity_index(
            G.subgraph(nodes).copy(),
            attr=attr,
            samples=samples,
            backend=backend,
            seed=group_seed(seed, code),
        )
        for code, nodes in members_by(G, group).items()
    }


def _spanning_two_paths(G: nx.Graph, code: dict[Hashable, int]) -> int:
    spanning = 0
    for v, nbrs in G.adjacency():
        if code[v] < 0:
            continue
        per_sector = [0, 0, 0]
        for u in nbrs:
            if code[u] >= 0:
                per_sector[code[u]] += 1
        spanning += per_sector[(code[v] + 1) % 3] * per_sector[(code[v] + 2) % 3]
    return spanning


def _triangle_total(G: nx.Graph) -> int:
    per_node: dict[Hashable, int] = nx.triangles(G)  # type: ignore[assignment]
    return sum(per_node.values()) // 3


def _sector_codes(G: nx.Graph, attr: str) -> dict[Hashable, int]:
    """0, 1, 2 for the three sectors, -1 for anything else."""
    position = {s: i for i, s in enumerate(SECTORS)}
    return {v: position.get(s, -1) for v, s in node_groups(G, attr).items()}


def _shares(counts: dict[str, int]) -> dict[str, float | None]:
    paths, spanning = counts["two_paths"], counts["spanning_two_paths"]
    triangles, spanning_triangles = counts["triangles"], counts["spanning_triangles"]
    open_paths = paths - 3 * triangles
    return {
        "index": spanning / paths if paths else None,
        "triangle_share": spanning_triangles / triangles if triangles else None,
        "open_share": (spanning - 3 * spanning_triangles) / open_paths if open_paths else None,
    }


def _networkx_baseline(
    G: nx.Graph, attr: str, samples: int, burn_in: float, thinning: float, seed: int | None
) -> list[int]:
    """Spanning two-paths of each sample of the rewiring chain."""
    rng = random.Random(seed)
    code = _sector_codes(G, attr)
    H: nx.Graph = nx.Graph(G.edges())
    H.add_nodes_from(G.nodes(data=True))
    m = H.number_of_edges()
    drawn = []
    for i in range(samples):
        swaps = round((burn_in if i == 0 else thinning) * m)
        try:
            if swaps:
                nx.double_edge_swap(
                    H, nswap=swaps, max_tries=100 * swaps, seed=rng.randrange(2**32)
                )
        except (nx.NetworkXError, nx.NetworkXAlgorithmError):
            pass  # too few or too dense edges to swap: the graph stays as it is
        drawn.append(_spanning_two_paths(H, code))
    return drawn


def _igraph_counts(G: nx.Graph, attr: str, view: IGraphView | None) -> dict[str, int]:
    ivw = IGraphView.of(G, view)
    return array_counts(ivw.graph, _code_array(G, ivw, attr))


def _igraph_baseline(
    G: nx.Graph,
    attr: str,
    view: IGraphView | None,
    samples: int,
    burn_in: float,
    thinning: float,
    seed: int | None,
) -> list[int]:
    ivw = IGraphView.of(G, view)
    codes = _code_array(G, ivw, attr)
    h = ivw.graph.copy()
    m = h.ecount()
    drawn = []
    with seeded(seed):
        for i in range(samples):
            swaps = round((burn_in if i == 0 else thinning) * m)
            if swaps:
                h.rewire(n=swaps)
            drawn.append(array_spanning(*edge_ends(h), codes))
    return drawn


def _code_array(G: nx.Graph, ivw: IGraphView, attr: str) -> np.ndarray:
    code = _sector_codes(G, attr)
    return np.array([code[v] for v in ivw.nodes], dtype=np.int64)


def index_decomposition(
    overall: dict[str, Any], groups: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """How a whole network's index relates to its groups' (districts') indices.

    The index is a ratio of sums, not an average: the whole network's two-paths are
    those inside one group's own network plus those that leave it (a partnership between
    groups, or an organisation in no group). Both parts are exact sums of
    :func:`triad_counts`, so the whole index is their two-path-weighted mean.

    Parameters
    ----------
    overall : dict
        :func:`subsidiarity_index` of the whole network (``two_paths``,
        ``spanning_two_paths``).
    groups : list of dict
        One row per group with the same two counts (rows without them: None returned).

    Returns
    -------
    dict or None
        ``index`` (whole), ``inside_share`` (two-paths inside a group, over all),
        ``inside_index`` (spanning over all, inside groups pooled), ``outside_index``
        (the same for the two-paths that leave every group), ``group_mean`` and
        ``group_min``/``group_max`` (the groups' own indices); None without two-paths.

    Examples
    --------
    >>> whole = {"two_paths": 10, "spanning_two_paths": 2}
    >>> rows = [{"two_paths": 4, "spanning_two_paths": 1, "index": 0.25},
    ...         {"two_paths": 2, "spanning_two_paths": 1, "index": 0.5}]
    >>> d = index_decomposition(whole, rows)
    >>> d["index"], d["inside_share"], d["inside_index"], d["outside_index"], d["group_mean"]
    (0.2, 0.6, 0.3333333333333333, 0.0, 0.375)
    """
    total, spanning = overall.get("two_paths"), overall.get("spanning_two_paths")
    if (
        not total
        or spanning is None
        or any(
            row.get("two_paths") is None or row.get("spanning_two_paths") is None for row in groups
        )
    ):
        return None
    inside = sum(int(row["two_paths"]) for row in groups)
    inside_spanning = sum(int(row["spanning_two_paths"]) for row in groups)
    outside = total - inside
    indices = [float(row["index"]) for row in groups if row.get("index") is not None]
    return {
        "index": spanning / total,
        "inside_share": inside / total,
        "inside_index": inside_spanning / inside if inside else None,
        "outside_index": (spanning - inside_spanning) / outside if outside else None,
        "group_mean": statistics.fmean(indices) if indices else None,
        "group_min": min(indices, default=None),
        "group_max": max(indices, default=None),
    }
