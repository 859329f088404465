"""Calls as they leave the graph layer: frozen records built by ``from_record()``.

Phases, rules and documents are stored as JSON text on the call node; they come out
parsed, deadlines and opening days as ``date`` and timestamps as Python's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from graph.records import FromRecord, native

Row = Mapping[str, Any]


def as_day(text: Any) -> date | None:
    """A day stored as ISO text (deadlines, opening days); None when empty or unreadable.

    >>> as_day("2026-03-31"), as_day(""), as_day("31/03/2026")
    (datetime.date(2026, 3, 31), None, None)
    """
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class CallPhase(FromRecord):
    """One phase of a call, with its labels and deadline (stored as ISO text)."""

    code: str
    label_it: str | None = None
    label_en: str | None = None
    deadline: date | None = None

    CONVERT = {"deadline": as_day}

    @classmethod
    def parse(cls, text: str | None) -> tuple[CallPhase, ...]:
        """A call's phases from their stored JSON.

        >>> CallPhase.parse('[{"code": "p", "deadline": "2026-03-31"}]')[0].deadline
        datetime.date(2026, 3, 31)
        """
        return tuple(cls.from_record(phase) for phase in json.loads(text or "[]"))


@dataclass(frozen=True)
class ThemeLabel(FromRecord):
    """A theme with its labels."""

    code: str
    label_it: str | None
    label_en: str | None


@dataclass(frozen=True)
class CallDocument(FromRecord):
    """One of a call's official documents."""

    title: str
    url: str


@dataclass(frozen=True)
class Call:
    """A call with its phases, rules (parsed), documents and themes."""

    code: str
    title_it: str | None
    title_en: str | None
    budget_eur: int | None
    phases: tuple[CallPhase, ...]
    rules: dict[str, Any]
    rules_json: str
    rules_version: int
    rules_updated_at: datetime | None
    rules_updated_by: str | None
    max_projects: int | None
    one_per_district: bool
    opens_on: date | None
    documents: tuple[CallDocument, ...]
    practice_mode: bool
    practice_mode_at: datetime | None
    practice_mode_by: str | None
    themes: tuple[ThemeLabel, ...]

    @classmethod
    def from_record(cls, row: Row) -> Call:
        """From the map :func:`graph.call_repo.call_map` projects (JSON text parsed)."""
        rules_json = str(row.get("rules_json") or "{}")
        return cls(
            code=str(row["code"]),
            title_it=row.get("title_it"),
            title_en=row.get("title_en"),
            budget_eur=row.get("budget_eur"),
            phases=CallPhase.parse(row.get("phases_json")),
            rules=json.loads(rules_json),
            rules_json=rules_json,
            rules_version=int(row.get("rules_version") or 1),
            rules_updated_at=native(row.get("rules_updated_at")),
            rules_updated_by=row.get("rules_updated_by"),
            max_projects=row.get("max_projects"),
            one_per_district=bool(row.get("one_per_district")),
            opens_on=as_day(row.get("opens_on")),
            documents=tuple(
                CallDocument.from_record(d) for d in json.loads(row.get("documents_json") or "[]")
            ),
            practice_mode=bool(row.get("practice_mode")),
            practice_mode_at=native(row.get("practice_mode_at")),
            practice_mode_by=row.get("practice_mode_by"),
            themes=tuple(ThemeLabel.from_record(t) for t in row.get("themes") or ()),
        )


@dataclass(frozen=True)
class RuleVersion(FromRecord):
    """An archived version of a call's rules."""

    version: int
    rules_json: str | None
    created_at: datetime | None
    created_by: str | None
    created_by_email: str | None


def _history(rows: Any) -> tuple[RuleVersion, ...]:
    """Archived rule versions, newest first."""
    return tuple(sorted((RuleVersion.from_record(r) for r in rows or ()), key=lambda r: -r.version))


@dataclass(frozen=True)
class CallListing(FromRecord):
    """A call as the list of calls shows it: with how many consortia it has."""

    call: Call
    consortia: int

    CONVERT = {"call": Call.from_record}


@dataclass(frozen=True)
class CallDetail(FromRecord):
    """One call with its archived rule versions, newest first."""

    call: Call
    history: tuple[RuleVersion, ...]

    CONVERT = {"call": Call.from_record, "history": _history}
