"""Join requests (a user asks to act for an organisation) and organisation proposals."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.answers import first_refusal
from graph.errors import Conflict
from graph.membership_records import (
    JoinRequest,
    OwnJoinRequest,
    PendingProposal,
)
from graph.notification_repo import (
    ACCOUNT_LINK,
    ADMIN_REQUESTS_LINK,
    join_requests_link,
    notify_tx,
    organization_link,
)
from graph.organization_write_repo import create_organization_tx
from graph.user_repo import link_user_organization_tx


def create_join_request_tx(
    tx: ManagedTransaction, *, request_id: str, user_id: str, org_id: str
) -> str:
    """Open a join request unless one is pending or the user already acts for the org.

    Returns ``created``, ``pending`` (one already waits), ``member`` or ``missing``. A
    pending request holds ``pending_key`` (user and organisation), unique by constraint:
    of two concurrent requests one fails on it, and is told one is pending.
    """
    record = tx.run(
        """
        OPTIONAL MATCH (u:User {id: $user_id})
        OPTIONAL MATCH (o:Organization {id: $org_id})
        WITH u, o
        RETURN u IS NOT NULL AND o IS NOT NULL AS found,
               EXISTS { (u)-[:ACTS_FOR]->(o) } AS member,
               EXISTS { (r:JoinRequest {status: 'pending'})-[:BY]->(u)
                        WHERE (r)-[:TO]->(o) } AS pending
        """,
        user_id=user_id,
        org_id=org_id,
    ).single(strict=True)
    refusal = first_refusal(record, "member", "pending")
    if refusal:
        return refusal
    tx.run(
        """
        MATCH (u:User {id: $user_id}), (o:Organization {id: $org_id})
        CREATE (r:JoinRequest {id: $request_id, status: 'pending', created_at: datetime(),
                               pending_key: $user_id + '|' + $org_id})
        CREATE (r)-[:BY]->(u), (r)-[:TO]->(o)
        """,
        request_id=request_id,
        user_id=user_id,
        org_id=org_id,
    ).consume()
    _notify_join_request_tx(tx, user_id=user_id, org_id=org_id)
    return "created"


def _notify_join_request_tx(tx: ManagedTransaction, *, user_id: str, org_id: str) -> int:
    """Tell who decides a join request: the organisation's users, or the administrators
    when nobody acts for it yet (both may decide: app.policy.can_decide_join_request)."""
    names = tx.run(
        "MATCH (u:User {id: $user_id}), (o:Organization {id: $org_id}) "
        "RETURN coalesce(u.name, u.email) AS user_name, o.name AS org_name",
        user_id=user_id,
        org_id=org_id,
    ).single(strict=True)
    params = {"user_name": names["user_name"], "org_name": names["org_name"]}
    link = join_requests_link(org_id)
    written = notify_tx(
        tx,
        kind="join_request_received",
        link=link,
        params=params,
        org_ids=[org_id],
        exclude_user_ids=[user_id],
    )
    if not written:
        admins = tx.run("MATCH (u:User {role: 'admin'}) RETURN u.id AS id").value("id")
        written = notify_tx(
            tx,
            kind="join_request_received",
            link=ADMIN_REQUESTS_LINK,
            params=params,
            user_ids=admins,
            exclude_user_ids=[user_id],
        )
    return written


def is_pending_clash(error: Conflict) -> bool:
    """True when ``error`` is the pending join request's uniqueness constraint."""
    return "pending_key" in str(error.message or "")


def pending_join_requests_tx(tx: ManagedTransaction, *, org_id: str) -> list[JoinRequest]:
    """Requests waiting for a decision on one organisation."""
    result = tx.run(
        """
        MATCH (r:JoinRequest {status: 'pending'})-[:TO]->(:Organization {id: $org_id})
        MATCH (r)-[:BY]->(u:User)
        RETURN r.id AS id, r.created_at AS created_at, u.id AS user_id, u.name AS name,
               u.email AS email
        ORDER BY r.created_at
        """,
        org_id=org_id,
    )
    return [JoinRequest.from_record(record) for record in result]


def user_join_requests_tx(tx: ManagedTransaction, *, user_id: str) -> list[OwnJoinRequest]:
    """A user's own requests, newest first."""
    result = tx.run(
        """
        MATCH (r:JoinRequest)-[:BY]->(:User {id: $user_id})
        MATCH (r)-[:TO]->(o:Organization)
        RETURN r.id AS id, r.status AS status, r.created_at AS created_at,
               o.id AS org_id, o.name AS org_name
        ORDER BY r.created_at DESC
        """,
        user_id=user_id,
    )
    return [OwnJoinRequest.from_record(record) for record in result]


