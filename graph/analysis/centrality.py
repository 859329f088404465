"""Centralities: degree, betweenness (exact or sampled) and PageRank, via networkx or igraph."""

from __future__ import annotations

import random
from collections.abc import Hashable

import networkx as nx

from graph.analysis._common import require_simple_undirected
from graph.analysis._docs import shared_parameters
from graph.analysis._igraph import Backend, IGraphView, use_igraph

__all__ = [
    "BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_MAX_NODES",
    "betweenness",
    "degree",
    "pagerank",
]

#: Betweenness is exact up to this many nodes; above it, it is estimated from
#: ``BETWEENNESS_SAMPLES`` source nodes (Brandes and Pich, 2007), unless ``k`` is given.
EXACT_BETWEENNESS_MAX_NODES = 2_000
BETWEENNESS_SAMPLES = 256


@shared_parameters
def degree(G: nx.Graph, *, weight: str | None = None) -> dict[Hashable, float]:
    """Degree centrality: each node's degree (or total edge ``weight``) over ``n - 1``.

    Parameters
    ----------
    {G}
    weight : str, optional
        Edge attribute summed instead of counting edges (missing values count 1).

    Returns
    -------
    dict
        Node to centrality; every node of a one-node graph gets 1, as in networkx.

    Examples
    --------
    >>> {v: round(c, 3) for v, c in degree(nx.star_graph(3)).items()}
    {0: 1.0, 1: 0.333, 2: 0.333, 3: 0.333}
    """
    require_simple_undirected(G)
    n = len(G)
    if n <= 1:
        return dict.fromkeys(G, 1.0)
    scale = 1.0 / (n - 1)
    return {v: float(d) * scale for v, d in G.degree(weight=weight)}


@shared_parameters
def betweenness(
    G: nx.Graph,
    *,
    k: int | None = None,
    normalized: bool = True,
    weight: str | None = None,
    seed: int | None = None,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> dict[Hashable, float]:
    """Shortest-path betweenness centrality, exact on small graphs and sampled above.

    With ``k=None`` the result is exact when ``G`` has at most
    ``EXACT_BETWEENNESS_MAX_NODES`` nodes; otherwise ``k = BETWEENNESS_SAMPLES`` source
    nodes are drawn with ``random.Random(seed).sample(list(G), k)`` and the paths from
    them are extrapolated to all pairs exactly as ``networkx.betweenness_centrality``
    does with the same ``k`` and ``seed``. Both backends draw the same sources, so they
    agree to rounding.

    Parameters
    ----------
    {G}
    k : int, optional
        Number of source nodes to sample (at least 2); ``k >= len(G)`` means exact.
    normalized : bool
        Divide by the number of pairs of other nodes, ``(n - 1)(n - 2) / 2``.
    weight : str, optional
        Edge attribute used as a path *length* (not a strength); ``None`` counts hops.
    seed : int, optional
        Seed for the choice of sources.
    {backend}
    {view}

    Returns
    -------
    dict
        Node to betweenness.

    Examples
    --------
    >>> betweenness(nx.path_graph(3), normalized=False)
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    require_simple_undirected(G)
    n = len(G)
    if k is None and n > EXACT_BETWEENNESS_MAX_NODES:
        k = BETWEENNESS_SAMPLES
    if k is not None and k < 2:
        raise ValueError("k must be at least 2")
    if k is not None and k >= n:
        k = None
    if not use_igraph(G, backend):
        # networkx draws its sources with random.Random(seed).sample, as below.
        result = nx.betweenness_centrality(G, k=k, normalized=normalized, weight=weight, seed=seed)
        return {v: float(b) for v, b in result.items()}
    ivw = IGraphView.of(G, view)
    if k is None:
        sources = None
        raw = ivw.graph.betweenness(directed=False, weights=ivw.weights(weight))
    else:
        sources = random.Random(seed).sample(list(G), k)
        raw = ivw.graph.betweenness(
            directed=False,
            weights=ivw.weights(weight),
            sources=[ivw.index[s] for s in sources],
            targets=None,
        )
    # igraph halves undirected counts; the doubled sum is over ordered (s, t) pairs.
    return _rescale({v: 2.0 * b for v, b in ivw.by_node(raw).items()}, sources, normalized)


def _rescale(
    raw: dict[Hashable, float], sources: list[Hashable] | None, normalized: bool
) -> dict[Hashable, float]:
    """Scale ordered-pair sums as networkx does (endpoints excluded, undirected graph)."""
    pairs_each = len(raw) - 2  # other nodes a path through v can end at, besides v
    if pairs_each < 1:
        return raw
    if sources is None:
        scale = 1.0 / ((pairs_each + 1) * pairs_each) if normalized else 0.5
        return {v: b * scale for v, b in raw.items()}
    # A sampled source cannot be counted through itself: it saw k - 1 sources, not k.
    k = len(sources)
    others = pairs_each + 1
    if normalized:
        on_source, off_source = 1.0 / ((k - 1) * pairs_each), 1.0 / (k * pairs_each)
    else:
        on_source, off_source = others / ((k - 1) * 2.0), others / (k * 2.0)
    chosen = set(sources)
    return {v: b * (on_source if v in chosen else off_source) for v, b in raw.items()}


@shared_parameters
def pagerank(
    G: nx.Graph,
    *,
    alpha: float = 0.85,
    weight: str | None = None,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> dict[Hashable, float]:
    """PageRank of each node, with uniform teleportation; values sum to 1.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph; each edge is followed both ways.
    alpha : float
        Damping factor: the probability of following an edge rather than jumping.
    weight : str, optional
        Edge attribute making stronger ties likelier to be followed.
    backend : {"auto", "networkx", "igraph"}
        See :func:`graph.analysis._igraph.use_igraph`. networkx iterates to a
        tolerance of ``1e-6`` per node; igraph (PRPACK) solves the system directly.
    {view}

    Returns
    -------
    dict
        Node to PageRank.

    Examples
    --------
    >>> pr = pagerank(nx.star_graph(3))
    >>> round(pr[0], 3), round(pr[1], 3)
    (0.48, 0.173)
    """
    require_simple_undirected(G)
    if len(G) == 0:
        return {}
    if not use_igraph(G, backend):
        return {v: float(p) for v, p in nx.pagerank(G, alpha=alpha, weight=weight).items()}
    ivw = IGraphView.of(G, view)
    values = ivw.graph.pagerank(directed=False, damping=alpha, weights=ivw.weights(weight))
    return ivw.by_node(values)
