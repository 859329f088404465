"""Suggestions while a person types a name: organisations by name prefix, municipalities
with their district."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.records import native_rows


def organizations_by_prefix_tx(
    tx: ManagedTransaction, *, lucene: str, scan: int
) -> list[dict[str, Any]]:
    """Up to ``scan`` organisations whose name matches ``lucene`` (a query on the name
    field of the accent-folded full-text index, built from folded words only), with their
    town and district."""
    result = tx.run(
        """
        CALL db.index.fulltext.queryNodes('organization_text_folded', $lucene)
        YIELD node AS o
        WITH o LIMIT $scan
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
        OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
        RETURN o.id AS id, o.name AS name, o.kind AS kind, m.name AS municipality,
               m.province AS province, d.name AS district
        """,
        lucene=lucene,
        scan=scan,
    )
    return native_rows(result)


def municipalities_with_districts_tx(tx: ManagedTransaction) -> list[dict[str, Any]]:
    """Every municipality with its province and district (about 1,200 rows)."""
    result = tx.run(
        """
        MATCH (m:Municipality)
        OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
        RETURN m.istat AS istat, m.name AS name, m.province AS province,
               d.name AS district
        ORDER BY m.name
        """
    )
    return native_rows(result)
