"""A mail ready to queue: worded and linked by the app layer, queued by a service in the
transaction of its cause (the sender of app.services.mail_outbox delivers it)."""

from __future__ import annotations

from graph.mail_records import MailContent
from graph.mail_repo import enqueue_mail_tx
from graph.unit import Tx

#: A mail ready to queue: one mail to one address, in text and HTML.
OutgoingMail = MailContent


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
