"""One run of the sender inside the application: expiry and reminders, then mail."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app

from app.extensions import get_graph
from app.mail.render import TemplateRenderer
from app.mail.transport import SmtpTransport
from app.services.mail_outbox import DeliveryReport, SenderSettings, deliver_pending


def sender_settings() -> SenderSettings:
    """The sender's settings from the application's config."""
    config = current_app.config
    return SenderSettings(
        retry_base_seconds=float(config["MAIL_RETRY_BASE_SECONDS"]),
        retry_max_seconds=float(config["MAIL_RETRY_MAX_SECONDS"]),
        max_attempts=int(config["MAIL_MAX_ATTEMPTS"]),
        lease_seconds=float(config["MAIL_LEASE_SECONDS"]),
        digest_hour=int(config["MAIL_DIGEST_HOUR"]),
    )


def run_once(
    *, now: datetime | None = None, worker: str | None = None, deadlines: bool = True
) -> DeliveryReport:
    """Expire what is overdue and remind what is about to (unless ``deadlines`` is
    False), then deliver every notification and mail that is due. Needs an app context."""
    now = now or datetime.now(UTC)
    graph = get_graph()
    if deadlines:
        from app.services import reminders

        reminders.run_deadlines(
            graph, now=now, days_before=int(current_app.config["REMINDER_DAYS_BEFORE"])
        )
    transport = SmtpTransport() if current_app.config.get("MAIL_SERVER") else None
    renderer = TemplateRenderer(current_app._get_current_object())  # type: ignore[attr-defined]
    return deliver_pending(
        graph, renderer, transport, now=now, settings=sender_settings(), worker=worker
    )
