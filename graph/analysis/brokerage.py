"""Brokerage between groups: Gould-Fernandez roles and Burt's constraint."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis._common import finite, node_groups, require_simple_undirected
from graph.analysis._igraph import Backend, IGraphView, use_igraph

__all__ = ["ROLES", "brokerage", "constraint", "top_brokers"]

#: Gould-Fernandez roles, in their usual order.
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: Roles that link two different groups (all but the coordinator).
CROSS_ROLES = ROLES[1:]


def brokerage(
    G: nx.Graph,
    *,
    attr: str = "sector",
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> dict[Hashable, dict[str, int]]:
    """Gould-Fernandez brokerage roles of each node, with groups taken from ``attr``.

    A broker ``b`` sits on a path ``a -> b -> c`` where ``a`` and ``c`` are not tied.
    By the groups of ``a``, ``b``, ``c`` the role is: *coordinator* (all in one group),
    *itinerant* or consultant (``a``, ``c`` in one group, ``b`` in another),
    *representative* (``a`` with ``b``, ``c`` elsewhere), *gatekeeper* (``b`` with
    ``c``, ``a`` elsewhere), *liaison* (three groups). Partnerships have no direction,
    so each is read as two reciprocal arcs: every open two-path ``a - b - c`` is
    counted in both directions. Coordinator, itinerant and liaison counts are therefore
    twice the number of such two-paths, and representative equals gatekeeper (one
    direction each). The counts equal Gould and Fernandez's on the symmetric digraph.

    Counted without listing pairs: the pairs of ``b``'s neighbours by group follow from
    the group sizes, and the closed pairs (triangles) are then subtracted.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph.
    attr : str
        Node attribute naming the group (sector by default, from ``kind`` if missing).
    backend : {"auto", "networkx", "igraph"}
        With igraph, triangles come from igraph and the counting is vectorised.
    view : IGraphView, optional
        An igraph conversion of ``G`` to reuse.

    Returns
    -------
    dict
        Node to ``{role: count}`` for every role in ``ROLES``.

    Examples
    --------
    >>> G = nx.Graph([("p", "c"), ("c", "b")])  # c brokers between p and b
    >>> nx.set_node_attributes(G, {"p": "public", "c": "civil", "b": "business"}, "sector")
    >>> brokerage(G)["c"]
    {'coordinator': 0, 'itinerant': 0, 'representative': 0, 'gatekeeper': 0, 'liaison': 2}
    """
    require_simple_undirected(G)
    group = node_groups(G, attr)
    if use_igraph(G, backend):
        return _brokerage_arrays(IGraphView.of(G, view), group)
    pairs = {v: _neighbour_pairs(group[v], Counter(group[u] for u in G[v])) for v in G}
    for triangle in _triangles(G):
        for i in range(3):
            middle, a, c = triangle[i], triangle[(i + 1) % 3], triangle[(i + 2) % 3]
            pairs[middle][_role(group[a], group[middle], group[c])] -= 1
    return {
        v: _as_roles(p["coordinator"], p["itinerant"], p["mixed"], p["liaison"])
        for v, p in pairs.items()
    }


def top_brokers(roles: dict[Hashable, dict[str, int]], *, limit: int = 20) -> list[dict[str, Any]]:
    """The nodes with the most cross-group brokerage (all roles but coordinator).

    Examples
    --------
    >>> top_brokers({"x": {"coordinator": 4, "liaison": 2}, "y": {"itinerant": 6}})
    [{'node': 'y', 'cross': 6, 'liaison': 0}, {'node': 'x', 'cross': 2, 'liaison': 2}]
    """
    ranked: list[dict[str, Any]] = [
        {
            "node": v,
            "cross": sum(r.get(role, 0) for role in CROSS_ROLES),
            "liaison": r.get("liaison", 0),
        }
        for v, r in roles.items()
    ]
    ranked = [r for r in ranked if r["cross"] > 0]
    ranked.sort(key=lambda r: (-r["cross"], -r["liaison"], str(r["node"])))
    return ranked[:limit]


def constraint(
    G: nx.Graph,
    *,
    weight: str | None = None,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> dict[Hashable, float | None]:
    """Burt's constraint: near 1 for a node whose contacts all know each other.

    Low constraint marks a broker across structural holes. ``None`` for isolated
    nodes, where it is undefined.

    Examples
    --------
    >>> c = constraint(nx.star_graph(3))
    >>> round(c[0], 3), c[1]
    (0.333, 1.0)
    """
    require_simple_undirected(G)
    if len(G) == 0:
        return {}
    if use_igraph(G, backend):
        ivw = IGraphView.of(G, view)
        values = ivw.graph.constraint(weights=ivw.weights(weight))
        return {v: finite(c) for v, c in zip(ivw.nodes, values, strict=True)}
    return {v: finite(c) for v, c in nx.constraint(G, weight=weight).items()}


def _neighbour_pairs(own: str, counts: Counter[str]) -> dict[str, int]:
    """Unordered pairs of neighbours by role, before removing the tied pairs."""
    same = counts.get(own, 0)
    others = [n for g, n in counts.items() if g != own]
    outside = sum(others)
    return {
        "coordinator": same * (same - 1) // 2,
        "itinerant": sum(n * (n - 1) // 2 for n in others),
        "mixed": same * outside,
        "liaison": (outside * outside - sum(n * n for n in others)) // 2,
    }


def _role(a: str, b: str, c: str) -> str:
    if a == c:
        return "coordinator" if a == b else "itinerant"
    return "mixed" if b in (a, c) else "liaison"


def _triangles(G: nx.Graph) -> Iterator[tuple[Hashable, Hashable, Hashable]]:
    """Every triangle of ``G`` once."""
    rank = {v: i for i, v in enumerate(G)}
    for u, nbrs in G.adjacency():
        later = {v for v in nbrs if rank[v] > rank[u]}
        for v in later:
            for w in later & G[v].keys():
                if rank[w] > rank[v]:
                    yield u, v, w


def _as_roles(coordinator: int, itinerant: int, mixed: int, liaison: int) -> dict[str, int]:
    """Roles on reciprocal arcs from unordered open pairs: see :func:`brokerage`."""
    return {
        "coordinator": 2 * coordinator,
        "itinerant": 2 * itinerant,
        "representative": mixed,
        "gatekeeper": mixed,
        "liaison": 2 * liaison,
    }


def _brokerage_arrays(
    view: IGraphView, group: dict[Hashable, str]
) -> dict[Hashable, dict[str, int]]:
    """:func:`brokerage` vectorised: neighbour counts per group, then igraph's triangles."""
    position = {name: i for i, name in enumerate(sorted(set(group.values())))}
    code = np.array([position[group[v]] for v in view.nodes], dtype=np.int64)
    n, k = len(code), len(position)
    src, dst = view.ends()
    per_group = (
        np.bincount(src * k + code[dst], minlength=n * k)
        + np.bincount(dst * k + code[src], minlength=n * k)
    ).reshape(n, k)
    own = per_group[np.arange(n), code]
    outside = per_group.sum(axis=1) - own
    squares, pairs = (per_group**2).sum(axis=1), (per_group * (per_group - 1) // 2).sum(axis=1)
    roles = {
        "coordinator": own * (own - 1) // 2,
        "itinerant": pairs - own * (own - 1) // 2,
        "mixed": own * outside,
        "liaison": (outside * outside - (squares - own * own)) // 2,
    }
    triangles = np.array(view.graph.list_triangles(), dtype=np.int64).reshape(-1, 3)
    for middle, a, c in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        gm, ga, gc = (code[triangles[:, i]] for i in (middle, a, c))
        same_ends = ga == gc
        closed = {
            "coordinator": same_ends & (ga == gm),
            "itinerant": same_ends & (ga != gm),
            "mixed": ~same_ends & ((gm == ga) | (gm == gc)),
            "liaison": ~same_ends & (gm != ga) & (gm != gc),
        }
        for role, mask in closed.items():
            roles[role] = roles[role] - np.bincount(triangles[mask, middle], minlength=n)
    columns = [roles[r].tolist() for r in ("coordinator", "itinerant", "mixed", "liaison")]
    return {v: _as_roles(*counts) for v, *counts in zip(view.nodes, *columns, strict=True)}
