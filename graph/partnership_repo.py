"""Partnership requests and their outcome: request, answer, withdraw, expire, end.

A request is ``(:PartnershipRequest)-[:FROM]->(:Organization)`` and ``-[:TO]->``; while
pending it holds ``pending_key`` (the pair, sorted), unique by constraint, so two requests
between the same organisations can never be pending at once. Every transition locks the
node before reading its status, so of two concurrent answers exactly one wins.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.answers import any_matched, first_refusal
from graph.notification_repo import (
    expiring_params,
    mark_reminders_due_tx,
    notify_tx,
    partnerships_link,
)
from graph.partnership_records import (
    ExpiredRequest,
    OrgRef,
    PartnershipOf,
    RequestBetween,
)
from graph.versioning import network_unchanged

#: The organisation fields every listing returns for both ends.
_ORG = "{{id: {v}.id, name: {v}.name, kind: {v}.kind, code: {v}.code}}"
_REQUEST_FIELDS = (
    "r {.id, .status, .type, .message, .created_at, .expires_at, .decided_at, "
    ".partnership_id} AS request, "
    + _ORG.format(v="a")
    + " AS from_org, "
    + _ORG.format(v="b")
    + " AS to_org"
)
#: A partnership is active until its end date (none: still running).
_ACTIVE = "(p.until IS NULL OR p.until >= $today)"


def pair_key(a: str, b: str) -> str:
    """The unordered pair of two organisations, as stored in ``pending_key``.

    >>> pair_key("ORG-B", "ORG-A")
    'ORG-A|ORG-B'
    """
    return "|".join(sorted((a, b)))


def organizations_tx(tx: ManagedTransaction, *, org_ids: list[str]) -> list[OrgRef]:
    """Id, name, kind and code of the given organisations (or of the districts coded so)."""
    result = tx.run(
        """
        MATCH (o:Organization)
        WHERE o.id IN $org_ids OR (o:District AND o.code IN $org_ids)
        RETURN DISTINCT o.id AS id, o.name AS name, o.kind AS kind, o.code AS code
        ORDER BY o.name
        """,
        org_ids=org_ids,
    )
    return [OrgRef.from_record(record) for record in result]


@network_unchanged
def create_request_tx(tx: ManagedTransaction, *, request: dict[str, Any], today: date) -> str:
    """Open a request; returns ``created``, ``missing``, ``partners`` or ``pending``.

    A ``ConstraintError`` (another request became pending meanwhile) propagates.
    """
    record = tx.run(
        f"""
        OPTIONAL MATCH (a:Organization {{id: $request.from_id}})
        OPTIONAL MATCH (b:Organization {{id: $request.to_id}})
        RETURN a IS NOT NULL AND b IS NOT NULL AS found,
               EXISTS {{ (a)-[p:PARTNER_OF]-(b) WHERE {_ACTIVE} }} AS partners,
               EXISTS {{ (r:PartnershipRequest {{pending_key: $request.pending_key}}) }}
                   AS pending
        """,
        request=request,
        today=today,
    ).single(strict=True)
    refusal = first_refusal(record, "partners", "pending")
    if refusal:
        return refusal
    tx.run(
        """
        MATCH (a:Organization {id: $request.from_id}), (b:Organization {id: $request.to_id})
        CREATE (r:PartnershipRequest {id: $request.id, status: 'pending',
                type: $request.type, message: $request.message,
                created_at: $request.created_at, expires_at: $request.expires_at,
                requested_by: $request.requested_by, pending_key: $request.pending_key})
        CREATE (r)-[:FROM]->(a), (r)-[:TO]->(b)
        """,
        request=request,
    ).consume()
    notify_request_tx(
        tx,
        request_id=request["id"],
        kind="partnership_request_received",
        sides=("to",),
        exclude_user_ids=[request["requested_by"] or ""],
        now=request["created_at"],
    )
    return "created"


#: Who hears of each change of a request: the side that must act or learn of it.
NOTIFIED_SIDES: dict[str, tuple[str, ...]] = {
    "accepted": ("from",),
    "declined": ("from",),
    "withdrawn": ("to",),
    "expired": ("from", "to"),
    "reminder": ("to",),
}


def notify_request_tx(
    tx: ManagedTransaction,
    *,
    request_id: str,
    kind: str,
    sides: tuple[str, ...],
    exclude_user_ids: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> int:
    """Notify the users of the request's ``sides`` (``from``, ``to``), each with a link
    to the request on their own organisation's page; returns how many were written."""
    record = tx.run(
        "MATCH (a:Organization)<-[:FROM]-(r:PartnershipRequest {id: $request_id})-[:TO]->"
        "(b:Organization) RETURN a.id AS from_id, a.name AS from_name, b.id AS to_id, "
        "b.name AS to_name, r.expires_at AS expires_at",
        request_id=request_id,
    ).single()
    if record is None:
        return 0
    params = expiring_params(record, "from_name", "to_name")
    written = 0
    for side in sides:
        org_id = record["from_id"] if side == "from" else record["to_id"]
        written += notify_tx(
            tx,
            kind=kind,
            link=partnerships_link(org_id, request_id),
            params=params,
            org_ids=[org_id],
            exclude_user_ids=exclude_user_ids,
            now=now,
        )
    return written


