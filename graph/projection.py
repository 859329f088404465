"""Neo4j to networkx: the whole network, a district, a consortium or a time window.

The only module that exports subgraphs for analysis. Organisations become nodes keyed
by their id, partnerships undirected edges. Rows travel as list-valued chunks of
``CHUNK`` rows (one record per edge would cap the export at the driver's record rate,
about 30,000 per second). Attributes never hold ``None``, so GraphML and GEXF writers
take the graph as it is.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any, Final

import networkx as nx
from neo4j import ManagedTransaction

from graph.driver import Graph
from graph.model import SECTOR_OF_KIND

__all__ = [
    "CHUNK",
    "build_graph",
    "consortium_graph",
    "district_graph",
    "network_graph",
    "project",
    "projection_tx",
]

#: Rows per returned record.
CHUNK: Final = 20_000

# Which organisations a projection holds: every query below starts from one of these.
# Keys are constants of this module, never user input.
_NODE_SCOPES: Final[dict[str, str]] = {
    "network": "MATCH (o:Organization)",
    "district": (
        "MATCH (:District {code: $district})<-[:IN_DISTRICT]-(:Municipality)"
        "<-[:LOCATED_IN]-(o:Organization)"
    ),
    "consortium": "MATCH (:Consortium {id: $consortium})<-[member:MEMBER_OF]-(o:Organization)",
}
# The whole network's edges, streamed: a chunk per SOURCES_PER_CHUNK source organisations,
# each sent as soon as it is ready, so that the driver decodes one chunk while Neo4j
# builds the next (collecting every edge first, as _EDGE_ROWS does, was 1.6 to 2 times
# slower at 1,000,000 partnerships). Every PARTNER_OF joins two organisations.
SOURCES_PER_CHUNK: Final = 5_000
_NETWORK_EDGE_CHUNKS: Final = """
MATCH (o:Organization) WITH collect(o) AS sources
UNWIND range(0, size(sources) - 1, $sources_per_chunk) AS first
CALL (sources, first) {{
  UNWIND sources[first..first + $sources_per_chunk] AS a
  MATCH (a)-[p:PARTNER_OF]->(b){where}
  RETURN collect([a.id, b.id, p.type, p.since.year, p.until.year, p.strength]) AS rows
}}
RETURN rows
"""
# Each edge scope is a pattern and the conditions on it. The district's second end is
# checked in a WHERE: in one pattern, two organisations of the same town would need its
# IN_DISTRICT relationship twice, which Cypher's relationship uniqueness forbids.
_EDGE_SCOPES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "network": (_NETWORK_EDGE_CHUNKS, ()),  # a whole query, with {where} to fill
    "district": (
        "MATCH (d:District {code: $district})<-[:IN_DISTRICT]-(:Municipality)"
        "<-[:LOCATED_IN]-(a:Organization)-[p:PARTNER_OF]->(b:Organization)",
        ("EXISTS { (b)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d) }",),
    ),
    "consortium": (
        "MATCH (c:Consortium {id: $consortium})<-[:MEMBER_OF]-(a:Organization)"
        "-[p:PARTNER_OF]->(b:Organization)",
        ("EXISTS { (b)-[:MEMBER_OF]->(c) }",),
    ),
}
_NODE_ROWS: Final = """
WITH o, {role} AS role,
     COLLECT {{ MATCH (o)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d:District)
               RETURN d.code }} AS districts,
     COLLECT {{ MATCH (o)-[:WORKS_ON]->(t:Theme) RETURN t.code ORDER BY t.code }} AS themes
WITH collect([o.id, o.name, o.kind, coalesce(districts[0], o.code), o.non_profit,
              o.size_class, themes, role]) AS rows
UNWIND range(0, size(rows) - 1, $chunk) AS start
RETURN rows[start..start + $chunk] AS rows
"""
# A partnership is active in [start, end] when it began by the end and had not ended
# before the start; an open end (until null) means still active.
_WINDOW: Final = (
    "($end IS NULL OR p.since IS NULL OR p.since <= $end)",
    "($start IS NULL OR p.until IS NULL OR p.until >= $start)",
)
_EDGE_ROWS: Final = """
WITH collect([a.id, b.id, p.type, p.since.year, p.until.year, p.strength]) AS rows
UNWIND range(0, size(rows) - 1, $chunk) AS start
RETURN rows[start..start + $chunk] AS rows
"""


def network_graph(graph: Graph, *, start: date | None = None, end: date | None = None) -> nx.Graph:
    """The whole partnership network, or the part active between ``start`` and ``end``."""
    return project(graph, start=start, end=end)


def district_graph(
    graph: Graph, code: str, *, start: date | None = None, end: date | None = None
) -> nx.Graph:
    """The organisations located in district ``code`` and the partnerships among them."""
    return project(graph, district=code, start=start, end=end)


def consortium_graph(graph: Graph, consortium_id: str) -> nx.Graph:
    """A consortium's members (with their ``role``) and the partnerships among them."""
    return project(graph, consortium=consortium_id)


