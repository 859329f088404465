"""Reading organisations, partnerships and memberships for CSV export, a page at a time.

Pages are keyset-paginated on the natural key (``WHERE key > $after ORDER BY key``,
served by the uniqueness constraints' indexes) and returned as one list-valued record,
so exports stream at constant memory and without one record per row.
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import ManagedTransaction

Rows = list[dict[str, Any]]


def _page(tx: ManagedTransaction, query: LiteralString, /, **params: Any) -> Rows:
    """The ``rows`` that a page query collects into its one record."""
    rows: Rows = tx.run(query, params).single(strict=True)["rows"]
    return rows


def organizations_page_tx(tx: ManagedTransaction, *, after: str, limit: int) -> Rows:
    """Up to ``limit`` organisations with ``id > after``, by id, with place and themes."""
    return _page(
        tx,
        """
        MATCH (o:Organization) WHERE o.id > $after
        WITH o ORDER BY o.id LIMIT $limit
        RETURN collect(o {
            .id, .kind, .name, .legal_form, .tax_code, .size_class, .non_profit,
            .description, .website, .email, .capabilities, .fictional, .country,
            municipality_istat: [(o)-[:LOCATED_IN]->(m:Municipality) | m.istat][0],
            themes: [(o)-[:WORKS_ON]->(t:Theme) | t.code]
        }) AS rows
        """,
        after=after,
        limit=limit,
    )


def partnerships_page_tx(tx: ManagedTransaction, *, after: str, limit: int) -> Rows:
    """Up to ``limit`` partnerships with ``id > after``, by id, in their stored direction."""
    return _page(
        tx,
        """
        MATCH (a:Organization)-[p:PARTNER_OF]->(b:Organization) WHERE p.id > $after
        WITH a, p, b ORDER BY p.id LIMIT $limit
        RETURN collect({
            id: p.id, from_id: a.id, to_id: b.id, type: p.type, since: p.since,
            until: p.until, strength: p.strength, source: p.source
        }) AS rows
        """,
        after=after,
        limit=limit,
    )


def memberships_page_tx(
    tx: ManagedTransaction, *, after_consortium: str, after_organization: str, limit: int
) -> Rows:
    """Up to ``limit`` memberships after the given pair, by (consortium, organisation),
    each with its consortium's properties."""
    return _page(
        tx,
        """
        MATCH (o:Organization)-[r:MEMBER_OF]->(c:Consortium)
        WHERE c.id > $after_consortium
           OR (c.id = $after_consortium AND o.id > $after_organization)
        WITH o, r, c ORDER BY c.id, o.id LIMIT $limit
        RETURN collect({
            consortium_id: c.id, organization_id: o.id, role: r.role,
            budget_eur: r.budget_eur, call_code: c.call_code, consortium_title: c.title,
            consortium_status: c.status, consortium_year: c.year, consortium_line: c.line,
            district_code: c.district_code, consortium_budget_eur: c.budget_eur
        }) AS rows
        """,
        after_consortium=after_consortium,
        after_organization=after_organization,
        limit=limit,
    )