def get_request_tx(tx: ManagedTransaction, *, request_id: str) -> RequestBetween | None:
    """One request with both organisations, or None."""
    record = tx.run(
        "MATCH (a:Organization)<-[:FROM]-(r:PartnershipRequest {id: $request_id})-[:TO]->"
        "(b:Organization) RETURN " + _REQUEST_FIELDS,
        request_id=request_id,
    ).single()
    return None if record is None else RequestBetween.from_record(record)


@network_unchanged
def close_request_tx(
    tx: ManagedTransaction,
    *,
    request_id: str,
    status: str,
    actor_id: str | None,
    now: datetime,
) -> bool:
    """Move a pending request to ``status`` (declined, withdrawn); False if not pending."""
    moved = any_matched(
        tx,
        """
        MATCH (r:PartnershipRequest {id: $request_id})
        SET r._lock = true
        REMOVE r._lock
        WITH r WHERE r.status = 'pending' AND r.expires_at > $now
        SET r.status = $status, r.decided_at = $now, r.decided_by = $actor_id,
            r.pending_key = null
        RETURN count(r) AS n
        """,
        request_id=request_id,
        status=status,
        actor_id=actor_id,
        now=now,
    )
    if moved:
        notify_request_tx(
            tx,
            request_id=request_id,
            kind=f"partnership_request_{status}",
            sides=NOTIFIED_SIDES.get(status, ()),
            exclude_user_ids=[actor_id or ""],
            now=now,
        )
    return moved


def accept_request_tx(
    tx: ManagedTransaction,
    *,
    request_id: str,
    actor_id: str | None,
    now: datetime,
    today: date,
    partnership: dict[str, Any],
) -> str:
    """Accept a pending request and create the partnership at once.

    Returns ``accepted``, ``closed`` (no longer pending) or ``partners`` (the two became
    partners meanwhile: the request is accepted but no second partnership is made).
    """
    record = tx.run(
        f"""
        MATCH (a:Organization)<-[:FROM]-(r:PartnershipRequest {{id: $request_id}})-[:TO]->
              (b:Organization)
        SET r._lock = true
        REMOVE r._lock
        WITH a, b, r WHERE r.status = 'pending' AND r.expires_at > $now
        SET r.status = 'accepted', r.decided_at = $now, r.decided_by = $actor_id,
            r.pending_key = null
        WITH a, b, r, EXISTS {{ (a)-[p:PARTNER_OF]-(b) WHERE {_ACTIVE} }} AS partners
        CALL (a, b, r, partners) {{
            WITH a, b, r WHERE NOT partners
            CREATE (a)-[p:PARTNER_OF {{id: $partnership.id}}]->(b)
            SET p.type = r.type, p.since = $today, p.until = null,
                p.strength = $partnership.strength, p.source = 'platform',
                p.request_id = r.id, p.created_at = $now
            SET r.partnership_id = p.id
        }}
        RETURN partners
        """,
        request_id=request_id,
        actor_id=actor_id,
        now=now,
        today=today,
        partnership=partnership,
    ).single()
    if record is None:
        return "closed"
    notify_request_tx(
        tx,
        request_id=request_id,
        kind="partnership_request_accepted",
        sides=NOTIFIED_SIDES["accepted"],
        exclude_user_ids=[actor_id or ""],
        now=now,
    )
    return "partners" if record["partners"] else "accepted"