def decide_join_request_tx(
    tx: ManagedTransaction, *, request_id: str, org_id: str, approve: bool, decided_by: str
) -> str | None:
    """Approve (link the user to the organisation) or decline a pending request; returns
    the id of the user who asked (None: no such pending request).

    The request must concern ``org_id``: a member of A cannot decide requests for B.
    """
    record = tx.run(
        """
        MATCH (r:JoinRequest {id: $request_id, status: 'pending'})-[:TO]->
              (o:Organization {id: $org_id})
        MATCH (r)-[:BY]->(u:User)
        SET r.status = CASE WHEN $approve THEN 'approved' ELSE 'declined' END,
            r.decided_at = datetime(), r.decided_by = $decided_by, r.pending_key = null
        FOREACH (_ IN CASE WHEN $approve THEN [1] ELSE [] END |
            MERGE (u)-[a:ACTS_FOR]->(o) ON CREATE SET a.since = datetime())
        RETURN u.id AS user_id, r.status AS status, o.name AS org_name
        """,
        request_id=request_id,
        org_id=org_id,
        approve=approve,
        decided_by=decided_by,
    ).single()
    if record is None:
        return None
    notify_tx(
        tx,
        kind="join_request_approved" if approve else "join_request_refused",
        link=organization_link(org_id) if approve else ACCOUNT_LINK,
        params={"org_name": record["org_name"]},
        user_ids=[record["user_id"]],
    )
    return str(record["user_id"])


def create_proposal_tx(
    tx: ManagedTransaction, *, proposal_id: str, user_id: str, data: dict[str, Any]
) -> None:
    """Store a proposed organisation for an administrator to review."""
    tx.run(
        """
        MATCH (u:User {id: $user_id})
        CREATE (p:OrganizationProposal {id: $proposal_id, status: 'pending',
                                        created_at: datetime()})
        SET p += $data
        CREATE (p)-[:BY]->(u)
        """,
        proposal_id=proposal_id,
        user_id=user_id,
        data=data,
    ).consume()


def pending_proposals_tx(tx: ManagedTransaction) -> list[PendingProposal]:
    """Proposals waiting for an administrator, oldest first, with who sent each."""
    result = tx.run(
        """
        MATCH (p:OrganizationProposal {status: 'pending'})-[:BY]->(u:User)
        RETURN p {.*} AS proposal, u.id AS user_id, u.email AS email, u.name AS user_name
        ORDER BY p.created_at
        """
    )
    return [PendingProposal.from_record(record) for record in result]


def get_proposal_tx(tx: ManagedTransaction, *, proposal_id: str) -> PendingProposal | None:
    """A proposal still pending, with who sent it; None when none is."""
    record = tx.run(
        "MATCH (p:OrganizationProposal {id: $proposal_id, status: 'pending'})-[:BY]->(u:User) "
        "RETURN p {.*} AS proposal, u.id AS user_id, u.email AS email, u.name AS user_name",
        proposal_id=proposal_id,
    ).single()
    return None if record is None else PendingProposal.from_record(record)


def close_proposal_tx(
    tx: ManagedTransaction,
    *,
    proposal_id: str,
    status: str,
    decided_by: str,
    org_id: str | None,
) -> bool:
    """Mark a pending proposal approved or declined; False if it was no longer pending.

    The write lock is taken before the status is read, so of two administrators deciding
    at once exactly one succeeds.
    """
    record = tx.run(
        """
        MATCH (p:OrganizationProposal {id: $proposal_id})
        SET p._lock = true
        REMOVE p._lock
        WITH p WHERE p.status = 'pending'
        SET p.status = $status, p.decided_at = datetime(), p.decided_by = $decided_by,
            p.organization_id = $org_id
        WITH p
        MATCH (p)-[:BY]->(u:User)
        RETURN count(p) AS n, collect(u.id) AS users, p.name AS name
        """,
        proposal_id=proposal_id,
        status=status,
        decided_by=decided_by,
        org_id=org_id,
    ).single()
    if record is None or not record["n"]:
        return False
    approved = status == "approved"
    notify_tx(
        tx,
        kind="proposal_approved" if approved else "proposal_refused",
        link=organization_link(org_id) if approved and org_id else ACCOUNT_LINK,
        params={"org_name": record["name"]},
        user_ids=list(record["users"]),
    )
    return True


def approve_proposal_tx(
    tx: ManagedTransaction,
    *,
    proposal_id: str,
    decided_by: str,
    user_id: str,
    org_id: str,
    kind: str,
    props: dict[str, Any],
    municipality: str,
    themes: list[str],
) -> bool:
    """Close the proposal, create the organisation and let the proposer act for it, at once."""
    if not close_proposal_tx(
        tx, proposal_id=proposal_id, status="approved", decided_by=decided_by, org_id=org_id
    ):
        return False
    create_organization_tx(tx, kind=kind, props=props, municipality=municipality, themes=themes)
    link_user_organization_tx(tx, user_id=user_id, org_id=org_id)
    return True
