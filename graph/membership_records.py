"""Requests to join an organisation as they leave the graph layer (frozen records)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.records import FromRecord


@dataclass(frozen=True)
class JoinRequest(FromRecord):
    """A pending request, as the organisation's members see it: who asks, since when."""

    id: str
    created_at: datetime | None
    user_id: str
    name: str | None
    email: str | None


@dataclass(frozen=True)
class OwnJoinRequest(FromRecord):
    """A user's own request and where it stands (pending, approved, declined)."""

    id: str
    status: str
    created_at: datetime | None
    org_id: str
    org_name: str | None
