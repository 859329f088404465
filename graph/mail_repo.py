"""The mail outbox: ``(:Mail)`` nodes, queued in the transaction of their cause and
delivered by the sender (app/services/mail_outbox.py).

A mail is ``pending`` until delivered (``sent``), given up after its last attempt
(``failed``), or kept in the local outbox when no SMTP server is configured (``local``).
A sender claims a batch by setting ``sending_by`` and ``lease_until`` under a lock on each
mail, so two senders never hold the same mail; only the holder marks it sent or failed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph.answers import any_matched, count_of
from graph.mail_records import QueuedMail
from graph.versioning import network_unchanged

_FIELDS = (
    "m {.id, .to, .locale, .subject, .text, .html, .category, .status, .created_at, "
    ".attempts, .next_attempt_at, .sent_at, .last_error, .user_id, .unsubscribe_url} AS mail"
)


def _row(record: Any) -> QueuedMail:
    return QueuedMail.from_record(record["mail"])


@network_unchanged
def enqueue_mail_tx(
    tx: ManagedTransaction,
    *,
    to: str,
    locale: str,
    subject: str,
    text: str,
    html: str,
    category: str,
    user_id: str | None = None,
    unsubscribe_url: str | None = None,
    now: datetime | None = None,
) -> None:
    """Queue one mail to ``to`` (an address that may belong to no user), in the caller's
    transaction; the sender delivers it."""
    now = now or datetime.now(UTC)
    tx.run(
        """
        CREATE (m:Mail {id: $id, to: $to, locale: $locale, subject: $subject, text: $text,
                html: $html, category: $category, user_id: $user_id,
                unsubscribe_url: $unsubscribe_url, status: 'pending', attempts: 0,
                created_at: $now, next_attempt_at: $now})
        """,
        id=str(uuid.uuid4()),
        to=to,
        locale=locale,
        subject=subject,
        text=text,
        html=html,
        category=category,
        user_id=user_id,
        unsubscribe_url=unsubscribe_url,
        now=now,
    ).consume()


@network_unchanged
def enqueue_mails_tx(tx: ManagedTransaction, *, mails: list[dict[str, Any]], now: datetime) -> int:
    """Queue several mails at once (each with the arguments of ``enqueue_mail_tx``)."""
    if not mails:
        return 0
    rows = [
        {"id": str(uuid.uuid4()), "user_id": None, "unsubscribe_url": None, **mail}
        for mail in mails
    ]
    return count_of(
        tx,
        """
        UNWIND $rows AS row
        CREATE (m:Mail {id: row.id, to: row.to, locale: row.locale, subject: row.subject,
                text: row.text, html: row.html, category: row.category,
                user_id: row.user_id, unsubscribe_url: row.unsubscribe_url,
                status: 'pending', attempts: 0, created_at: $now, next_attempt_at: $now})
        RETURN count(m) AS n
        """,
        rows=rows,
        now=now,
    )


@network_unchanged
def claim_mails_tx(
    tx: ManagedTransaction,
    *,
    worker: str,
    now: datetime,
    lease_until: datetime,
    limit: int = 10,
    skip_ids: list[str] | None = None,
) -> list[QueuedMail]:
    """Claim up to ``limit`` pending mails that are due and not held by a live lease
    (nor among ``skip_ids``: those this run has tried already).

    Each mail is locked, then checked again, so of two senders only one gets it.
    """
    result = tx.run(
        "MATCH (m:Mail {status: 'pending'}) "
        "WHERE m.next_attempt_at <= $now AND (m.lease_until IS NULL OR m.lease_until < $now) "
        "AND NOT m.id IN $skip_ids "
        "WITH m ORDER BY m.next_attempt_at, m.id LIMIT $limit "
        "SET m._lock = true "
        "REMOVE m._lock "
        "WITH m WHERE m.status = 'pending' AND (m.lease_until IS NULL OR m.lease_until < $now) "
        "SET m.sending_by = $worker, m.lease_until = $lease_until "
        "RETURN " + _FIELDS,
        worker=worker,
        now=now,
        lease_until=lease_until,
        limit=limit,
        skip_ids=list(skip_ids or ()),
    )
    return [_row(record) for record in result]


def _release_held(
    tx: ManagedTransaction, sets: LiteralString, *, mail_id: str, worker: str, **params: Any
) -> bool:
    """Apply ``sets`` to a mail this sender holds and end its hold (sender and lease);
    False when the sender does not hold it (any more)."""
    return any_matched(
        tx,
        "MATCH (m:Mail {id: $mail_id, sending_by: $worker}) "
        "SET " + sets + ", m.sending_by = null, m.lease_until = null "
        "RETURN count(m) AS n",
        mail_id=mail_id,
        worker=worker,
        **params,
    )


@network_unchanged
def mark_mail_sent_tx(tx: ManagedTransaction, *, mail_id: str, worker: str, now: datetime) -> bool:
    """Record that the SMTP server accepted a mail this sender holds."""
    return _release_held(
        tx,
        "m.status = 'sent', m.sent_at = $now, m.attempts = m.attempts + 1, m.last_error = null",
        mail_id=mail_id,
        worker=worker,
        now=now,
    )


@network_unchanged
def mark_mail_failed_tx(
    tx: ManagedTransaction,
    *,
    mail_id: str,
    worker: str,
    error: str,
    next_attempt_at: datetime | None,
) -> bool:
    """Record a failed attempt: retry at ``next_attempt_at``, or give up (None)."""
    return _release_held(
        tx,
        "m.attempts = m.attempts + 1, m.last_error = $error, "
        "m.status = CASE WHEN $next IS NULL THEN 'failed' ELSE 'pending' END, "
        "m.next_attempt_at = coalesce($next, m.next_attempt_at)",
        mail_id=mail_id,
        worker=worker,
        error=error[:500],
        next=next_attempt_at,
    )


@network_unchanged
def keep_local_tx(tx: ManagedTransaction, *, mail_id: str, worker: str, now: datetime) -> bool:
    """Keep a claimed mail in the local outbox (no SMTP server is configured)."""
    return _release_held(
        tx, "m.status = 'local', m.sent_at = $now", mail_id=mail_id, worker=worker, now=now
    )


def list_mails_tx(
    tx: ManagedTransaction, *, skip: int = 0, limit: int = 25, status: str | None = None
) -> list[QueuedMail]:
    """Mails of the outbox, newest first (all statuses, or only ``status``)."""
    result = tx.run(
        "MATCH (m:Mail) WHERE $status IS NULL OR m.status = $status "
        "RETURN " + _FIELDS + " ORDER BY m.created_at DESC, m.id SKIP $skip LIMIT $limit",
        skip=skip,
        limit=limit,
        status=status,
    )
    return [_row(record) for record in result]


def count_mails_tx(tx: ManagedTransaction, *, status: str | None = None) -> int:
    """How many mails the outbox holds (of ``status``)."""
    return count_of(
        tx,
        "MATCH (m:Mail) WHERE $status IS NULL OR m.status = $status RETURN count(m) AS n",
        status=status,
    )


def get_mail_tx(tx: ManagedTransaction, *, mail_id: str) -> QueuedMail | None:
    """One mail of the outbox, or None."""
    record = tx.run("MATCH (m:Mail {id: $mail_id}) RETURN " + _FIELDS, mail_id=mail_id).single()
    return _row(record) if record else None
