"""Fragility: articulation points, bridges, and how many nodes each cut point strands."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis._common import require_simple_undirected
from graph.analysis._docs import shared_parameters
from graph.analysis._igraph import Backend, IGraphView, use_igraph

__all__ = ["articulation_points", "bridges", "fragility"]


def articulation_points(
    G: nx.Graph, *, backend: Backend = "auto", view: IGraphView | None = None
) -> list[Hashable]:
    """Nodes whose removal disconnects their component, sorted as text.

    Examples
    --------
    >>> articulation_points(nx.path_graph(4))
    [1, 2]
    """
    return sorted(_blocks_and_cuts(G, backend, view)[1], key=str)


def bridges(
    G: nx.Graph, *, backend: Backend = "auto", view: IGraphView | None = None
) -> list[tuple[Hashable, Hashable]]:
    """Edges whose removal disconnects their component, each ``(u, v)`` and the list sorted.

    Examples
    --------
    >>> bridges(nx.lollipop_graph(3, 2))  # a triangle with a two-edge tail
    [(2, 3), (3, 4)]
    """
    require_simple_undirected(G)
    if use_igraph(G, backend):
        ivw = IGraphView.of(G, view)
        pairs = [ivw.graph.es[e].tuple for e in ivw.graph.bridges()]
        found = [(ivw.nodes[a], ivw.nodes[b]) for a, b in pairs]
    else:
        found = list(nx.bridges(G))
    ordered = [(u, v) if str(u) <= str(v) else (v, u) for u, v in found]
    return sorted(ordered, key=lambda e: (str(e[0]), str(e[1])))


@shared_parameters
def fragility(
    G: nx.Graph, *, backend: Backend = "auto", view: IGraphView | None = None
) -> dict[str, Any]:
    """Cut points and bridges, with the damage each cut point would do.

    For an articulation point ``v`` in a component of ``c`` nodes, removing ``v``
    splits the rest into ``pieces``; ``stranded`` is the number of nodes left outside
    the largest piece, i.e. cut off from the bulk of their network. It is computed for
    all cut points at once on the block-cut tree, in linear time.

    Parameters
    ----------
    {G}
    {backend}
    {view}

    Returns
    -------
    dict
        ``articulation_points``: ``{"node", "pieces", "stranded"}`` records, most
        stranded first (ties as text); ``bridges``: as :func:`bridges`;
        ``worst_stranded``: the most nodes a single removal strands (0 without cut
        points).

    Examples
    --------
    >>> G = nx.star_graph(3)  # hub 0 with three leaves
    >>> fragility(G)["articulation_points"]
    [{'node': 0, 'pieces': 3, 'stranded': 2}]
    """
    blocks, cuts = _blocks_and_cuts(G, backend, view)
    pieces = _pieces(G, blocks, cuts)
    records: list[dict[str, Any]] = [
        {"node": v, "pieces": len(sizes), "stranded": sum(sizes) - max(sizes)}
        for v, sizes in pieces.items()
    ]
    records.sort(key=lambda r: (-int(r["stranded"]), str(r["node"])))
    return {
        "articulation_points": records,
        "bridges": bridges(G, backend=backend, view=view),
        "worst_stranded": max((int(r["stranded"]) for r in records), default=0),
    }


def _blocks_and_cuts(
    G: nx.Graph, backend: Backend, view: IGraphView | None
) -> tuple[list[list[Hashable]], set[Hashable]]:
    """Biconnected blocks (node lists) and articulation points of ``G``."""
    require_simple_undirected(G)
    if use_igraph(G, backend):
        ivw = IGraphView.of(G, view)
        cover, cut_ids = ivw.graph.biconnected_components(return_articulation_points=True)
        nodes = ivw.nodes
        return [[nodes[i] for i in block] for block in cover], {nodes[i] for i in cut_ids}
    found: Iterable[Iterable[Hashable]] = nx.biconnected_components(G)  # type: ignore[assignment]
    blocks = [list(b) for b in found]
    return blocks, set(nx.articulation_points(G))


def _pieces(
    G: nx.Graph, blocks: list[list[Hashable]], cuts: set[Hashable]
) -> dict[Hashable, list[int]]:
    """For each cut point, the sizes of the pieces its removal leaves.

    Block-cut tree: one tree node per block, weighing its non-cut members, and one per
    cut point, weighing 1. Rooted anywhere, a cut point's pieces are its children's
    subtree weights plus, above it, the rest of its component.
    """
    if not cuts:
        return {}
    adjacency: dict[Hashable, list[Hashable]] = {v: [] for v in cuts}
    weight: dict[Hashable, int] = dict.fromkeys(cuts, 1)
    for i, block in enumerate(blocks):
        key: Hashable = _Block(i)
        adjacency[key] = [v for v in block if v in cuts]
        weight[key] = len(block) - len(adjacency[key])
        for v in adjacency[key]:
            adjacency[v].append(key)
    result: dict[Hashable, list[int]] = {}
    seen: set[Hashable] = set()
    for start in _block_keys_of(cuts, adjacency):
        if start in seen:
            continue
        order, parent = _preorder(start, adjacency, seen)
        subtree = {key: weight[key] for key in order}
        for key in reversed(order):
            if parent[key] is not None:
                subtree[parent[key]] += subtree[key]
        total = subtree[start]
        for key in order:
            if key in cuts:
                sizes = [subtree[c] for c in adjacency[key] if parent.get(c) == key]
                if parent[key] is not None:
                    sizes.append(total - subtree[key])
                result[key] = sizes
    return result


def _block_keys_of(
    cuts: Iterable[Hashable], adjacency: dict[Hashable, list[Hashable]]
) -> list[Hashable]:
    """Tree roots to try: the blocks next to any cut point (others have no cut points)."""
    return [adjacency[v][0] for v in cuts]


@dataclass(frozen=True)
class _Block:
    """A block's node in the block-cut tree (never equal to a graph node)."""

    index: int


def _preorder(
    start: Hashable, adjacency: dict[Hashable, list[Hashable]], seen: set[Hashable]
) -> tuple[list[Hashable], dict[Hashable, Hashable | None]]:
    order: list[Hashable] = []
    parent: dict[Hashable, Hashable | None] = {start: None}
    stack = [start]
    seen.add(start)
    while stack:
        key = stack.pop()
        order.append(key)
        for nxt in adjacency[key]:
            if nxt not in seen:
                seen.add(nxt)
                parent[nxt] = key
                stack.append(nxt)
    return order, parent
