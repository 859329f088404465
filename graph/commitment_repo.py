"""Commitments: how many bids of one call and edition each organisation is in, and which
of them it leads (for the over-commitment warnings)."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

#: Statuses of a bid still running or won (a bid not funded, or closed, commits nobody).
LIVE_STATUSES = ["draft", "preliminary", "executive", "submitted", "funded"]


def bids_of_tx(
    tx: ManagedTransaction, *, call_code: str, year: int, org_ids: list[str]
) -> list[dict[str, Any]]:
    """For each organisation of ``org_ids``: the live consortia of the call and edition it
    is a member of or invited to (pending), and those it leads."""
    result = tx.run(
        """
        UNWIND $org_ids AS org_id
        MATCH (o:Organization {id: org_id})
        CALL (o) {
            OPTIONAL MATCH (o)-[r:MEMBER_OF]->(c:Consortium {call_code: $call_code, year: $year})
            WHERE c.status IN $live
            RETURN collect(c {.id, .title, role: r.role}) AS joined
        }
        CALL (o) {
            OPTIONAL MATCH (i:Invitation {status: 'pending'})-[:TO]->(o),
                           (i)-[:FOR]->(c:Consortium {call_code: $call_code, year: $year})
            WHERE c.status IN $live AND i.expires_at >= datetime()
            RETURN collect(c.id) AS invited
        }
        RETURN o.id AS org_id, o.name AS name, o.kind AS kind, joined, invited
        """,
        org_ids=org_ids,
        call_code=call_code,
        year=year,
        live=LIVE_STATUSES,
    )
    return [record.data() for record in result]
