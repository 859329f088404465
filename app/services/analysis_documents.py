"""An analysis scope's documents: the dashboard's bundle, the node-link network (for the
exports) and the network view's lighter copy of it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final

import networkx as nx

from graph.analysis import ROLES, analysis_bundle
from graph.analysis.layout import layout

#: Seed of every random choice (sampled betweenness, Louvain, baselines, layout): the
#: same network always gives the same figures and the same picture.
ANALYSIS_SEED: Final = 20260
#: Node attributes of the network document, besides the projection's own.
METRICS: Final = ("degree", "betweenness", "pagerank", "community", "constraint", *ROLES)
#: Node fields the network view needs.
VIEW_FIELDS: Final = (
    "id",
    "name",
    "kind",
    "sector",
    "district",
    "x",
    "y",
    "degree",
    "betweenness",
    "pagerank",
    "role",
)

#: ``progress(step, fraction)``, as graph.analysis.bundle calls it (any return ignored).
Progress = Callable[[str, float], object]


def compute(G: nx.Graph, *, progress: Progress | None = None) -> dict[str, dict[str, Any]]:
    """The scope's two documents: ``bundle`` (dashboard) and ``network`` (view, exports).

    ``progress`` hears the bundle's steps scaled into [0, 0.9], then ``layout``.
    """

    def bundle_step(step: str, fraction: float) -> None:
        if progress is not None and step != "done":
            progress(step, 0.9 * fraction)

    bundle = analysis_bundle(G, seed=ANALYSIS_SEED, progress=bundle_step)
    metrics = bundle.pop("nodes")
    if progress is not None:
        progress("layout", 0.9)
    started = time.perf_counter()
    positions = layout(G, seed=ANALYSIS_SEED)
    bundle["timings"]["layout"] = time.perf_counter() - started
    bundle["labels"] = _labels(G, bundle)
    network = network_document(G, metrics, positions)
    return {"bundle": bundle, "network": network, "view": view_document(network)}


def network_document(
    G: nx.Graph, metrics: dict[str, dict[str, Any]], positions: dict[Any, tuple[float, float]]
) -> dict[str, Any]:
    """A node-link document (``networkx.node_link_data``) of ``G`` with every node's
    metrics and position; the partnership ``type`` becomes ``partnership_type``."""
    document: dict[str, Any] = nx.node_link_data(G, edges="links")
    document["graph"] = dict(document["graph"])
    for node in document["nodes"]:
        node.update({k: metrics.get(str(node["id"]), {}).get(k) for k in METRICS})
        x, y = positions.get(node["id"], (0.0, 0.0))
        node.update(x=x, y=y)
    for link in document["links"]:
        link["partnership_type"] = link.pop("type", "")
    return document


def view_document(network: dict[str, Any]) -> dict[str, Any]:
    """The network document with only what the browser draws and filters by (themes as
    a list of codes)."""
    nodes = [
        {k: node[k] for k in VIEW_FIELDS if k in node}
        | {"themes": [t for t in str(node.get("themes", "")).split(";") if t]}
        for node in network["nodes"]
    ]
    links = [
        {
            "source": link["source"],
            "target": link["target"],
            "partnership_type": link.get("partnership_type", ""),
            "strength": link.get("strength"),
        }
        for link in network["links"]
    ]
    return {
        "directed": False,
        "multigraph": False,
        "graph": network["graph"],
        "nodes": nodes,
        "links": links,
    }


def _labels(G: nx.Graph, bundle: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Name, kind, sector and district of every organisation the bundle ranks or lists."""
    ids = {row["node"] for ranking in bundle["top"].values() for row in ranking}
    ids |= {row["node"] for row in bundle["brokers"]}
    ids |= {row["node"] for row in bundle["fragility"]["articulation_points"]}
    return {
        str(v): {k: str(G.nodes[v].get(k, "")) for k in ("name", "kind", "sector", "district")}
        for v in ids
        if v in G
    }
