"""Consortia as they leave the graph layer: frozen records built by ``from_record()``.

Each ``from_record()`` (:class:`graph.records.FromRecord`) takes a Neo4j record or one of
the maps a query nests in it and makes every temporal value Python's; budget lines stored
as JSON text come out parsed, and the consortium's call is a
:class:`graph.call_records.Call`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from graph.call_records import Call
from graph.records import FromRecord


@dataclass(frozen=True)
class BudgetLine(FromRecord):
    """One item of a member's budget, in whole euros (stored as JSON text on a membership
    or an invitation: a field typed ``tuple[BudgetLine, ...]`` is parsed from it).

    >>> BudgetLine.from_record({"label": "Staff", "amount_eur": 1200})
    BudgetLine(label='Staff', amount_eur=1200)
    """

    label: str
    amount_eur: int

    @staticmethod
    def dump(lines: tuple[BudgetLine, ...] | list[BudgetLine]) -> str:
        """The JSON text stored for ``lines`` (the inverse of :meth:`parse`)."""
        return json.dumps(
            [{"label": b.label, "amount_eur": b.amount_eur} for b in lines], ensure_ascii=False
        )


@dataclass(frozen=True)
class Consortium(FromRecord):
    """A consortium's own properties."""

    id: str
    title: str | None
    status: str
    year: int | None
    line: str | None
    call_code: str | None
    district_code: str | None
    district_call_key: str | None
    rules_checked_version: int | None
    created_by: str | None
    created_at: datetime | None


@dataclass(frozen=True)
class ConsortiumRef(FromRecord):
    """A consortium named: the holder of a district-and-call place."""

    id: str
    title: str | None


@dataclass(frozen=True)
class DistrictRef(FromRecord):
    """A district by code and name."""

    code: str
    name: str | None


@dataclass(frozen=True)
class MemberAttributes(FromRecord):
    """What the per-member rules read of an organisation."""

    org_id: str
    name: str
    kind: str
    non_profit: bool | None
    size_class: str | None
    capabilities: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class ConsortiumMember(MemberAttributes):
    """A member organisation with its role and budget (lines parsed)."""

    role: str
    budget_eur: int
    budget_lines: tuple[BudgetLine, ...]
    code: str | None
    district_code: str | None
    joined_at: datetime | None


@dataclass(frozen=True)
class ConsortiumInvitation(FromRecord):
    """An invitation to join a consortium (``expired`` once a pending one is past due)."""

    id: str
    org_id: str
    name: str
    kind: str
    code: str | None
    role: str
    status: str
    created_at: datetime | None
    expires_at: datetime | None
    budget_eur: int | None
    budget_lines: tuple[BudgetLine, ...]


@dataclass(frozen=True)
class ConsortiumSnapshot(FromRecord):
    """Everything the rule engine and the consortium page read of a consortium, at once."""

    consortium: Consortium
    call: Call
    district: DistrictRef | None
    checked_rules_json: str | None
    funded_in_edition: int
    members: tuple[ConsortiumMember, ...]
    invitations: tuple[ConsortiumInvitation, ...]


@dataclass(frozen=True)
class ConsortiumListing(FromRecord):
    """A consortium as lists show it (``call`` its code, ``lead`` and ``district`` names)."""

    id: str
    title: str | None
    status: str
    year: int | None
    call: str
    lead: str | None
    district: str | None
    size: int


@dataclass(frozen=True)
class LeadCandidate(FromRecord):
    """An organisation (or a district) that would lead a consortium."""

    id: str
    name: str
    kind: str
    code: str | None
    district_code: str | None

    @property
    def org_id(self) -> str:
        """The organisation's id, named as a member's is."""
        return self.id
