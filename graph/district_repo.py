"""A district lead's view: the district's organisations, partnerships and consortia."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.records import native_row


def district_overview_tx(tx: ManagedTransaction, *, code: str) -> dict[str, Any] | None:
    """The district, its organisations (with their ties inside the district and whether
    they are involved at all), its internal partnerships and its consortia."""
    record = tx.run(
        """
        MATCH (d:District {code: $code})
        CALL (d) {
            MATCH (o:Organization)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d)
            WHERE o <> d
            OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
            WITH d, o, m,
                 COUNT { (o)-[:PARTNER_OF]-(p:Organization)
                         WHERE (p)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d)
                            OR p = d } AS ties,
                 COUNT { (o)-[:MEMBER_OF]->(:Consortium)-[:IN_DISTRICT]->(d) } AS consortia
            ORDER BY o.name
            RETURN collect({id: o.id, name: o.name, kind: o.kind, municipality: m.name,
                            ties: ties, consortia: consortia}) AS organizations
        }
        CALL (d) {
            MATCH (a:Organization)-[p:PARTNER_OF]->(b:Organization)
            WHERE (a = d OR (a)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d))
              AND (b = d OR (b)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d))
            WITH a, b, p ORDER BY p.since DESC
            RETURN collect({from_id: a.id, from_name: a.name, from_kind: a.kind,
                            to_id: b.id, to_name: b.name, to_kind: b.kind, type: p.type,
                            since: p.since, until: p.until}) AS partnerships
        }
        CALL (d) {
            OPTIONAL MATCH (c:Consortium)-[:IN_DISTRICT]->(d)
            OPTIONAL MATCH (c)-[:FOR_CALL]->(call:Call)
            OPTIONAL MATCH (lead:Organization)-[:MEMBER_OF {role: 'lead'}]->(c)
            WITH c, call, lead ORDER BY c.year DESC, c.title
            RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE {
                id: c.id, title: c.title, status: c.status, year: c.year, call: call.code,
                lead: lead.name, size: COUNT { (:Organization)-[:MEMBER_OF]->(c) } }
                END) AS consortia
        }
        RETURN d {.code, .name, .province} AS district, organizations, partnerships, consortia
        """,
        code=code,
    ).single()
    return native_row(record)
