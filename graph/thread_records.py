"""Message threads as they leave the graph layer (graph/thread_repo.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.partnership_records import OrgRef
from graph.records import FromRecord


@dataclass(frozen=True)
class RequestParties(FromRecord):
    """A partnership request's two sides, its own message, and whether it is open."""

    id: str
    status: str
    open: bool
    message: str | None
    created_at: datetime
    from_org: OrgRef
    to_org: OrgRef


@dataclass(frozen=True)
class InvitationParties(FromRecord):
    """An invitation's organisation, its consortium and the consortium's lead (if any),
    who sent it, and whether it is open."""

    id: str
    status: str
    open: bool
    invited_by: str | None
    consortium_id: str
    title: str | None
    org: OrgRef
    lead: OrgRef | None


@dataclass(frozen=True)
class ThreadMessage(FromRecord):
    """One message of a thread, with who wrote it and for which organisation."""

    body: str
    created_at: datetime
    org_name: str | None
    author_name: str | None
    id: str | None = None
    author_id: str | None = None
    org_id: str | None = None
