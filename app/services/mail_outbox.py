"""The mail sender: turns notifications into mails (at once or as a daily digest, as each
user chose) and delivers the outbox, with retries and exponential back-off.

Several senders may run at once (processes, threads, hosts): each mail is claimed under a
lock with a lease (``graph.mail_repo.claim_mails_tx``) and marked sent only after the SMTP
server accepted it, so none is sent twice; a sender that dies mid-way leaves its claims to
expire and be taken again. Rendering and SMTP are the caller's (``MailRenderer`` and
``MailTransport``): this module knows neither Flask nor SMTP.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from app.services import notification_kinds as kinds
from app.services.organizations import Page
from graph import mail_repo
from graph import notification_repo as repo
from graph.driver import Graph
from graph.mail_records import QueuedMail
from graph.mail_repo import enqueue_mail_tx

__all__ = [
    "DeliveryReport",
    "MailRenderer",
    "MailTransport",
    "SenderSettings",
    "backoff",
    "deliver_pending",
    "digest_slot",
    "enqueue_mail_tx",
    "outbox_mail",
    "outbox_page",
    "queue_digests",
    "queue_notifications",
    "send_outbox",
]

log = logging.getLogger("wecare.mail")
_ROME = ZoneInfo("Europe/Rome")


class MailTransport(Protocol):
    """Hands a mail to an SMTP server; raises when the server did not accept it."""

    def send(self, mail: QueuedMail) -> None: ...

    def close(self) -> None: ...


class MailRenderer(Protocol):
    """Words mails in their reader's language (subject, text, HTML, unsubscribe link)."""

    def notification(
        self, user: Mapping[str, Any], notification: Mapping[str, Any]
    ) -> dict[str, Any]: ...

    def digest(
        self, user: Mapping[str, Any], items: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SenderSettings:
    """How the sender retries and leases (config: MAIL_RETRY_BASE_SECONDS, ...)."""

    retry_base_seconds: float = 60.0
    retry_max_seconds: float = 6 * 3600.0
    max_attempts: int = 8
    lease_seconds: float = 120.0
    #: Mails claimed at once: keep batch x MAIL_TIMEOUT below the lease.
    batch: int = 10
    digest_hour: int = 7


@dataclass
class DeliveryReport:
    """What one run of the sender did."""

    queued: int = 0
    digests: int = 0
    sent: int = 0
    kept: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int, settings: SenderSettings) -> timedelta:
    """Wait before the next attempt after ``attempts`` failures: doubling, capped.

    >>> [backoff(n, SenderSettings(retry_base_seconds=60)).seconds for n in (1, 2, 3)]
    [60, 120, 240]
    """
    seconds = settings.retry_base_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.retry_max_seconds))


def digest_slot(now: datetime, hour: int) -> datetime:
    """The latest daily digest time (``hour`` o'clock in Italy) at or before ``now``."""
    local = now.astimezone(_ROME)
    slot = datetime.combine(local.date(), time(hour), tzinfo=_ROME)
    if slot > local:
        slot -= timedelta(days=1)
    return slot.astimezone(UTC)


