"""The recommender's read of the whole network: organisations, dated partnerships and
consortium memberships, as plain columns (:class:`SnapshotRows`).

Rows travel as list-valued chunks (one record per edge would cap the read at the
driver's record rate). Dates come as ISO text and become day numbers in one numpy step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from neo4j import ManagedTransaction

__all__ = ["SnapshotRows", "snapshot_rows_tx"]

CHUNK: Final = 20_000
#: ``date.toordinal()`` of 1970-01-01: numpy counts days from there.
_EPOCH_ORDINAL: Final = 719_163


@dataclass(frozen=True)
class SnapshotRows:
    """Plain columns (one entry per organisation, partnership or membership). Days are
    ``date.toordinal()`` numbers, 0 when unknown; edge and member ends are row numbers
    into ``ids``."""

    ids: list[str]
    names: list[str]
    kinds: list[str]
    districts: list[str | None]
    municipalities: list[str | None]
    provinces: list[str | None]
    countries: list[str | None]
    themes: list[list[str]]
    created_days: list[int]
    non_profit: list[bool | None]
    size_classes: list[str | None]
    capabilities: list[list[str]]
    edge_a: list[int]
    edge_b: list[int]
    edge_days: list[int]
    member_org: list[int]
    member_consortium: list[str]
    member_year: list[int]
    member_call: list[str]
    member_line: list[str | None]
    member_role: list[str]
    #: District code -> neighbouring district codes.
    neighbours: dict[str, list[str]] = field(default_factory=dict)
    #: District code -> name; theme code -> {"it": ..., "en": ...}; call code -> rules JSON.
    district_names: dict[str, str] = field(default_factory=dict)
    theme_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    call_rules: dict[str, str] = field(default_factory=dict)


_NODES: Final = """
MATCH (o:Organization)
OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
WITH o, m, [(m)-[:IN_DISTRICT]->(d:District) | d.code][0] AS district
WITH collect([o.id, o.name, o.kind, coalesce(district, o.code), m.istat, m.province,
              coalesce(o.country, CASE WHEN m IS NULL THEN NULL ELSE 'IT' END),
              [(o)-[:WORKS_ON]->(t:Theme) | t.code], toString(date(o.created_at)),
              o.non_profit, o.size_class, coalesce(o.capabilities, [])]) AS rows
UNWIND range(0, size(rows) - 1, $chunk) AS start
RETURN rows[start..start + $chunk] AS rows
"""
_EDGES: Final = """
MATCH (a:Organization)-[p:PARTNER_OF]->(b:Organization)
WITH collect([a.id, b.id, toString(p.since)]) AS rows
UNWIND range(0, size(rows) - 1, $chunk) AS start
RETURN rows[start..start + $chunk] AS rows
"""
_MEMBERS: Final = """
MATCH (o:Organization)-[r:MEMBER_OF]->(c:Consortium)
WITH collect([o.id, c.id, coalesce(c.year, date(c.created_at).year, 0), c.call_code,
              c.line, r.role]) AS rows
UNWIND range(0, size(rows) - 1, $chunk) AS start
RETURN rows[start..start + $chunk] AS rows
"""
_NEIGHBOURS: Final = """
MATCH (d:District)
RETURN d.code AS code, d.name AS name, [(d)-[:NEIGHBOUR_OF]-(n:District) | n.code] AS near
"""
_THEMES: Final = "MATCH (t:Theme) RETURN t.code AS code, t.label_it AS it, t.label_en AS en"
_CALLS: Final = "MATCH (c:Call) RETURN c.code AS code, c.rules_json AS rules"


def _rows(tx: ManagedTransaction, query: str) -> list[list[Any]]:
    return [row for record in tx.run(query, chunk=CHUNK) for row in record["rows"]]


def _days(texts: list[str | None]) -> list[int]:
    """ISO dates as day numbers (0 for none)."""
    values = np.array([t or "NaT" for t in texts], dtype="datetime64[D]")
    days = values.astype("int64") + _EPOCH_ORDINAL
    return list(np.where(np.isnat(values), 0, days).tolist())


def snapshot_rows_tx(tx: ManagedTransaction) -> SnapshotRows:
    """Every organisation, partnership and consortium membership, in one transaction."""
    nodes = _rows(tx, _NODES)
    index = {row[0]: i for i, row in enumerate(nodes)}
    edges = [e for e in _rows(tx, _EDGES) if e[0] in index and e[1] in index]
    members = [m for m in _rows(tx, _MEMBERS) if m[0] in index]
    districts = [r.data() for r in tx.run(_NEIGHBOURS)]
    themes = {
        r["code"]: {"it": r["it"] or r["code"], "en": r["en"] or r["code"]} for r in tx.run(_THEMES)
    }
    call_rules = {r["code"]: r["rules"] or "{}" for r in tx.run(_CALLS)}
    return SnapshotRows(
        ids=[r[0] for r in nodes],
        names=[r[1] or r[0] for r in nodes],
        kinds=[r[2] or "" for r in nodes],
        districts=[r[3] for r in nodes],
        municipalities=[r[4] for r in nodes],
        provinces=[r[5] for r in nodes],
        countries=[r[6] for r in nodes],
        themes=[list(r[7]) for r in nodes],
        created_days=_days([r[8] for r in nodes]),
        non_profit=[r[9] for r in nodes],
        size_classes=[r[10] for r in nodes],
        capabilities=[list(r[11]) for r in nodes],
        edge_a=[index[e[0]] for e in edges],
        edge_b=[index[e[1]] for e in edges],
        edge_days=_days([e[2] for e in edges]),
        member_org=[index[m[0]] for m in members],
        member_consortium=[m[1] for m in members],
        member_year=[int(m[2] or 0) for m in members],
        member_call=[m[3] or "" for m in members],
        member_line=[m[4] for m in members],
        member_role=[m[5] or "partner" for m in members],
        neighbours={d["code"]: list(d["near"]) for d in districts},
        district_names={d["code"]: d["name"] or d["code"] for d in districts},
        theme_labels=themes,
        call_rules=call_rules,
    )
