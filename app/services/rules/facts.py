"""The rule engine's inputs and outputs: plain, frozen data with no database in sight."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Status = Literal["pass", "fail", "warning"]


@dataclass(frozen=True)
class MemberFacts:
    """One organisation in a consortium, with the attributes the rules look at."""

    org_id: str
    name: str
    kind: str
    role: str  # lead, partner or associate
    non_profit: bool | None = None
    size_class: str | None = None
    capabilities: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    budget_eur: int = 0

    @property
    def is_core(self) -> bool:
        """Lead and partners are core members; associates support without budget."""
        return self.role in ("lead", "partner")


@dataclass(frozen=True)
class Phase:
    """A phase of a call: its code and its deadline (None when not stated)."""

    code: str
    deadline: date | None = None


@dataclass(frozen=True)
class ConsortiumFacts:
    """What the rules are checked against: accepted members and a little context.

    ``funded_in_edition`` counts the *other* consortia of the same call and edition that
    are funded; ``target_status`` is the status a transition asks for (None when the
    rules are only being shown); ``today`` enables the deadline check, which blocks once
    the deadline has passed unless an administrator opened the call's ``practice`` mode.
    """

    members: tuple[MemberFacts, ...]
    status: str = "draft"
    line: str | None = None
    district_code: str | None = None
    funded_in_edition: int = 0
    target_status: str | None = None
    phases: tuple[Phase, ...] = ()
    today: date | None = None
    practice: bool = False

    @property
    def lead(self) -> MemberFacts | None:
        leads = [m for m in self.members if m.role == "lead"]
        return leads[0] if len(leads) == 1 else None

    @property
    def core(self) -> tuple[MemberFacts, ...]:
        return tuple(m for m in self.members if m.is_core)

    def with_role(self, role: str) -> tuple[MemberFacts, ...]:
        return tuple(m for m in self.members if m.role == role)


@dataclass(frozen=True)
class RuleResult:
    """The verdict of one rule.

    ``rule`` is the vocabulary key it checks (``required_kind_groups``), ``code`` is unique
    within one evaluation (``required_kind_groups:PublicBody``); ``message`` and ``params``
    are turned into a sentence in the user's language by the application; ``members``
    are the ids of the organisations concerned; ``blocking`` says whether a failure stops
    the call's phase transitions.
    """

    rule: str
    code: str
    status: Status
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    members: tuple[str, ...] = ()
    blocking: bool = True

    @property
    def blocks(self) -> bool:
        """True when this result, as it stands, refuses a transition."""
        return self.blocking and self.status == "fail"
