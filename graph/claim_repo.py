"""Organisations claimed by their people, and the administrators' queue.

A claim is a ``JoinRequest`` with ``claim: true`` and the contact address the claim link
was mailed to: an ask to act for an organisation nobody acts for yet. Deciding it is
deciding a join request (graph.membership_repo); the queue lists every pending join
request and claim across all organisations.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.answers import count_of, first_refusal
from graph.notification_repo import notify_tx
from graph.records import native_row, native_rows
from graph.versioning import network_unchanged

#: Nobody acts for the organisation: no member, and no lead if it is a district.
_ORPHAN = "NOT EXISTS { (:User {active: true})-[:ACTS_FOR|LEADS]->(o) }"


def claim_target_tx(tx: ManagedTransaction, *, org_id: str) -> dict[str, Any] | None:
    """An organisation as a claim sees it: name, kind, contact address, whether unclaimed."""
    record = tx.run(
        f"""
        MATCH (o:Organization {{id: $org_id}})
        RETURN o.id AS id, o.name AS name, o.kind AS kind, o.email AS email,
               {_ORPHAN} AS unclaimed
        """,
        org_id=org_id,
    ).single()
    return native_row(record)


def unclaimed_contact_tx(tx: ManagedTransaction, *, org_id: str) -> str | None:
    """The contact address of an organisation nobody acts for, or None."""
    record = tx.run(
        f"MATCH (o:Organization {{id: $org_id}}) WHERE o.email IS NOT NULL AND {_ORPHAN} "
        "RETURN o.email AS email",
        org_id=org_id,
    ).single()
    return str(record["email"]) if record else None


def create_claim_tx(
    tx: ManagedTransaction,
    *,
    request_id: str,
    user_id: str,
    org_id: str,
    contact: str,
    approve: bool,
) -> str:
    """Open a claim (approved at once when ``approve``); returns ``created``,
    ``approved``, ``pending`` (one waits), ``member``, ``claimed`` (someone acts for the
    organisation now: a join request is the way) or ``missing``."""
    record = tx.run(
        f"""
        OPTIONAL MATCH (u:User {{id: $user_id}})
        OPTIONAL MATCH (o:Organization {{id: $org_id}})
        WITH u, o
        RETURN u IS NOT NULL AND o IS NOT NULL AS found,
               EXISTS {{ (u)-[:ACTS_FOR]->(o) }} AS member,
               EXISTS {{ (r:JoinRequest {{status: 'pending'}})-[:BY]->(u)
                        WHERE (r)-[:TO]->(o) }} AS pending,
               NOT ({_ORPHAN}) AS claimed
        """,
        user_id=user_id,
        org_id=org_id,
    ).single(strict=True)
    refusal = first_refusal(record, "member", "pending", "claimed")
    if refusal:
        return refusal
    tx.run(
        """
        MATCH (u:User {id: $user_id}), (o:Organization {id: $org_id})
        CREATE (r:JoinRequest {id: $request_id, claim: true, contact_email: $contact,
                               status: CASE WHEN $approve THEN 'approved' ELSE 'pending' END,
                               created_at: datetime(),
                               pending_key: CASE WHEN $approve THEN null
                                            ELSE $user_id + '|' + $org_id END})
        CREATE (r)-[:BY]->(u), (r)-[:TO]->(o)
        FOREACH (_ IN CASE WHEN $approve THEN [1] ELSE [] END |
            SET r.decided_at = datetime(), r.decided_by = 'email-domain'
            MERGE (u)-[a:ACTS_FOR]->(o) ON CREATE SET a.since = datetime())
        """,
        request_id=request_id,
        user_id=user_id,
        org_id=org_id,
        contact=contact,
        approve=approve,
    ).consume()
    return "approved" if approve else "created"


def join_request_tx(tx: ManagedTransaction, *, request_id: str) -> dict[str, Any] | None:
    """One join request or claim: its organisation, its user, whether a claim, its status."""
    record = tx.run(
        """
        MATCH (r:JoinRequest {id: $request_id})-[:TO]->(o:Organization)
        MATCH (r)-[:BY]->(u:User)
        RETURN r.id AS id, r.status AS status, coalesce(r.claim, false) AS claim,
               o.id AS org_id, o.name AS org_name, u.id AS user_id, u.email AS email
        """,
        request_id=request_id,
    ).single()
    return native_row(record)


def pending_queue_tx(tx: ManagedTransaction, *, limit: int) -> list[dict[str, Any]]:
    """Every pending join request and claim, oldest first, across all organisations."""
    result = tx.run(
        f"""
        MATCH (r:JoinRequest {{status: 'pending'}})-[:TO]->(o:Organization)
        MATCH (r)-[:BY]->(u:User)
        RETURN r.id AS id, r.created_at AS created_at, coalesce(r.claim, false) AS claim,
               r.contact_email AS contact_email, o.id AS org_id, o.name AS org_name,
               o.email AS org_email, {_ORPHAN} AS unclaimed,
               u.id AS user_id, u.name AS name, u.email AS email
        ORDER BY r.created_at
        LIMIT $limit
        """,
        limit=limit,
    )
    return native_rows(result)


def count_pending_queue_tx(tx: ManagedTransaction) -> int:
    return count_of(tx, "MATCH (r:JoinRequest {status: 'pending'}) RETURN count(r) AS n")


def admin_ids_tx(tx: ManagedTransaction) -> list[str]:
    """The ids of the active administrators (who decide claims)."""
    result = tx.run("MATCH (u:User {role: 'admin', active: true}) RETURN u.id AS id")
    return [str(record["id"]) for record in result]


@network_unchanged
def submit_claim_tx(
    tx: ManagedTransaction,
    *,
    request_id: str,
    user_id: str,
    user_name: str,
    org: dict[str, Any],
    approve: bool,
    link: str,
) -> str:
    """Create the claim and, when it waits for them, notify the administrators (``link``:
    the queue); returns create_claim_tx's outcome."""
    outcome = create_claim_tx(
        tx,
        request_id=request_id,
        user_id=user_id,
        org_id=org["id"],
        contact=org["contact"],
        approve=approve,
    )
    if outcome == "created":
        notify_tx(
            tx,
            kind="claim_received",
            link=link,
            user_ids=admin_ids_tx(tx),
            params={"org_name": org["name"], "user_name": user_name},
            exclude_user_ids=[user_id],
        )
    return outcome