def worker_name() -> str:
    """A name unique to this sender (host, process, random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _mode(user: Mapping[str, Any], code: str) -> str:
    preferences = user.get("mail_preferences") or {}
    return str(preferences.get(kinds.group_of(code), kinds.DEFAULT_MODE))


def queue_notifications(
    graph: Graph, renderer: MailRenderer, *, now: datetime, limit: int = 100
) -> tuple[int, int]:
    """Settle notifications waiting for mail: a mail now, kept for the digest, or skipped.

    Returns (mails queued, notifications settled).
    """
    rows = graph.read(repo.pending_mail_tx, limit=limit)
    outcomes: list[dict[str, Any]] = []
    queued = 0
    for row in rows:
        user, notification = row["user"], row["notification"]
        kind = kinds.kind_of(notification["kind"])
        mode = _mode(user, notification["kind"])
        if kind is None or not kind.mailable or not user.get("email") or mode == "never":
            outcomes.append({"id": notification["id"], "status": "skipped"})
        elif mode == "digest":
            outcomes.append({"id": notification["id"], "status": "digest"})
        else:
            mail = renderer.notification(user, notification)
            outcomes.append({"id": notification["id"], "status": "queued", "mail": mail})
            queued += 1
    if not outcomes:
        return 0, 0
    settled = graph.write(repo.settle_notifications_tx, outcomes=outcomes, now=now)
    queued = sum(1 for o in outcomes if o["status"] == "queued" and o["id"] in settled)
    return queued, len(settled)


def queue_digests(
    graph: Graph, renderer: MailRenderer, *, now: datetime, settings: SenderSettings
) -> int:
    """Queue the daily digest of every user whose digest is due; returns how many."""
    slot = digest_slot(now, settings.digest_hour)
    done = 0
    for row in graph.read(repo.digest_due_tx, slot=slot):
        user, items = row["user"], row["items"]
        # Items of a group switched to "never" since are dropped, not mailed.
        wanted = [item for item in items if _mode(user, item["kind"]) != "never"]
        mail = renderer.digest(user, wanted) if wanted and user.get("email") else None
        if (
            graph.write(
                repo.settle_digest_tx,
                user_id=user["id"],
                notification_ids=[item["id"] for item in items],
                slot=slot,
                mail=mail,
                now=now,
            )
            and mail
        ):
            done += 1
    return done


def send_outbox(
    graph: Graph,
    transport: MailTransport | None,
    *,
    now: datetime,
    settings: SenderSettings,
    worker: str | None = None,
    report: DeliveryReport | None = None,
) -> DeliveryReport:
    """Deliver every due mail of the outbox, batch by batch, through ``transport``; with
    no transport (no SMTP server configured) keep them in the local outbox.

    Each mail is tried at most once per run. When the server cannot be reached at all,
    the rest of the batch is put back for later at once (each counted as an attempt)
    instead of waiting out a connection timeout per mail.
    """
    report = report or DeliveryReport()
    worker = worker or worker_name()
    tried: list[str] = []
    try:
        while True:
            claimed = graph.write(
                mail_repo.claim_mails_tx,
                worker=worker,
                now=now,
                lease_until=now + timedelta(seconds=settings.lease_seconds),
                limit=settings.batch,
                skip_ids=tried,
            )
            if not claimed:
                break
            tried.extend(mail.id for mail in claimed)
            down: Exception | None = None
            for mail in claimed:
                if down is not None:
                    _record_failure(
                        graph, mail, down, now=now, settings=settings, worker=worker, report=report
                    )
                    continue
                down = _deliver_one(
                    graph, transport, mail, now=now, settings=settings, worker=worker, report=report
                )
            if down is not None:
                break
    finally:
        if transport is not None:
            transport.close()
    return report


#: Errors that say the server is unreachable, not that it refused one mail.
_UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


def _deliver_one(
    graph: Graph,
    transport: MailTransport | None,
    mail: QueuedMail,
    *,
    now: datetime,
    settings: SenderSettings,
    worker: str,
    report: DeliveryReport,
) -> Exception | None:
    """Deliver one claimed mail; returns the error when the server is unreachable."""
    if transport is None:
        graph.write(mail_repo.keep_local_tx, mail_id=mail.id, worker=worker, now=now)
        report.kept += 1
        return None
    try:
        transport.send(mail)
    except Exception as exc:  # noqa: BLE001 - any refusal is retried later
        _record_failure(graph, mail, exc, now=now, settings=settings, worker=worker, report=report)
        return exc if isinstance(exc, _UNREACHABLE) else None
    graph.write(mail_repo.mark_mail_sent_tx, mail_id=mail.id, worker=worker, now=now)
    report.sent += 1
    return None


def _record_failure(
    graph: Graph,
    mail: QueuedMail,
    exc: Exception,
    *,
    now: datetime,
    settings: SenderSettings,
    worker: str,
    report: DeliveryReport,
) -> None:
    """Count a failed attempt: retry after the back-off, or give up after the last."""
    attempts = mail.attempts + 1
    retry = attempts < settings.max_attempts
    next_at = now + backoff(attempts, settings) if retry else None
    graph.write(
        mail_repo.mark_mail_failed_tx,
        mail_id=mail.id,
        worker=worker,
        error=f"{type(exc).__name__}: {exc}",
        next_attempt_at=next_at,
    )
    report.errors.append(str(exc))
    if retry:
        report.retried += 1
    else:
        report.failed += 1
    log.warning("mail %s to %s not delivered (attempt %d): %s", mail.id, mail.to, attempts, exc)


def deliver_pending(
    graph: Graph,
    renderer: MailRenderer,
    transport: MailTransport | None,
    *,
    now: datetime | None = None,
    settings: SenderSettings | None = None,
    worker: str | None = None,
) -> DeliveryReport:
    """One run of the sender: notifications to mails, due digests, then the outbox."""
    now = now or datetime.now(UTC)
    settings = settings or SenderSettings()
    report = DeliveryReport()
    while True:
        queued, settled = queue_notifications(graph, renderer, now=now)
        report.queued += queued
        if not settled:
            break
    report.digests = queue_digests(graph, renderer, now=now, settings=settings)
    return send_outbox(graph, transport, now=now, settings=settings, worker=worker, report=report)


def outbox_page(graph: Graph, *, status: str | None, page: int, per_page: int) -> Page[QueuedMail]:
    """Page ``page`` of the outbox, newest first (all statuses, or only ``status``)."""
    mails = graph.read(
        mail_repo.list_mails_tx, skip=(page - 1) * per_page, limit=per_page, status=status
    )
    return Page(mails, page, per_page, graph.read(mail_repo.count_mails_tx, status=status))


def outbox_mail(graph: Graph, mail_id: str) -> QueuedMail | None:
    """One mail of the outbox, or None."""
    return graph.read(mail_repo.get_mail_tx, mail_id=mail_id)
