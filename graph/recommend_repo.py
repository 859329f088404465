"""Partner recommendation: the context of whom we suggest for, and what its reasons name.

The candidates and their features come from the whole-network snapshot
(graph/recommend_snapshot_repo.py); these reads fetch what one question needs live: a
consortium's call, members and invitees, an organisation's partners when an older
snapshot answers, and the past project a reason names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph.records import native_row


def _district(var: str) -> str:
    """The district code of organisation ``var``: its place's, or its own (a district)."""
    return (
        f"coalesce([({var})-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->"
        f"(d:District) | d.code][0], {var}.code)"
    )


def partner_ids_tx(tx: ManagedTransaction, *, org_id: str) -> list[str]:
    """The ids of the organisation's partners, as they are now."""
    record = tx.run(
        "MATCH (o:Organization {id: $org_id}) "
        "RETURN [(o)-[:PARTNER_OF]-(x:Organization) | x.id] AS partners",
        org_id=org_id,
    ).single()
    return list(record["partners"]) if record else []


def consortium_context_tx(tx: ManagedTransaction, *, consortium_id: str) -> dict[str, Any] | None:
    """A consortium's call (rules, themes), district, members and pending invitees."""
    record = tx.run(
        f"""
        MATCH (c:Consortium {{id: $consortium_id}})-[:FOR_CALL]->(call:Call)
        OPTIONAL MATCH (lead:Organization)-[:MEMBER_OF {{role: 'lead'}}]->(c)
        WITH c, call, coalesce(
            COLLECT {{ MATCH (c)-[:IN_DISTRICT]->(d:District) RETURN d.code }}[0],
            c.district_code, {_district("lead")}) AS district
        RETURN c.id AS id, c.year AS year, c.line AS line, call.code AS call_code,
               call.rules_json AS rules_json, district,
               [(call)-[:ADDRESSES]->(t:Theme) | t.code] AS call_themes,
               [(o:Organization)-[r:MEMBER_OF]->(c) | {{id: o.id, kind: o.kind,
                 role: r.role, themes: [(o)-[:WORKS_ON]->(t:Theme) | t.code]}}] AS members,
               [(i:Invitation {{status: 'pending'}})-[:FOR]->(c) |
                 [(i)-[:TO]->(o:Organization) | o.id][0]] AS invited
        """,
        consortium_id=consortium_id,
    ).single()
    return native_row(record)


@dataclass(frozen=True)
class SharedProject:
    """The most recent consortium a candidate shared with one of the seeds."""

    candidate: str
    title: str
    call: str
    year: int | None
    with_name: str


def latest_shared_projects_tx(
    tx: ManagedTransaction, *, seeds: list[str], candidates: list[str], before_year: int | None
) -> dict[str, SharedProject]:
    """Per candidate, the latest consortium (before ``before_year`` when given) it shared
    with a seed, for the reason that names it."""
    result = tx.run(
        """
        UNWIND $candidates AS cid
        MATCH (c:Organization {id: cid})-[:MEMBER_OF]->(k:Consortium)
              <-[:MEMBER_OF]-(s:Organization)
        WHERE s.id IN $seeds AND ($before IS NULL OR k.year < $before)
        WITH cid, k, s ORDER BY k.year DESC, k.id
        WITH cid, collect({title: coalesce(k.title, k.id), call: k.call_code, year: k.year,
                           with: s.name})[0] AS latest
        RETURN cid, latest
        """,
        seeds=seeds,
        candidates=candidates,
        before=before_year,
    )
    return {
        r["cid"]: SharedProject(
            r["cid"],
            r["latest"]["title"],
            r["latest"]["call"] or "",
            r["latest"]["year"],
            r["latest"]["with"] or "",
        )
        for r in result
    }
