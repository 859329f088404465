"""Partner search: full-text hits, the rows of the in-memory facet index, result cards.

Full-text queries go to one of two indexes named in ``FULLTEXT_INDEXES`` (never user
input); the query text is a parameter, so nothing typed can reach the Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from neo4j import ManagedTransaction

from graph.records import FromRecord, native_rows

#: Italian analyser (stemming, stop words) first; the accent-folded one as a fallback.
FULLTEXT_INDEXES: Final[tuple[str, ...]] = ("organization_text", "organization_text_folded")
CHUNK: Final = 20_000


@dataclass(frozen=True)
class OrganizationCard(FromRecord):
    """What a search result shows of one organisation."""

    id: str
    name: str
    kind: str
    size_class: str | None
    non_profit: bool | None
    fictional: bool | None
    #: The first 240 characters.
    description: str | None
    municipality: str | None
    province: str | None
    district_name: str | None
    themes: tuple[str, ...]
    #: How many partnerships it has.
    partners: int

    CONVERT = {"partners": int}


def fulltext_hits_tx(
    tx: ManagedTransaction, *, index: str, query: str, limit: int
) -> tuple[list[str], list[float]]:
    """Ids and scores of the best ``limit`` organisations matching a Lucene ``query``."""
    if index not in FULLTEXT_INDEXES:
        raise ValueError(f"unknown full-text index: {index!r}")
    record = tx.run(
        """
        CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $limit})
        YIELD node, score
        RETURN collect(node.id) AS ids, collect(score) AS scores
        """,
        index=index,
        lucene=query,
        limit=limit,
    ).single(strict=True)
    return list(record["ids"]), [float(s) for s in record["scores"]]


def facet_rows_tx(tx: ManagedTransaction, *, chunk: int = CHUNK) -> list[list[Any]]:
    """One row per organisation: id, name, kind, district, province, themes, size class,
    non-profit, capabilities, number of partnerships, legal form, description,
    municipality (ISTAT code), read in list-valued chunks."""
    result = tx.run(
        """
        MATCH (o:Organization)
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
        WITH o, m, COLLECT { MATCH (m)-[:IN_DISTRICT]->(d:District) RETURN d.code } AS ds
        WITH collect([o.id, o.name, o.kind, coalesce(ds[0], o.code), m.province,
                      COLLECT { MATCH (o)-[:WORKS_ON]->(t:Theme) RETURN t.code },
                      o.size_class, o.non_profit, coalesce(o.capabilities, []),
                      COUNT { (o)-[:PARTNER_OF]-() }, o.legal_form, o.description,
                      m.istat]) AS rows
        UNWIND range(0, size(rows) - 1, $chunk) AS start
        RETURN rows[start..start + $chunk] AS rows
        """,
        chunk=chunk,
    )
    return [row for record in result for row in record["rows"]]


def facet_labels_tx(tx: ManagedTransaction) -> dict[str, list[dict[str, Any]]]:
    """Names for facet values: districts, themes and calls (with their rules)."""
    record = tx.run(
        """
        CALL () { MATCH (d:District)
                  RETURN collect(d {.code, .name, .province}) AS districts }
        CALL () { MATCH (t:Theme)
                  RETURN collect(t {.code, .label_it, .label_en}) AS themes }
        CALL () { MATCH (c:Call)
                  RETURN collect(c {.code, .title_it, .title_en, .rules_json}) AS calls }
        RETURN districts, themes, calls
        """
    ).single(strict=True)
    return {key: list(record[key]) for key in ("districts", "themes", "calls")}


def gazetteer_tx(tx: ManagedTransaction) -> list[dict[str, Any]]:
    """Every municipality with its province and district, for reading places in queries."""
    result = tx.run(
        """
        MATCH (m:Municipality)
        RETURN m.istat AS istat, m.name AS name, m.province AS province,
               m.province_name AS province_name,
               COLLECT { MATCH (m)-[:IN_DISTRICT]->(d:District) RETURN d.code }[0] AS district
        """
    )
    return native_rows(result)


def organization_cards_tx(tx: ManagedTransaction, *, ids: list[str]) -> list[OrganizationCard]:
    """What a result shows for each id (in no particular order)."""
    result = tx.run(
        """
        UNWIND $ids AS id
        MATCH (o:Organization {id: id})
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
        RETURN o.id AS id, o.name AS name, o.kind AS kind, o.size_class AS size_class,
               o.non_profit AS non_profit, o.fictional AS fictional,
               left(o.description, 240) AS description, m.name AS municipality,
               m.province AS province,
               COLLECT { MATCH (m)-[:IN_DISTRICT]->(d:District) RETURN d.name }[0]
                   AS district_name,
               COLLECT { MATCH (o)-[:WORKS_ON]->(t:Theme) RETURN t.code } AS themes,
               COUNT { (o)-[:PARTNER_OF]-() } AS partners
        """,
        ids=ids,
    )
    return [OrganizationCard.from_record(record) for record in result]
