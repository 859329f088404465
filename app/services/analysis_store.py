"""What an analysis scope is, how its documents are computed, and their cache in Neo4j."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

import networkx as nx

from graph.analysis import ROLES, analysis_bundle
from graph.analysis.layout import layout
from graph.analysis_cache_repo import read_result_tx, save_results_tx
from graph.driver import Graph
from graph.projection import project

#: Seed of every random choice (sampled betweenness, Louvain, baselines, layout): the
#: same network always gives the same figures and the same picture.
ANALYSIS_SEED: Final = 20260
#: The documents cached per scope: the dashboard's bundle, the network (nodes with all
#: their attributes, metrics and positions; partnerships) for the exports, and its lighter
#: copy for the network view, which is sent to the browser as stored.
KINDS: Final = ("bundle", "network", "view")
#: Node attributes of the network document, besides the projection's own.
METRICS: Final = ("degree", "betweenness", "pagerank", "community", "constraint", *ROLES)
#: Node fields the network view needs.
VIEW_FIELDS: Final = ("id", "name", "kind", "sector", "district", "x", "y", "degree",
                      "betweenness", "pagerank", "role")

#: ``progress(step, fraction)``, as graph.analysis.bundle calls it (any return ignored).
Progress = Callable[[str, float], object]


@dataclass(frozen=True)
class Scope:
    """Which part of the network to analyse: all of it, a district or a consortium,
    optionally in a window of years (partnerships active in ``[start_year, end_year]``)."""

    district: str | None = None
    consortium: str | None = None
    start_year: int | None = None
    end_year: int | None = None

    @property
    def key(self) -> str:
        """A stable name for the cache, e.g. ``district:DCS01@2018-2022``."""
        if self.consortium:
            base = f"consortium:{self.consortium}"
        else:
            base = f"district:{self.district}" if self.district else "network"
        if self.start_year is None and self.end_year is None:
            return base
        return f"{base}@{self.start_year or ''}-{self.end_year or ''}"

    @property
    def network_wide(self) -> bool:
        """True for the whole network (in a window or not): always computed in the background."""
        return not self.district and not self.consortium

    def project(self, graph: Graph) -> nx.Graph:
        """The scope's networkx graph, read from Neo4j."""
        start = date(self.start_year, 1, 1) if self.start_year else None
        end = date(self.end_year, 12, 31) if self.end_year else None
        return project(graph, district=self.district, consortium=self.consortium,
                       start=start, end=end)


@dataclass(frozen=True)
class Result:
    """A cached document and the network version it was computed from."""

    version: int
    computed_at: datetime
    seconds: float
    data: dict[str, Any]
    #: The document as stored (JSON text), when it was read without parsing it.
    raw: str | None = None


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
    """A node-link document (as ``networkx.node_link_data``) of ``G`` with every node's
    metrics and position; the partnership ``type`` becomes ``partnership_type``."""
    nodes = []
    for v, attrs in G.nodes(data=True):
        x, y = positions.get(v, (0.0, 0.0))
        node = {**attrs, "id": v}
        node.update({k: metrics.get(str(v), {}).get(k) for k in METRICS})
        node.update(x=x, y=y)
        nodes.append(node)
    links = []
    for u, v, attrs in G.edges(data=True):
        link = {"source": u, "target": v, **attrs}
        link["partnership_type"] = link.pop("type", "")
        links.append(link)
    return {"directed": False, "multigraph": False, "graph": dict(G.graph),
            "nodes": nodes, "links": links}


def view_document(network: dict[str, Any]) -> dict[str, Any]:
    """The network document with only what the browser draws and filters by (themes as
    a list of codes)."""
    nodes = [{k: node[k] for k in VIEW_FIELDS if k in node}
             | {"themes": [t for t in str(node.get("themes", "")).split(";") if t]}
             for node in network["nodes"]]
    links = [{"source": link["source"], "target": link["target"],
              "partnership_type": link.get("partnership_type", ""),
              "strength": link.get("strength")} for link in network["links"]]
    return {"directed": False, "multigraph": False, "graph": network["graph"],
            "nodes": nodes, "links": links}


def _labels(G: nx.Graph, bundle: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Name, kind, sector and district of every organisation the bundle ranks or lists."""
    ids = {row["node"] for ranking in bundle["top"].values() for row in ranking}
    ids |= {row["node"] for row in bundle["brokers"]}
    ids |= {row["node"] for row in bundle["fragility"]["articulation_points"]}
    return {
        str(v): {k: str(G.nodes[v].get(k, "")) for k in ("name", "kind", "sector", "district")}
        for v in ids if v in G
    }


def _key(scope: Scope, kind: str) -> str:
    return f"{kind}|{scope.key}"


def read_result(graph: Graph, scope: Scope, kind: str, *, raw: bool = False) -> Result | None:
    """The cached ``kind`` document of ``scope`` (of whatever version), or None; with
    ``raw`` as JSON text in ``Result.raw``, not parsed (``Result.data`` is then empty)."""
    row = graph.read(read_result_tx, key=_key(scope, kind))
    if row is None or row["data"] is None:
        return None
    text = zlib.decompress(row["data"]).decode("utf-8")
    version, seconds = int(row["version"]), float(row["seconds"])
    if raw:
        return Result(version, row["computed_at"], seconds, {}, text)
    return Result(version, row["computed_at"], seconds, json.loads(text))


def save_results(
    graph: Graph, scope: Scope, documents: dict[str, dict[str, Any]], *, version: int,
    seconds: float,
) -> datetime:
    """Cache ``documents`` as computed from network ``version``; returns the time stamp."""
    now = datetime.now(UTC)
    rows = [{"key": _key(scope, kind), "data": _pack(doc)} for kind, doc in documents.items()]
    graph.write(save_results_tx, documents=rows, version=version, computed_at=now,
                seconds=seconds)
    return now


def _pack(document: dict[str, Any]) -> bytes:
    """Compact JSON, zlib-compressed (about five times smaller: 203 kB -> 38 kB measured)."""
    return zlib.compress(dumps(document).encode("utf-8"), 6)


def dumps(document: dict[str, Any]) -> str:
    """A document as compact JSON text, as it is stored."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)
