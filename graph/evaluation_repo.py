"""What the recommendation benchmark hides besides partnerships: consortia after a cut-off."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.records import native_rows


def held_out_consortia_tx(tx: ManagedTransaction, *, year: int) -> list[dict[str, Any]]:
    """Consortia of ``year`` or later with a lead: call rules, district, lead, others."""
    result = tx.run(
        """
        MATCH (c:Consortium)-[:FOR_CALL]->(call:Call) WHERE c.year >= $year
        MATCH (lead:Organization)-[:MEMBER_OF {role: 'lead'}]->(c)
        RETURN c.id AS id, c.call_code AS call, c.line AS line, c.year AS year,
               call.rules_json AS rules_json,
               coalesce([(c)-[:IN_DISTRICT]->(d:District) | d.code][0], c.district_code,
                        [(lead)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d:District)
                         | d.code][0], lead.code) AS district,
               [(call)-[:ADDRESSES]->(t:Theme) | t.code] AS call_themes,
               {id: lead.id, kind: lead.kind, role: 'lead',
                themes: [(lead)-[:WORKS_ON]->(t:Theme) | t.code]} AS lead,
               [(o:Organization)-[r:MEMBER_OF]->(c) WHERE r.role <> 'lead' | o.id] AS others
        ORDER BY c.id
        """,
        year=year,
    )
    return native_rows(result)


def programme_memberships_tx(tx: ManagedTransaction, *, before_year: int) -> list[tuple[str, str]]:
    """(organisation, programme) for each membership of a consortium of an earlier year;
    the programme is the consortium's call and line (``call/line``, or the call alone)."""
    result = tx.run(
        """
        MATCH (o:Organization)-[:MEMBER_OF]->(c:Consortium) WHERE c.year < $year
        RETURN o.id AS org, coalesce(c.line, c.call_code) AS line
        """,
        year=before_year,
    )
    return [(r["org"], r["line"]) for r in result if r["line"]]


def organization_ids_tx(tx: ManagedTransaction, *, limit: int) -> list[str]:
    """Ids of up to ``limit`` organisations (benchmarks draw from them)."""
    record = tx.run(
        "MATCH (o:Organization) WITH o LIMIT $limit RETURN collect(o.id) AS ids", limit=limit
    ).single(strict=True)
    return list(record["ids"])


def consortium_ids_tx(tx: ManagedTransaction, *, limit: int) -> list[str]:
    """Ids of up to ``limit`` consortia."""
    record = tx.run(
        "MATCH (c:Consortium) WITH c LIMIT $limit RETURN collect(c.id) AS ids", limit=limit
    ).single(strict=True)
    return list(record["ids"])
