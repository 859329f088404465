"""Invitations to consortia as they leave the graph layer (frozen, Python values only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.consortium_records import BudgetLine
from graph.records import FromRecord


@dataclass(frozen=True)
class AddressedInvitation(FromRecord):
    """One invitation with its consortium and the invited organisation (what answering
    it, and the check of who may, read)."""

    id: str
    role: str
    status: str
    budget_eur: int | None
    budget_lines: tuple[BudgetLine, ...]
    expires_at: datetime | None
    consortium_id: str
    org_id: str
    org_kind: str
    org_code: str | None


@dataclass(frozen=True)
class PendingInvitation(FromRecord):
    """A live invitation as the invited organisation's list shows it."""

    id: str
    role: str
    budget_eur: int | None
    expires_at: datetime | None
    org_id: str
    org_name: str
    consortium_id: str
    title: str | None
    call: str
    lead: str | None