def project(
    graph: Graph,
    *,
    district: str | None = None,
    consortium: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> nx.Graph:
    """Project organisations and partnerships from Neo4j into an undirected networkx graph.

    Parameters
    ----------
    graph : Graph
        The database.
    district, consortium : str, optional
        Keep only the organisations located in this district, or the members of this
        consortium, and the partnerships among them (at most one of the two).
    start, end : datetime.date, optional
        A time window: keep the partnerships active at some time in ``[start, end]``
        (``since <= end`` and ``until`` empty or ``>= start``) and the organisations
        that have one of them, i.e. the network as it was in that window.

    Returns
    -------
    networkx.Graph
        Nodes keyed by organisation id with ``id``, ``name``, ``kind``, ``sector``,
        ``district`` (code, ``""`` when unknown), ``size_class`` (``""`` unless an SME),
        ``themes`` (codes joined by ``;``), ``non_profit`` (omitted when unknown) and,
        for a consortium, ``role``. Edges carry ``type``, ``strength``, ``since`` and
        ``until`` (years; ``until`` omitted while active) and ``count``: two
        organisations with several partnerships get one edge with the count, the
        strongest strength and type, the first ``since`` and the last ``until``.
        ``G.graph`` records the scope.
    """
    if district is not None and consortium is not None:
        raise ValueError("project either a district or a consortium, not both")
    if start is not None and end is not None and start > end:
        raise ValueError("the window starts after it ends")
    nodes, edges = graph.read(
        projection_tx, district=district, consortium=consortium, start=start, end=end
    )
    G = build_graph(nodes, edges)
    if start is not None or end is not None:
        G.remove_nodes_from([v for v, d in list(G.degree()) if d == 0])
    scope = "consortium" if consortium else "district" if district else "network"
    G.graph.update(
        scope=scope,
        district=district or "",
        consortium=consortium or "",
        start=start.isoformat() if start else "",
        end=end.isoformat() if end else "",
    )
    return G


def projection_tx(
    tx: ManagedTransaction,
    *,
    district: str | None = None,
    consortium: str | None = None,
    start: date | None = None,
    end: date | None = None,
    chunk: int = CHUNK,
    sources_per_chunk: int = SOURCES_PER_CHUNK,
) -> tuple[list[list[Any]], list[list[Any]]]:
    """Node rows and edge rows of one projection, read in one transaction."""
    scope = "consortium" if consortium else "district" if district else "network"
    params = {"district": district, "consortium": consortium, "chunk": chunk}
    role = "member.role" if scope == "consortium" else "''"
    nodes = [
        row
        for record in tx.run(_NODE_SCOPES[scope] + _NODE_ROWS.format(role=role), params)
        for row in record["rows"]
    ]
    pattern, conditions = _EDGE_SCOPES[scope]
    if start is not None or end is not None:  # left out otherwise: it slows the export
        conditions += _WINDOW
    where = "\nWHERE " + " AND ".join(conditions) if conditions else ""
    if scope == "network":
        edge_query = pattern.format(where=where.replace("\n", "\n  "))
    else:
        edge_query = pattern + where + _EDGE_ROWS
    edge_params = {**params, "start": start, "end": end, "sources_per_chunk": sources_per_chunk}
    edges = [row for record in tx.run(edge_query, edge_params) for row in record["rows"]]
    return nodes, edges


def build_graph(nodes: list[list[Any]], edges: list[list[Any]]) -> nx.Graph:
    """The networkx graph of :func:`projection_tx`'s rows (see :func:`project`)."""
    G: nx.Graph = nx.Graph()
    G.add_nodes_from(_node(row) for row in nodes)
    merged: dict[tuple[Hashable, Hashable], dict[str, Any]] = {}
    for a, b, kind, since, until, strength in edges:
        if a == b or a not in G or b not in G:
            continue
        attrs = {
            "type": kind or "",
            "strength": 1.0 if strength is None else float(strength),
            "count": 1,
        }
        if since is not None:
            attrs["since"] = since
        if until is not None:
            attrs["until"] = until
        key = (a, b) if a < b else (b, a)
        kept = merged.setdefault(key, attrs)
        if kept is not attrs:
            _merge(kept, attrs)
    G.add_edges_from((a, b, attrs) for (a, b), attrs in merged.items())
    return G


def _node(row: list[Any]) -> tuple[str, dict[str, Any]]:
    org_id, name, kind, district, non_profit, size_class, themes, role = row
    attrs: dict[str, Any] = {
        "id": org_id,
        "name": name or "",
        "kind": kind or "",
        "sector": SECTOR_OF_KIND.get(kind or "", ""),
        "district": district or "",
        "size_class": size_class or "",
        "themes": ";".join(themes),
    }
    if non_profit is not None:
        attrs["non_profit"] = bool(non_profit)
    if role:
        attrs["role"] = role
    return org_id, attrs


def _merge(kept: dict[str, Any], other: dict[str, Any]) -> None:
    """Fold a second partnership between the same two organisations into ``kept``."""
    kept["count"] += 1
    if other["strength"] > kept["strength"]:
        kept["strength"], kept["type"] = other["strength"], other["type"]
    if "since" in other:
        kept["since"] = min(kept.get("since", other["since"]), other["since"])
    if "until" not in kept or "until" not in other:
        kept.pop("until", None)  # one of them is still active
    else:
        kept["until"] = max(kept["until"], other["until"])
