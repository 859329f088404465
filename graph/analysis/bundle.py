"""The dashboard's whole set of measures for one graph, as plain JSON-able data."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from graph.analysis._common import group_seed, members_by, require_simple_undirected
from graph.analysis._igraph import Backend, IGraphView, available, use_igraph
from graph.analysis.brokerage import brokerage, constraint, top_brokers
from graph.analysis.centrality import betweenness, pagerank
from graph.analysis.communities import louvain
from graph.analysis.fragility import fragility
from graph.analysis.growth import growth
from graph.analysis.mixing import assortativity, mixing_matrix
from graph.analysis.structure import structure
from graph.analysis.subsidiarity import subsidiarity_index

__all__ = [
    "BIG_GRAPH_EDGES",
    "DISTRICT_METRICS",
    "analysis_bundle",
    "district_table",
    "jsonable",
]

#: From this many edges the bundle draws 10 baseline graphs instead of 20.
BIG_GRAPH_EDGES = 100_000
_DISTRICT_STRUCTURE = (
    "nodes",
    "edges",
    "density",
    "components",
    "largest_share",
    "isolates",
    "average_clustering",
)
_DISTRICT_INDEX = ("index", "triangle_share", "open_share", "baseline_mean", "z", "ratio")
#: The figures of a district's row that tables, exports and the API show (besides its
#: code, ``sectors`` and the index's path counts).
DISTRICT_METRICS = (
    *_DISTRICT_STRUCTURE,
    "cross_share",
    "expected_cross_share",
    *_DISTRICT_INDEX,
    "articulation_points",
    "bridges",
    "worst_stranded",
)

Progress = Callable[[str, float], None]


def analysis_bundle(
    G: nx.Graph,
    *,
    seed: int = 0,
    weight: str | None = "strength",
    samples: int | None = None,
    top: int = 20,
    nodes: bool = True,
    backend: Backend = "auto",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Every measure of the staff dashboard for ``G``, ready for ``json.dumps``.

    One igraph conversion serves all measures when the backend is igraph. Tie
    ``weight`` (partnership strength) weighs PageRank, Louvain and constraint;
    betweenness counts hops (a strength is not a distance).

    Parameters
    ----------
    G : networkx.Graph
        A projection (graph.projection) or any undirected graph whose nodes carry
        ``sector`` or ``kind`` and, for the district table, ``district``.
    seed : int
        Seed for sampled betweenness, Louvain and the subsidiarity baselines.
    weight : str, optional
        Edge attribute holding tie strength.
    samples : int, optional
        Baseline graphs for the subsidiarity index; by default 20, or 10 from
        ``BIG_GRAPH_EDGES`` edges on.
    top : int
        Length of the rankings.
    nodes : bool
        Include per-node metrics (the network view sizes and colours nodes by them).
    backend : {"auto", "networkx", "igraph"}
        Passed to every measure.
    progress : callable, optional
        Called as ``progress(step, fraction_done)`` before each step and at the end.

    Returns
    -------
    dict
        ``graph`` (the projection's scope), ``structure``, ``mixing``, ``communities``,
        ``subsidiarity`` (``overall``), ``districts`` (one row per district),
        ``fragility``, ``brokers``, ``top``, ``growth``, ``nodes`` (unless
        ``nodes=False``) and ``timings`` (seconds per step).

    Examples
    --------
    >>> G = nx.Graph([("p", "c", {"since": 2020}), ("c", "b", {"since": 2021})])
    >>> nx.set_node_attributes(G, {"p": "District", "c": "ThirdSector", "b": "SME"}, "kind")
    >>> bundle = analysis_bundle(G, samples=0)
    >>> bundle["structure"]["edges"], bundle["subsidiarity"]["overall"]["index"]
    (2, 1.0)
    >>> bundle["brokers"][0]["node"], bundle["nodes"]["c"]["betweenness"]
    ('c', 1.0)
    """
    require_simple_undirected(G)
    m = G.number_of_edges()
    if samples is None:
        samples = 10 if m >= BIG_GRAPH_EDGES else 20
    timings: dict[str, float] = {}
    steps = iter(range(10))

    @contextmanager
    def step(name: str) -> Iterator[None]:
        if progress is not None:
            progress(name, next(steps) / 10)
        started = time.perf_counter()
        yield
        timings[name] = time.perf_counter() - started

    with step("convert"):
        view = IGraphView(G) if use_igraph(G, backend) else None
    common: dict[str, Any] = {"backend": backend, "view": view}
    with step("structure"):
        shape = structure(G, **common)
        mixing = {
            "sector": mixing_matrix(G, attr="sector", view=view),
            "kind": mixing_matrix(G, attr="kind", view=view),
            "assortativity": {
                "sector": assortativity(G, attr="sector", view=view),
                "kind": assortativity(G, attr="kind", view=view),
            },
        }
    with step("centrality"):
        between = betweenness(G, seed=seed, **common)
        rank = pagerank(G, weight=weight, **common)
    with step("communities"):
        parts = louvain(G, weight=weight, seed=seed, **common)
    with step("brokerage"):
        roles = brokerage(G, **common)
        burt = constraint(G, weight=weight, **common)
    with step("fragility"):
        fragile = fragility(G, **common)
    with step("subsidiarity"):
        overall = subsidiarity_index(G, samples=samples, seed=seed, **common)
    with step("districts"):
        districts = district_table(G, samples=samples, seed=seed, backend=backend)
    with step("growth"):
        years = growth(G)
    if progress is not None:
        progress("done", 1.0)
    degrees = dict(G.degree())
    bundle: dict[str, Any] = {
        "graph": dict(G.graph),
        "structure": shape,
        "mixing": mixing,
        "communities": {
            "count": len(parts["communities"]),
            "modularity": parts["modularity"],
            "sizes": [len(c) for c in parts["communities"]],
        },
        "subsidiarity": {"overall": overall},
        "districts": districts,
        "fragility": {**fragile, "articulation_points": fragile["articulation_points"][:top]},
        "brokers": top_brokers(roles, limit=top),
        "top": {
            "degree": _ranking(degrees, top),
            "betweenness": _ranking(between, top),
            "pagerank": _ranking(rank, top),
        },
        "growth": years,
        "timings": timings,
    }
    bundle["fragility"]["articulation_point_count"] = len(fragile["articulation_points"])
    if nodes:
        bundle["nodes"] = {
            v: {
                "degree": degrees[v],
                "betweenness": between[v],
                "pagerank": rank[v],
                "community": parts["membership"][v],
                "constraint": burt[v],
                **roles[v],
            }
            for v in G
        }
    return jsonable(bundle)