@network_unchanged
def expire_requests_tx(tx: ManagedTransaction, *, now: datetime) -> list[ExpiredRequest]:
    """Mark every pending request past its expiry as expired; returns the ones changed."""
    result = tx.run(
        """
        MATCH (r:PartnershipRequest {status: 'pending'}) WHERE r.expires_at <= $now
        SET r._lock = true
        REMOVE r._lock
        WITH r WHERE r.status = 'pending'
        SET r.status = 'expired', r.decided_at = $now, r.pending_key = null
        WITH r
        MATCH (a:Organization)<-[:FROM]-(r)-[:TO]->(b:Organization)
        RETURN r.id AS id, a.id AS from_id, b.id AS to_id, r.type AS type
        """,
        now=now,
    )
    expired = [ExpiredRequest.from_record(record) for record in result]
    for row in expired:
        notify_request_tx(
            tx,
            request_id=row.id,
            kind="partnership_request_expired",
            sides=NOTIFIED_SIDES["expired"],
            now=now,
        )
    return expired


@network_unchanged
def remind_requests_tx(tx: ManagedTransaction, *, now: datetime, before: datetime) -> list[str]:
    """Remind the receivers of pending requests that expire before ``before``, once each
    (``reminded_at`` is set under a lock); returns the ids reminded."""
    ids = mark_reminders_due_tx(tx, label="PartnershipRequest", now=now, before=before)
    for request_id in ids:
        notify_request_tx(
            tx,
            request_id=request_id,
            kind="partnership_request_reminder",
            sides=NOTIFIED_SIDES["reminder"],
            now=now,
        )
    return ids


def requests_of_tx(
    tx: ManagedTransaction, *, org_ids: list[str], limit: int
) -> list[RequestBetween]:
    """Requests sent or received by any of ``org_ids``, newest first."""
    result = tx.run(
        "MATCH (a:Organization)<-[:FROM]-(r:PartnershipRequest)-[:TO]->(b:Organization) "
        "WHERE a.id IN $org_ids OR b.id IN $org_ids "
        "WITH r, a, b ORDER BY r.created_at DESC LIMIT $limit "
        "RETURN " + _REQUEST_FIELDS,
        org_ids=org_ids,
        limit=limit,
    )
    return [RequestBetween.from_record(record) for record in result]


def partnerships_of_tx(tx: ManagedTransaction, *, org_id: str) -> list[PartnershipOf]:
    """Every partnership of one organisation (past and present), newest first."""
    result = tx.run(
        """
        MATCH (o:Organization {id: $org_id})-[p:PARTNER_OF]-(other:Organization)
        RETURN p {.id, .type, .since, .until, .source, .ended_at} AS partnership,
               o {.id, .name, .kind, .code} AS organization, other {.id, .name, .kind} AS partner
        ORDER BY p.since DESC, other.name
        """,
        org_id=org_id,
    )
    return [PartnershipOf.from_record(record) for record in result]


def get_partnership_tx(tx: ManagedTransaction, *, partnership_id: str) -> PartnershipOf | None:
    """One partnership with both organisations (its start as ``organization``), or None."""
    record = tx.run(
        "MATCH (a:Organization)-[p:PARTNER_OF {id: $partnership_id}]->(b:Organization) "
        "RETURN p {.id, .type, .since, .until, .source} AS partnership, "
        + _ORG.format(v="a")
        + " AS organization, "
        + _ORG.format(v="b")
        + " AS partner",
        partnership_id=partnership_id,
    ).single()
    return None if record is None else PartnershipOf.from_record(record)


def end_partnership_tx(
    tx: ManagedTransaction,
    *,
    partnership_id: str,
    until: date,
    actor_id: str | None,
    now: datetime,
) -> str:
    """Set the end date of an open partnership: ``ended``, ``missing``, ``ended_before``
    (it already has an end date) or ``before_start`` (the date precedes its start)."""
    record = tx.run(
        """
        MATCH ()-[p:PARTNER_OF {id: $partnership_id}]->()
        SET p._lock = true
        REMOVE p._lock
        WITH p, p.until IS NOT NULL AS ended, p.since IS NOT NULL AND $until < p.since AS early
        FOREACH (_ IN CASE WHEN ended OR early THEN [] ELSE [1] END |
            SET p.until = $until, p.ended_by = $actor_id, p.ended_at = $now)
        RETURN ended, early
        """,
        partnership_id=partnership_id,
        until=until,
        actor_id=actor_id,
        now=now,
    ).single()
    if record is None:
        return "missing"
    if record["ended"]:
        return "ended_before"
    return "before_start" if record["early"] else "ended"
