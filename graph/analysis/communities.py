"""Communities: Louvain partitions and their modularity, via networkx or igraph."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from graph.analysis._common import finite, require_simple_undirected
from graph.analysis._docs import shared_parameters
from graph.analysis._igraph import Backend, IGraphView, seeded, use_igraph

__all__ = ["louvain", "modularity"]


@shared_parameters
def louvain(
    G: nx.Graph,
    *,
    weight: str | None = None,
    resolution: float = 1.0,
    seed: int | None = None,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> dict[str, Any]:
    """Louvain communities (Blondel et al., 2008) and the modularity of the partition.

    Both backends run the multilevel greedy algorithm; the order in which nodes are
    visited is random, so partitions from the two backends may differ slightly while
    reaching comparable modularity. A given ``seed`` repeats a given backend's result.

    Parameters
    ----------
    {G}
    weight : str, optional
        Edge attribute used as tie weight; ``None`` weighs every edge 1.
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    seed : int, optional
        Seed for the node order.
    {backend}
    {view}

    Returns
    -------
    dict
        ``communities``: lists of nodes, largest community first (ties broken by the
        smallest node as text), each sorted as text; ``membership``: node to the index
        of its community in that list; ``modularity``: a float, ``None`` without edges.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)  # two 4-cliques joined by one edge
    >>> result = louvain(G, seed=1)
    >>> result["communities"]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    >>> round(result["modularity"], 3)
    0.423
    """
    require_simple_undirected(G)
    if not use_igraph(G, backend):
        found: Iterable[Iterable[Hashable]] = nx.community.louvain_communities(
            G, weight=weight, resolution=resolution, seed=seed
        )
        return _partition(G, found, weight=weight, resolution=resolution)
    ivw = IGraphView.of(G, view)
    weights = ivw.weights(weight)
    with seeded(seed):
        clustering = ivw.graph.community_multilevel(weights=weights, resolution=resolution)
    groups: dict[int, list[Hashable]] = {}
    for node, label in zip(ivw.nodes, clustering.membership, strict=True):
        groups.setdefault(label, []).append(node)
    value = ivw.graph.modularity(clustering.membership, weights=weights, resolution=resolution)
    return _ordered(groups.values(), value if G.number_of_edges() else None)


def modularity(
    G: nx.Graph,
    communities: Iterable[Iterable[Hashable]],
    *,
    weight: str | None = None,
    resolution: float = 1.0,
) -> float | None:
    """Newman-Girvan modularity of a partition of ``G``; ``None`` when ``G`` has no edges.

    Examples
    --------
    >>> round(modularity(nx.barbell_graph(4, 0), [range(4), range(4, 8)]), 3)
    0.423
    """
    require_simple_undirected(G)
    if G.number_of_edges() == 0:
        return None
    parts = [set(c) for c in communities]
    value = nx.community.modularity(G, parts, weight=weight, resolution=resolution)
    return finite(value)


def _partition(
    G: nx.Graph, found: Iterable[Iterable[Hashable]], *, weight: str | None, resolution: float
) -> dict[str, Any]:
    groups = [list(c) for c in found]
    return _ordered(groups, modularity(G, groups, weight=weight, resolution=resolution))


def _ordered(groups: Iterable[list[Hashable]], value: float | None) -> dict[str, Any]:
    communities = [sorted(c, key=str) for c in groups]
    communities.sort(key=lambda c: (-len(c), str(c[0])))
    membership = {v: i for i, c in enumerate(communities) for v in c}
    return {
        "communities": communities,
        "membership": membership,
        "modularity": None if value is None else finite(value),
    }
