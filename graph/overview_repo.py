"""Counts that describe the whole network: by kind and by district."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.model import KINDS


def count_by_kind_tx(tx: ManagedTransaction) -> dict[str, int]:
    """Number of organisations of each kind (every kind present, zero when none)."""
    result = tx.run("MATCH (o:Organization) RETURN o.kind AS kind, count(*) AS n")
    counts = dict.fromkeys(KINDS, 0)
    for record in result:
        if record["kind"] in counts:
            counts[record["kind"]] = record["n"]
    return counts


def count_by_district_tx(tx: ManagedTransaction) -> list[dict[str, Any]]:
    """Every district with its organisations counted by kind (located in its municipalities)."""
    result = tx.run(
        """
        MATCH (d:District)
        OPTIONAL MATCH (d)<-[:IN_DISTRICT]-(:Municipality)<-[:LOCATED_IN]-(o:Organization)
        WITH d, o.kind AS kind, count(o) AS n
        RETURN d.code AS code, d.name AS name, d.province AS province,
               collect({kind: kind, n: n}) AS kinds
        ORDER BY code
        """
    )
    rows = []
    for record in result:
        by_kind = dict.fromkeys(KINDS, 0)
        for item in record["kinds"]:
            if item["kind"] in by_kind:
                by_kind[item["kind"]] = item["n"]
        rows.append(
            {
                "code": record["code"],
                "name": record["name"],
                "province": record["province"],
                "by_kind": by_kind,
                "total": sum(by_kind.values()),
            }
        )
    return rows


def count_totals_tx(tx: ManagedTransaction) -> dict[str, int]:
    """Totals of the main node and relationship types (from the count store: constant time)."""
    record = tx.run(
        """
        CALL () { MATCH (o:Organization) RETURN count(o) AS organizations }
        CALL () { MATCH ()-[p:PARTNER_OF]->() RETURN count(p) AS partnerships }
        CALL () { MATCH (c:Consortium) RETURN count(c) AS consortia }
        CALL () { MATCH (m:Municipality) RETURN count(m) AS municipalities }
        CALL () { MATCH (d:District) RETURN count(d) AS districts }
        CALL () { MATCH (c:Call) RETURN count(c) AS calls }
        RETURN organizations, partnerships, consortia, municipalities, districts, calls
        """
    ).single(strict=True)
    return {key: int(record[key]) for key in record.keys()}
