"""Mixing between sectors (or kinds): the mixing matrix and nominal assortativity."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis._common import finite, node_groups, require_simple_undirected
from graph.analysis._igraph import IGraphView
from graph.model import KINDS, SECTORS

__all__ = ["assortativity", "mixing_matrix"]


def mixing_matrix(
    G: nx.Graph, *, attr: str = "sector", view: IGraphView | None = None
) -> dict[str, Any]:
    """How many edges join each pair of groups (sectors by default).

    Nodes are grouped by ``attr``; for ``"sector"`` a missing value is taken from the
    node's ``kind`` (graph.model.SECTOR_OF_KIND). Groups are listed in the model's
    order for ``"sector"`` and ``"kind"``, then any other values as text.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph.
    attr : str
        Node attribute that names the group.
    view : IGraphView, optional
        An igraph conversion of ``G``: its edge arrays make the count vectorised.

    Returns
    -------
    dict
        ``groups``: the group names; ``counts``: symmetric ``{g: {h: edges}}`` (an edge
        inside ``g`` counts once in ``counts[g][g]``); ``nodes``: nodes per group;
        ``cross_share``: the share of edges joining two different groups;
        ``expected_cross_share``: that share if edge ends paired at random with the same
        group volumes (``1 - sum(a_g ** 2)``, ``a_g`` the share of edge ends in ``g``).

    Examples
    --------
    >>> G = nx.Graph([("p", "c"), ("c", "b"), ("p", "q")])
    >>> nx.set_node_attributes(G, {"p": "public", "q": "public", "c": "civil",
    ...                            "b": "business"}, "sector")
    >>> m = mixing_matrix(G)
    >>> m["counts"]["public"]
    {'public': 1, 'business': 0, 'civil': 1}
    >>> round(m["cross_share"], 3)
    0.667
    """
    require_simple_undirected(G)
    group = node_groups(G, attr)
    groups = _ordered_groups(set(group.values()), attr)
    if view is not None and view.source is G:
        counts = _counts_of_arrays(view, group, groups)
    else:
        counts = {g: dict.fromkeys(groups, 0) for g in groups}
        for u, v in G.edges():
            gu, gv = group[u], group[v]
            counts[gu][gv] += 1
            if gu != gv:
                counts[gv][gu] += 1
    cross = sum(counts[g][h] for g in groups for h in groups if g < h)
    m = G.number_of_edges()
    ends = _end_shares(counts, groups, m)
    return {
        "groups": groups,
        "counts": counts,
        "nodes": {g: n for g, n in sorted(Counter(group.values()).items())},
        "cross_share": cross / m if m else 0.0,
        "expected_cross_share": 1.0 - sum(a * a for a in ends.values()) if m else 0.0,
    }


def assortativity(
    G: nx.Graph, *, attr: str = "sector", view: IGraphView | None = None
) -> float | None:
    """Newman's nominal assortativity of ``attr``: 1 all ties within groups, below 0 across.

    Computed from the mixing matrix ``e`` (edge ends, normalised) as
    ``(sum(e_gg) - sum(a_g ** 2)) / (1 - sum(a_g ** 2))``, the same value as
    ``networkx.attribute_assortativity_coefficient``; ``None`` when undefined (no
    edges, or every edge end in one group).

    Examples
    --------
    >>> G = nx.path_graph(4)  # 0-1-2-3, groups a a b b: one tie across out of three
    >>> nx.set_node_attributes(G, {0: "a", 1: "a", 2: "b", 3: "b"}, "group")
    >>> round(assortativity(G, attr="group"), 3)
    0.333
    """
    require_simple_undirected(G)
    m = G.number_of_edges()
    if m == 0:
        return None
    matrix = mixing_matrix(G, attr=attr, view=view)
    counts, groups = matrix["counts"], matrix["groups"]
    within = sum(counts[g][g] for g in groups) / m
    chance = sum(a * a for a in _end_shares(counts, groups, m).values())
    if chance >= 1.0:
        return None
    return finite((within - chance) / (1.0 - chance))


def _counts_of_arrays(
    view: IGraphView, group: dict[Any, str], groups: list[str]
) -> dict[str, dict[str, int]]:
    """The symmetric edge counts from the view's edge arrays."""
    k = len(groups)
    position = {g: i for i, g in enumerate(groups)}
    code = np.array([position[group[v]] for v in view.nodes], dtype=np.int64)
    src, dst = view.ends()
    directed = np.bincount(code[src] * k + code[dst], minlength=k * k).reshape(k, k)
    both = directed + directed.T
    both[np.diag_indices(k)] //= 2  # an edge inside a group was counted twice
    return {g: {h: int(both[i, j]) for j, h in enumerate(groups)} for i, g in enumerate(groups)}


def _end_shares(counts: dict[str, dict[str, int]], groups: list[str], m: int) -> dict[str, float]:
    """Share of all edge ends that sit in each group."""
    if m == 0:
        return dict.fromkeys(groups, 0.0)
    return {
        g: (2 * counts[g][g] + sum(counts[g][h] for h in groups if h != g)) / (2 * m)
        for g in groups
    }


def _ordered_groups(found: set[str], attr: str) -> list[str]:
    known: tuple[str, ...] = SECTORS if attr == "sector" else KINDS if attr == "kind" else ()
    return [g for g in known if g in found] + sorted(found - set(known))
