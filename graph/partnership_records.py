"""Partnerships and partnership requests as they leave the graph layer (frozen records,
Python values only: dates as ``date``, timestamps as ``datetime``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from graph.records import FromRecord


@dataclass(frozen=True)
class OrgRef(FromRecord):
    """An organisation named: id, name, kind and (for a district) its code."""

    id: str
    name: str | None
    kind: str | None
    code: str | None = None


@dataclass(frozen=True)
class PartnershipRequest(FromRecord):
    """A request for a partnership, and how it ended (if it did)."""

    id: str
    status: str
    type: str | None
    message: str | None
    created_at: datetime | None
    expires_at: datetime | None
    decided_at: datetime | None
    partnership_id: str | None


@dataclass(frozen=True)
class RequestBetween(FromRecord):
    """A request with the organisation that sent it and the one it went to."""

    request: PartnershipRequest
    from_org: OrgRef
    to_org: OrgRef


@dataclass(frozen=True)
class Partnership(FromRecord):
    """A partnership: its type, when it started and ended, where it is known from."""

    id: str
    type: str | None
    since: date | None
    until: date | None
    source: str | None
    ended_at: datetime | None = None


@dataclass(frozen=True)
class PartnershipOf(FromRecord):
    """A partnership seen from ``organization``, with its ``partner`` (one partnership
    read by id: its start and its end)."""

    partnership: Partnership
    organization: OrgRef
    partner: OrgRef

    def sides(self) -> tuple[tuple[OrgRef, OrgRef], tuple[OrgRef, OrgRef]]:
        """Each of the two organisations with its partner."""
        return (self.organization, self.partner), (self.partner, self.organization)


@dataclass(frozen=True)
class ExpiredRequest(FromRecord):
    """A request that has just expired, with its two organisations' ids."""

    id: str
    from_id: str
    to_id: str
    type: str | None