def district_table(
    G: nx.Graph,
    *,
    group: str = "district",
    samples: int = 20,
    seed: int = 0,
    backend: Backend = "auto",
) -> list[dict[str, Any]]:
    """One row per district (node attribute ``group``): size, mixing, index, fragility.

    Each row describes the district's own network: its organisations and the
    partnerships among them; its baseline is seeded as in
    :func:`graph.analysis.subsidiarity.subsidiarity_by_group`.

    Examples
    --------
    >>> G = nx.Graph([("p", "c"), ("c", "b"), ("b", "p")])
    >>> nx.set_node_attributes(G, "D1", "district")
    >>> nx.set_node_attributes(G, {"p": "PublicBody", "c": "ThirdSector", "b": "SME"}, "kind")
    >>> row = district_table(G, samples=0)[0]
    >>> row["district"], row["edges"], row["cross_share"], row["index"]
    ('D1', 3, 1.0, 1.0)
    """
    if backend == "auto" and available():
        # The baseline converts each district to igraph anyway: every measure reuses it.
        backend = "igraph"
    rows = []
    for code, nodes in members_by(G, group).items():
        H = _induced(G, nodes)
        view = IGraphView(H) if use_igraph(H, backend) else None
        shape = structure(H, backend=backend, view=view)
        mix = mixing_matrix(H, view=view)
        index = subsidiarity_index(
            H, samples=samples, seed=group_seed(seed, code), backend=backend, view=view
        )
        fragile = fragility(H, backend=backend, view=view)
        rows.append(
            {
                "district": code,
                **{k: shape[k] for k in _DISTRICT_STRUCTURE},
                "sectors": mix["nodes"],
                "cross_share": mix["cross_share"],
                "expected_cross_share": mix["expected_cross_share"],
                **{k: index[k] for k in (*_DISTRICT_INDEX, "two_paths", "spanning_two_paths")},
                "articulation_points": len(fragile["articulation_points"]),
                "bridges": len(fragile["bridges"]),
                "worst_stranded": fragile["worst_stranded"],
            }
        )
    return rows


def _induced(G: nx.Graph, nodes: list[Hashable]) -> nx.Graph:
    """The subgraph on ``nodes`` with node attributes only, as a plain graph.

    The district measures read no edge attribute; a subgraph view, or its copy, costs
    several times more on large graphs.
    """
    members = set(nodes)
    H: nx.Graph = nx.Graph()
    H.add_nodes_from((v, G.nodes[v]) for v in nodes)
    H.add_edges_from((u, v) for u in nodes for v in G.adj[u] if v in members)
    return H


def jsonable(value: Any) -> Any:
    """``value`` with text keys, lists for tuples and sets, ``None`` for NaN and infinity.

    Examples
    --------
    >>> jsonable({1: (2.0, float("nan")), "s": {3}})
    {'1': [2.0, None], 's': [3]}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy scalars
        return jsonable(value.item())
    return str(value)


def _ranking(values: dict[Hashable, Any], top: int) -> list[dict[str, Any]]:
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return [{"node": v, "value": x} for v, x in ordered[:top]]
