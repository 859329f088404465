"""Invitations to join a consortium: open, answer, withdraw, list; they expire by date.

At most one invitation per consortium and organisation is pending at a time: its
``pending_key`` is unique (graph/schema.py) and cleared once it is answered or expires.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.answers import any_matched, first_refusal
from graph.invitation_records import AddressedInvitation, PendingInvitation
from graph.notification_repo import (
    consortium_link,
    expiring_params,
    invitations_link,
    mark_reminders_due_tx,
    notify_tx,
)
from graph.versioning import network_unchanged

#: Who hears of each change of an invitation: the invited organisation's users
#: (``invited``) and the consortium's side: its lead's users and who sent the invitation
#: (``consortium``).
NOTIFIED_SIDES: dict[str, tuple[str, ...]] = {
    "received": ("invited",),
    "accepted": ("consortium",),
    "declined": ("consortium",),
    "withdrawn": ("invited",),
    "expired": ("invited", "consortium"),
    "reminder": ("invited",),
}


def invitation_key(consortium_id: str, org_id: str) -> str:
    """The ``pending_key`` of a pending invitation: one per consortium and organisation.

    >>> invitation_key("CNS-1", "ORG-A")
    'CNS-1|ORG-A'
    """
    return f"{consortium_id}|{org_id}"


def notify_invitation_tx(
    tx: ManagedTransaction,
    *,
    invitation_id: str,
    event: str,
    exclude_user_ids: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> int:
    """Notify the sides concerned by ``event`` of an invitation; returns how many."""
    record = tx.run(
        """
        MATCH (i:Invitation {id: $invitation_id})-[:FOR]->(c:Consortium)
        MATCH (i)-[:TO]->(o:Organization)
        RETURN i.invited_by AS invited_by, i.expires_at AS expires_at, o.id AS org_id,
               o.name AS org_name, c.id AS consortium_id, c.title AS consortium_name,
               [(lead:Organization)-[:MEMBER_OF {role: 'lead'}]->(c) | lead.id] AS leads
        """,
        invitation_id=invitation_id,
    ).single()
    if record is None:
        return 0
    params = expiring_params(record, "org_name", "consortium_name")
    kind = f"invitation_{event}"
    written = 0
    for side in NOTIFIED_SIDES.get(event, ()):
        if side == "invited":
            written += notify_tx(
                tx,
                kind=kind,
                link=invitations_link(invitation_id),
                params=params,
                org_ids=[record["org_id"]],
                exclude_user_ids=exclude_user_ids,
                now=now,
            )
        else:
            written += notify_tx(
                tx,
                kind=kind,
                link=consortium_link(record["consortium_id"]),
                params=params,
                org_ids=list(record["leads"]),
                user_ids=[record["invited_by"]] if record["invited_by"] else [],
                exclude_user_ids=exclude_user_ids,
                now=now,
            )
    return written


def create_invitation_tx(
    tx: ManagedTransaction,
    *,
    invitation: dict[str, Any],
    consortium_id: str,
    org_id: str,
    days: int,
) -> str:
    """Invite ``org_id``; returns ``created``, ``member`` or ``missing``.

    A pending invitation for the same organisation raises ConstraintError (pending_key).
    """
    record = tx.run(
        """
        MATCH (c:Consortium {id: $consortium_id})
        OPTIONAL MATCH (o:Organization {id: $org_id})
        RETURN o IS NOT NULL AS found, EXISTS { (o)-[:MEMBER_OF]->(c) } AS member
        """,
        consortium_id=consortium_id,
        org_id=org_id,
    ).single()
    refusal = first_refusal(record, "member")
    if refusal:
        return refusal
    for stale in tx.run(
        """
        MATCH (stale:Invitation {pending_key: $invitation.pending_key})
        WHERE stale.expires_at < datetime()
        SET stale.status = 'expired', stale.pending_key = null
        RETURN stale.id AS id
        """,
        invitation=invitation,
    ).value("id"):
        notify_invitation_tx(tx, invitation_id=stale, event="expired")
    tx.run(
        """
        MATCH (c:Consortium {id: $consortium_id}), (o:Organization {id: $org_id})
        MERGE (i:Invitation {id: $invitation.id})
          ON CREATE SET i += $invitation, i.status = 'pending', i.created_at = datetime(),
                        i.expires_at = datetime() + duration({days: $days})
        MERGE (i)-[:FOR]->(c)
        MERGE (i)-[:TO]->(o)
        """,
        invitation=invitation,
        consortium_id=consortium_id,
        org_id=org_id,
        days=days,
    ).consume()
    notify_invitation_tx(
        tx,
        invitation_id=invitation["id"],
        event="received",
        exclude_user_ids=[invitation.get("invited_by") or ""],
    )
    return "created"


def get_invitation_tx(tx: ManagedTransaction, *, invitation_id: str) -> AddressedInvitation | None:
    """One invitation with its consortium and the invited organisation."""
    record = tx.run(
        """
        MATCH (i:Invitation {id: $invitation_id})-[:FOR]->(c:Consortium)
        MATCH (i)-[:TO]->(o:Organization)
        RETURN i.id AS id, i.role AS role, i.status AS status, i.budget_eur AS budget_eur,
               i.budget_lines AS budget_lines, i.expires_at AS expires_at,
               c.id AS consortium_id, o.id AS org_id, o.kind AS org_kind, o.code AS org_code
        """,
        invitation_id=invitation_id,
    ).single()
    return None if record is None else AddressedInvitation.from_record(record)


def answer_invitation_tx(
    tx: ManagedTransaction, *, invitation_id: str, accept: bool, decided_by: str | None
) -> str:
    """Accept (the organisation becomes a member with the offered role and budget) or
    decline; returns ``accepted``, ``declined``, ``expired`` or ``not_pending``."""
    record = tx.run(
        """
        MATCH (i:Invitation {id: $invitation_id})
        RETURN i.status = 'pending' AS pending, i.expires_at < datetime() AS expired
        """,
        invitation_id=invitation_id,
    ).single()
    if record is None or not record["pending"]:
        return "not_pending"
    if record["expired"]:
        tx.run(
            "MATCH (i:Invitation {id: $invitation_id}) "
            "SET i.status = 'expired', i.pending_key = null",
            invitation_id=invitation_id,
        ).consume()
        notify_invitation_tx(tx, invitation_id=invitation_id, event="expired")
        return "expired"
    outcome = "accepted" if accept else "declined"
    tx.run(
        """
        MATCH (i:Invitation {id: $invitation_id})-[:FOR]->(c:Consortium)
        MATCH (i)-[:TO]->(o:Organization)
        SET i.status = $outcome, i.pending_key = null, i.decided_at = datetime(),
            i.decided_by = $decided_by
        FOREACH (_ IN CASE WHEN $accept THEN [1] ELSE [] END |
            MERGE (o)-[r:MEMBER_OF]->(c)
              ON CREATE SET r.role = i.role, r.budget_eur = i.budget_eur,
                            r.budget_lines = i.budget_lines, r.joined_at = datetime())
        """,
        invitation_id=invitation_id,
        outcome=outcome,
        accept=accept,
        decided_by=decided_by,
    ).consume()
    notify_invitation_tx(
        tx, invitation_id=invitation_id, event=outcome, exclude_user_ids=[decided_by or ""]
    )
    return outcome


@network_unchanged  # withdrawing an offer changes no tie of the network
def withdraw_invitation_tx(
    tx: ManagedTransaction, *, invitation_id: str, consortium_id: str, decided_by: str | None
) -> bool:
    """Withdraw a pending invitation of this consortium."""
    withdrawn = any_matched(
        tx,
        """
        MATCH (i:Invitation {id: $invitation_id, status: 'pending'})
              -[:FOR]->(:Consortium {id: $consortium_id})
        SET i.status = 'withdrawn', i.pending_key = null, i.decided_at = datetime(),
            i.decided_by = $decided_by
        RETURN count(i) AS n
        """,
        invitation_id=invitation_id,
        consortium_id=consortium_id,
        decided_by=decided_by,
    )
    if withdrawn:
        notify_invitation_tx(
            tx, invitation_id=invitation_id, event="withdrawn", exclude_user_ids=[decided_by or ""]
        )
    return withdrawn


def pending_invitations_tx(
    tx: ManagedTransaction, *, org_ids: list[str], district_codes: list[str]
) -> list[PendingInvitation]:
    """Live invitations addressed to these organisations or to these districts."""
    result = tx.run(
        """
        MATCH (i:Invitation {status: 'pending'})-[:TO]->(o:Organization)
        WHERE i.expires_at >= datetime()
          AND (o.id IN $org_ids OR (o:District AND o.code IN $district_codes))
        MATCH (i)-[:FOR]->(c:Consortium)-[:FOR_CALL]->(call:Call)
        OPTIONAL MATCH (lead:Organization)-[:MEMBER_OF {role: 'lead'}]->(c)
        RETURN i.id AS id, i.role AS role, i.budget_eur AS budget_eur,
               i.expires_at AS expires_at, o.id AS org_id, o.name AS org_name,
               c.id AS consortium_id, c.title AS title, call.code AS call, lead.name AS lead
        ORDER BY i.expires_at
        """,
        org_ids=org_ids,
        district_codes=district_codes,
    )
    return [PendingInvitation.from_record(record) for record in result]


@network_unchanged
def expire_invitations_tx(tx: ManagedTransaction, *, now: datetime) -> list[str]:
    """Expire every pending invitation past its date, telling both sides; returns ids."""
    ids = [
        str(i)
        for i in tx.run(
            """
        MATCH (i:Invitation {status: 'pending'}) WHERE i.expires_at <= $now
        SET i._lock = true
        REMOVE i._lock
        WITH i WHERE i.status = 'pending'
        SET i.status = 'expired', i.pending_key = null, i.decided_at = $now
        RETURN i.id AS id
        """,
            now=now,
        ).value("id")
    ]
    for invitation_id in ids:
        notify_invitation_tx(tx, invitation_id=invitation_id, event="expired", now=now)
    return ids


@network_unchanged
def remind_invitations_tx(tx: ManagedTransaction, *, now: datetime, before: datetime) -> list[str]:
    """Remind the invited organisations of pending invitations that expire before
    ``before``, once each (``reminded_at`` set under a lock); returns the ids."""
    ids = mark_reminders_due_tx(tx, label="Invitation", now=now, before=before)
    for invitation_id in ids:
        notify_invitation_tx(tx, invitation_id=invitation_id, event="reminder", now=now)
    return ids
