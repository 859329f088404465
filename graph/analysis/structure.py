"""Whole-graph structure: size, density, connected components, clustering, transitivity."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analysis._common import require_simple_undirected
from graph.analysis._docs import shared_parameters
from graph.analysis._igraph import Backend, IGraphView, use_igraph

__all__ = ["component_sizes", "structure"]


def component_sizes(
    G: nx.Graph, *, backend: Backend = "auto", view: IGraphView | None = None
) -> list[int]:
    """Sizes of the connected components, largest first (isolated nodes count as 1).

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (4, 5)])
    >>> G.add_node(6)
    >>> component_sizes(G)
    [3, 2, 1]
    """
    require_simple_undirected(G)
    if use_igraph(G, backend):
        sizes = IGraphView.of(G, view).graph.connected_components().sizes()
    else:
        sizes = [len(c) for c in nx.connected_components(G)]
    return sorted(sizes, reverse=True)


@shared_parameters
def structure(
    G: nx.Graph, *, backend: Backend = "auto", view: IGraphView | None = None
) -> dict[str, Any]:
    """Size, density, components and clustering of an undirected graph.

    Parameters
    ----------
    {G}
    {backend}
    {view}

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``density`` (edges over possible pairs), ``average_degree``,
        ``components`` (count), ``largest_component`` (nodes) and its ``largest_share``,
        ``isolates``, ``average_clustering`` (mean local clustering, nodes of degree
        below 2 counting 0, as networkx does) and ``transitivity`` (three times the
        triangles over the connected triples).

    Examples
    --------
    >>> s = structure(nx.complete_graph(4))
    >>> s["density"], s["components"], s["average_clustering"], s["transitivity"]
    (1.0, 1, 1.0, 1.0)
    >>> structure(nx.path_graph(3))["transitivity"]
    0.0
    """
    require_simple_undirected(G)
    n, m = G.number_of_nodes(), G.number_of_edges()
    sizes = component_sizes(G, backend=backend, view=view)
    if use_igraph(G, backend):
        g = IGraphView.of(G, view).graph
        clustering = g.transitivity_avglocal_undirected(mode="zero") if n else 0.0
        transitivity = g.transitivity_undirected(mode="zero")
    else:
        clustering = nx.average_clustering(G) if n else 0.0
        transitivity = nx.transitivity(G)
    return {
        "nodes": n,
        "edges": m,
        "density": float(nx.density(G)),
        "average_degree": 2.0 * m / n if n else 0.0,
        "components": len(sizes),
        "largest_component": sizes[0] if sizes else 0,
        "largest_share": sizes[0] / n if n else 0.0,
        "isolates": sum(1 for _, d in G.degree() if d == 0),
        "average_clustering": float(clustering),
        "transitivity": float(transitivity),
    }
