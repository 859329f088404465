"""A consortium's lifecycle: the statuses a call's phases lead through, and who moves them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

#: Statuses in which members, invitations and budgets may still change.
EDITABLE: Final[tuple[str, ...]] = ("draft", "preliminary", "executive")
#: Statuses after submission, checked against the rules version recorded at submission.
SUBMITTED: Final[tuple[str, ...]] = ("submitted", "funded", "not_funded", "closed")
_PHASE_STATUSES: Final[tuple[str, ...]] = ("preliminary", "executive")


@dataclass(frozen=True)
class Transition:
    """A move to ``target``: by the consortium's lead or by the Region; ``checked`` ones are
    refused while a blocking rule fails."""

    target: str
    by: Literal["lead", "region"]
    checked: bool


def status_path(phase_count: int) -> tuple[str, ...]:
    """The statuses a lead moves through: one status per phase when a call has two.

    >>> status_path(1)
    ('draft', 'submitted')
    >>> status_path(2)
    ('draft', 'preliminary', 'executive', 'submitted')
    """
    phases = _PHASE_STATUSES if phase_count >= 2 else ()
    return ("draft", *phases, "submitted")


def transitions(status: str, phase_count: int) -> list[Transition]:
    """The moves open from ``status``.

    >>> [t.target for t in transitions("submitted", 2)]
    ['funded', 'not_funded']
    """
    path = status_path(phase_count)
    if status in path[:-1]:
        return [Transition(path[path.index(status) + 1], "lead", True)]
    if status == "submitted":
        return [Transition("funded", "region", True), Transition("not_funded", "region", False)]
    if status == "funded":  # "not funded" is final: "closed" always means funded and done
        return [Transition("closed", "region", False)]
    return []


def deadline_phase_index(status: str, phase_count: int) -> int | None:
    """Which phase's deadline the next step of a lead must meet (None once submitted).

    >>> deadline_phase_index("draft", 2), deadline_phase_index("executive", 2)
    (0, 1)
    >>> deadline_phase_index("submitted", 1) is None
    True
    """
    path = status_path(phase_count)
    if phase_count < 1 or status not in path[:-1]:
        return None
    return min(path.index(status), phase_count - 1)
