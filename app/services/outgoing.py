"""A mail ready to queue: worded and linked by the app layer, queued by a service in the
transaction of its cause (the sender of app.services.mail_outbox delivers it)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.mail_repo import enqueue_mail_tx
from graph.unit import Tx


@dataclass(frozen=True)
class OutgoingMail:
    """One mail to one address, in text and HTML."""

    to: str
    locale: str
    subject: str
    text: str
    html: str
    category: str


def queue_tx(tx: Tx, mail: OutgoingMail, *, user_id: str | None = None) -> None:
    """Queue ``mail`` in the caller's transaction."""
    enqueue_mail_tx(
        tx,
        to=mail.to,
        locale=mail.locale,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        category=mail.category,
        user_id=user_id,
    )
