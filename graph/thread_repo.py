"""Message threads on partnership requests and consortium invitations.

A message is ``(:Message)-[:ON]->(subject)``, the subject a ``PartnershipRequest`` or an
``Invitation``; it records its author and the organisation they wrote for.
"""

from __future__ import annotations

from typing import Any, Final

from neo4j import ManagedTransaction

from graph.notification_repo import notify_tx
from graph.thread_records import InvitationParties, RequestParties, ThreadMessage
from graph.versioning import network_unchanged

#: The kinds of subject a thread hangs on, and their labels (the only labels used here).
SUBJECT_LABELS: Final[dict[str, str]] = {
    "request": "PartnershipRequest",
    "invitation": "Invitation",
}
_ORG = "{{id: {v}.id, name: {v}.name, kind: {v}.kind, code: {v}.code}}"


def _label(subject: str) -> str:
    label = SUBJECT_LABELS.get(subject)
    if label is None:
        raise ValueError(f"unknown thread subject {subject!r}")
    return label


def request_parties_tx(tx: ManagedTransaction, *, request_id: str) -> RequestParties | None:
    """A partnership request's two organisations and whether it is still open."""
    record = tx.run(
        f"""
        MATCH (a:Organization)<-[:FROM]-(r:PartnershipRequest {{id: $request_id}})
              -[:TO]->(b:Organization)
        RETURN r.id AS id, r.status AS status,
               r.status = 'pending' AND r.expires_at >= datetime() AS open,
               r.message AS message, r.created_at AS created_at,
               {_ORG.format(v="a")} AS from_org, {_ORG.format(v="b")} AS to_org
        """,
        request_id=request_id,
    ).single()
    return None if record is None else RequestParties.from_record(record)


def invitation_parties_tx(
    tx: ManagedTransaction, *, invitation_id: str
) -> InvitationParties | None:
    """An invitation's organisation, its consortium with the lead, and whether it is open."""
    record = tx.run(
        f"""
        MATCH (o:Organization)<-[:TO]-(i:Invitation {{id: $invitation_id}})
              -[:FOR]->(c:Consortium)
        OPTIONAL MATCH (lead:Organization)-[:MEMBER_OF {{role: 'lead'}}]->(c)
        RETURN i.id AS id, i.status AS status,
               i.status = 'pending' AND i.expires_at >= datetime() AS open,
               i.invited_by AS invited_by, c.id AS consortium_id, c.title AS title,
               {_ORG.format(v="o")} AS org,
               CASE WHEN lead IS NULL THEN null ELSE {_ORG.format(v="lead")} END AS lead
        """,
        invitation_id=invitation_id,
    ).single()
    return None if record is None else InvitationParties.from_record(record)


def messages_tx(tx: ManagedTransaction, *, subject: str, subject_id: str) -> list[ThreadMessage]:
    """The thread of one subject, oldest first."""
    result = tx.run(
        f"""
        MATCH (m:Message)-[:ON]->(:{_label(subject)} {{id: $subject_id}})
        RETURN m {{.id, .body, .created_at, .author_id, .author_name, .org_id, .org_name}}
               AS message
        ORDER BY m.created_at, m.id
        """,
        subject_id=subject_id,
    )
    return [ThreadMessage.from_record(record["message"]) for record in result]


def message_counts_tx(
    tx: ManagedTransaction, *, subject: str, subject_ids: list[str]
) -> dict[str, int]:
    """How many messages each subject's thread holds (absent: none)."""
    result = tx.run(
        f"""
        MATCH (m:Message)-[:ON]->(s:{_label(subject)}) WHERE s.id IN $subject_ids
        RETURN s.id AS id, count(m) AS n
        """,
        subject_ids=subject_ids,
    )
    return {str(record["id"]): int(record["n"]) for record in result}


@network_unchanged  # a message changes no tie of the network
def add_message_tx(
    tx: ManagedTransaction,
    *,
    subject: str,
    subject_id: str,
    message: dict[str, Any],
    max_messages: int,
) -> str:
    """Append a message while the subject is open; ``added``, ``closed`` or ``full``.

    The subject is locked first, so two messages at once cannot pass the limit together.
    """
    record = tx.run(
        f"""
        MATCH (s:{_label(subject)} {{id: $subject_id}})
        SET s._lock = true
        REMOVE s._lock
        RETURN s.status = 'pending' AND s.expires_at >= datetime() AS open,
               COUNT {{ (:Message)-[:ON]->(s) }} AS n
        """,
        subject_id=subject_id,
    ).single()
    if record is None or not record["open"]:
        return "closed"
    if record["n"] >= max_messages:
        return "full"
    tx.run(
        f"""
        MATCH (s:{_label(subject)} {{id: $subject_id}})
        CREATE (m:Message)-[:ON]->(s)
        SET m = $message, m.created_at = datetime()
        """,
        subject_id=subject_id,
        message=message,
    ).consume()
    return "added"


@network_unchanged
def post_message_tx(
    tx: ManagedTransaction,
    *,
    subject: str,
    subject_id: str,
    message: dict[str, Any],
    notify: dict[str, Any],
    max_messages: int,
) -> str:
    """Add a message and notify the other side's people (``notify``: link, params, org_ids,
    user_ids) in one transaction; returns add_message_tx's outcome."""
    outcome = add_message_tx(
        tx, subject=subject, subject_id=subject_id, message=message, max_messages=max_messages
    )
    if outcome == "added":
        notify_tx(
            tx,
            kind="message_received",
            link=notify["link"],
            params=notify["params"],
            org_ids=notify["org_ids"],
            user_ids=notify["user_ids"],
            exclude_user_ids=[message["author_id"]],
        )
    return outcome
