"""Node positions for the network view: a force-directed layout computed once, server-side."""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx

from graph.analysis._common import require_simple_undirected
from graph.analysis._igraph import Backend, IGraphView, seeded, use_igraph

__all__ = ["SPAN", "layout"]

#: The largest component's positions span ``[0, SPAN]`` on their longer side.
SPAN = 1000.0


def layout(
    G: nx.Graph,
    *,
    seed: int = 0,
    iterations: int = 500,
    backend: Backend = "auto",
) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold positions of ``G``'s nodes for drawing.

    The browser draws these as they are (sigma.js), so a 5,000-node network appears at
    once instead of settling for seconds on the user's machine. The largest connected
    component fills ``[0, SPAN]`` (on its longer side); every other component, laid out
    on its own, and every isolated organisation are packed in rows after it (larger y), so
    that they do not drift away and squash the main picture. igraph lays out a component
    from ``AUTO_MIN_EDGES`` edges on (with its grid approximation above 1,000 nodes,
    about 0.4 s for 5,000 nodes here); networkx's ``spring_layout`` below that or
    without igraph. The same ``seed`` gives the same picture.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph.
    seed : int
        Seed of the initial positions.
    iterations : int
        Iterations of the force simulation (a bounded cost).
    backend : {"auto", "networkx", "igraph"}
        Where to compute.

    Returns
    -------
    dict
        ``node -> (x, y)``, rounded to 0.1; ``{}`` for an empty graph.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3), seed=1)
    >>> sorted(pos) == [0, 1, 2] and all(0 <= c <= SPAN for xy in pos.values() for c in xy)
    True
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a")]); G.add_node("alone")
    >>> pos = layout(G, seed=1)
    >>> pos["alone"][1] > max(pos[v][1] for v in "abc")  # below the main component
    True
    """
    require_simple_undirected(G)
    components = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c))))
    if not components:
        return {}
    main = G.subgraph(components[0])
    positions = _fit(_force(main, seed, iterations, backend), 0.0, 0.0, SPAN)
    unit = SPAN / 40  # the side of one isolated organisation's cell
    x, y, row = 0.0, SPAN + 2 * unit, 0.0
    for component in components[1:]:
        side = unit * max(1.0, 1.5 * math.sqrt(len(component)))
        if x > 0 and x + side > SPAN:
            x, y, row = 0.0, y + row + unit, 0.0
        raw = _force(G.subgraph(component), seed, iterations, backend)
        positions.update(_fit(raw, x, y, side))
        x, row = x + side + unit, max(row, side)
    return positions


def _force(
    G: nx.Graph, seed: int, iterations: int, backend: Backend
) -> dict[Hashable, tuple[float, float]]:
    """Unscaled force-directed positions of one connected graph."""
    if G.number_of_nodes() <= 2:
        return {v: (float(i), 0.0) for i, v in enumerate(G)}
    if use_igraph(G, backend):
        view = IGraphView(G)
        with seeded(seed):
            coords = view.graph.layout_fruchterman_reingold(niter=iterations, grid="auto")
        return dict(zip(view.nodes, (tuple(xy) for xy in coords), strict=True))
    spring = nx.spring_layout(G, seed=seed, iterations=min(iterations, 100))
    return {v: (float(x), float(y)) for v, (x, y) in spring.items()}


def _fit(
    raw: dict[Hashable, tuple[float, float]], left: float, top: float, side: float
) -> dict[Hashable, tuple[float, float]]:
    """Shift and scale positions into the square ``[left, left + side]`` x
    ``[top, top + side]``, keeping their aspect ratio and centring a lone node."""
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    x0, y0 = min(xs), min(ys)
    extent = max(max(xs) - x0, max(ys) - y0)
    if extent == 0:
        return {v: (round(left + side / 2, 1), round(top + side / 2, 1)) for v in raw}
    factor = side / extent
    return {
        v: (round(left + (x - x0) * factor, 1), round(top + (y - y0) * factor, 1))
        for v, (x, y) in raw.items()
    }
