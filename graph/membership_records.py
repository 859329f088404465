"""Requests to join an organisation as they leave the graph layer (frozen records)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.organization_records import ProfileFields
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


@dataclass(frozen=True)
class Proposal(ProfileFields):
    """An organisation a user proposed, as stored: the profile fields given (a field left
    out is None), the municipality's ISTAT code, theme codes, the similar organisations the
    proposer saw and confirmed to be others, and the decision once taken."""

    id: str
    status: str
    kind: str
    name: str | None = None
    municipality: str | None = None
    themes: tuple[str, ...] = ()
    similar_confirmed: tuple[str, ...] = ()
    created_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    organization_id: str | None = None


@dataclass(frozen=True)
class PendingProposal(FromRecord):
    """A proposal waiting for an administrator, with who sent it."""

    proposal: Proposal
    user_id: str
    email: str | None
    user_name: str | None


@dataclass(frozen=True)
class OwnProposal(FromRecord):
    """A user's own proposal and its outcome: the organisation an approval created (or the
    one it was merged into since) and whether it still exists, and the municipality's name."""

    id: str
    name: str | None
    kind: str
    status: str
    created_at: datetime | None
    decided_at: datetime | None
    organization_id: str | None
    organization_exists: bool
    municipality: str | None
