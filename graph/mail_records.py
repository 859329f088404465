"""The mail outbox's rows as they leave the graph layer (graph/mail_repo.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.records import FromRecord


@dataclass(frozen=True)
class MailContent:
    """One mail to one address, in text and HTML: what is queued, and then sent."""

    to: str
    locale: str
    subject: str
    text: str
    html: str
    category: str


@dataclass(frozen=True)
class QueuedMail(MailContent, FromRecord):
    """A mail of the outbox and how its delivery stands (``pending``, ``sent``,
    ``failed`` or ``local``)."""

    id: str
    status: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    #: The reader's account, when the address belongs to one.
    user_id: str | None = None
    unsubscribe_url: str | None = None
