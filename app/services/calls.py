"""Calls as data: read them, and let administrators change them with versioned rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final

from app.services import audit
from app.services.errors import CodedError
from app.services.rules import Phase, RuleProblem, check_rules, parse_rules
from graph.call_records import Call, CallDetail, CallDocument, CallListing, CallPhase
from graph.call_repo import (
    create_call_tx,
    get_call_tx,
    list_calls_tx,
    set_practice_mode_tx,
    update_call_tx,
)
from graph.driver import Graph
from graph.model import KINDS

#: A call's code: letters, digits, ``_`` and ``-``, stored in capitals (FSE1, H2020).
CALL_CODE: Final = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")
#: A line's code: what the CSV importer takes as ``consortium_line`` (an identifier of at
#: most 40 characters), so every line can be named in a memberships file.
LINE_CODE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,39}")
#: The single phase a new call starts with (an administrator edits it afterwards).
DEFAULT_PHASE: Final = {
    "code": "application",
    "label_it": "Domanda di finanziamento",
    "label_en": "Application",
}


#: How a call stands today, in the order a call goes through them.
CALL_STATUSES: Final = ("upcoming", "open", "closing", "closed")
#: Days before the application deadline when a call counts as closing (config overrides it).
CLOSING_SOON_DAYS: Final = 30
#: Official documents: https addresses only, with a host and no spaces.
_HTTPS_URL: Final = re.compile(r"https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)


@dataclass(frozen=True)
class CallStatus:
    """Where a call stands on a day: ``upcoming`` (opens later), ``open``, ``closing`` (the
    application deadline is at most ``closing_days`` away) or ``closed`` (it passed).

    The application deadline is the first phase's (FSE1's preliminary proposal): later
    phases concern consortia already in, so they do not keep a call open to newcomers.
    """

    code: str
    deadline: date | None
    opens_on: date | None
    days_left: int | None


def call_status(
    phases: Sequence[CallPhase],
    opens_on: date | None,
    today: date,
    closing_days: int = CLOSING_SOON_DAYS,
) -> CallStatus:
    """The status on ``today`` of a call with ``phases`` opening on ``opens_on``.

    >>> phases = CallPhase.parse('[{"code": "a", "deadline": "2026-03-31"},'
    ...                          ' {"code": "b", "deadline": "2026-06-30"}]')
    >>> days = ((2, 1), (3, 15), (3, 31), (4, 1))
    >>> [call_status(phases, None, date(2026, m, d)).code for m, d in days]
    ['open', 'closing', 'closing', 'closed']
    >>> early = call_status(phases, date(2026, 2, 1), date(2026, 1, 31))
    >>> early.code, early.opens_on, early.days_left
    ('upcoming', datetime.date(2026, 2, 1), 59)
    >>> call_status(CallPhase.parse('[{"code": "a"}]'), None, date(2026, 1, 1)).code
    'open'
    """
    deadlines = [p.deadline for p in phases if p.deadline]
    deadline = deadlines[0] if deadlines else None
    days_left = (deadline - today).days if deadline else None
    if days_left is not None and days_left < 0:
        code = "closed"
    elif opens_on and today < opens_on:
        code = "upcoming"
    elif days_left is not None and days_left <= closing_days:
        code = "closing"
    else:
        code = "open"
    return CallStatus(code, deadline, opens_on, days_left)


def parse_documents(text: str) -> tuple[list[dict[str, str]], list[int]]:
    r"""The administrators' documents box, one ``title | https://address`` a row: the
    documents, and the numbers of the rows whose address is not https (to refuse them).

    >>> docs, bad = parse_documents("Bando | https://www.regione.piemonte.it/b.pdf\n\n"
    ...                             "https://x.it/a\nGuida | http://x.it/g")
    >>> docs[0], docs[1]["title"], bad
    ({'title': 'Bando', 'url': 'https://www.regione.piemonte.it/b.pdf'}, 'https://x.it/a', [4])
    """
    found, bad = [], []
    for number, row in enumerate(text.splitlines(), start=1):
        if not row.strip():
            continue
        title, _sep, url = row.rpartition("|")
        url, title = url.strip(), title.strip()
        if not _HTTPS_URL.fullmatch(url) or len(url) > 2000:
            bad.append(number)
            continue
        found.append({"title": title[:200] or url, "url": url})
    return found, bad


def documents_text(documents: Iterable[CallDocument]) -> str:
    """The documents as the administrators' box shows them (the reverse of parse_documents)."""
    return "\n".join(f"{d.title} | {d.url}" for d in documents)


class CallError(CodedError):
    """A refused edit or creation: ``missing``, ``conflict``, ``code_taken``, or
    ``invalid_rules`` (with problems)."""

    def __init__(self, code: str, problems: list[RuleProblem] | None = None) -> None:
        super().__init__(code)
        self.problems = problems or []


@dataclass(frozen=True)
class CallEdit:
    """What the administrators' form submits."""

    title_it: str
    title_en: str
    budget_eur: int
    phases: list[dict[str, Any]]
    themes: list[str]
    rules_text: str
    expected_version: int
    extra: dict[str, Any] = field(default_factory=dict)
    #: The day applications open (None: open from the start); the official documents
    #: (``{"title", "url"}``, https only; None keeps the call's documents).
    opens_on: date | None = None
    documents: list[dict[str, str]] | None = None


@dataclass(frozen=True)
class CallDraft:
    """A new call as an administrator defines it. Rules are permissive: every kind may
    lead, be a partner or an associate unless ``lead_kinds`` or ``member_kinds`` restrict
    it; no counts, budgets or sizes. Each line is ``{"code", "label_it", "label_en"}``."""

    code: str
    title_it: str
    title_en: str
    lines: tuple[dict[str, str], ...] = ()
    lead_kinds: tuple[str, ...] = KINDS
    member_kinds: tuple[str, ...] = KINDS
    budget_eur: int = 0
    themes: tuple[str, ...] = ()
    deadline: date | None = None
    opens_on: date | None = None
    documents: tuple[dict[str, str], ...] = ()


def phase_facts(phases: Iterable[CallPhase]) -> tuple[Phase, ...]:
    """The phases as the rule engine reads them."""
    return tuple(Phase(p.code, p.deadline) for p in phases)


def canonical_rules(rules: dict[str, Any]) -> str:
    """The stored text of a rules document (sorted keys: equal rules, equal text)."""
    return json.dumps(rules, ensure_ascii=False, sort_keys=True)


def list_calls(graph: Graph) -> list[CallListing]:
    """Every call with phases and rules parsed."""
    return graph.read(list_calls_tx)


@dataclass(frozen=True)
class OpenCall:
    """A call a newcomer can still apply to, with where it stands."""

    call: Call
    status: CallStatus


def open_calls(graph: Graph, today: date, closing_days: int = CLOSING_SOON_DAYS) -> list[OpenCall]:
    """The calls a newcomer can still apply to (``call_status`` upcoming, open or closing),
    the nearest application deadline first."""
    rows = []
    for row in list_calls(graph):
        status = call_status(row.call.phases, row.call.opens_on, today, closing_days)
        if status.code != "closed":
            rows.append(OpenCall(row.call, status))
    return sorted(rows, key=lambda row: (row.status.deadline or date.max, row.call.code))


def get_call(graph: Graph, code: str) -> CallDetail | None:
    """One call with phases, rules, themes and rule history, or None."""
    return graph.read(get_call_tx, code=code)


def _derived(rules: dict[str, Any]) -> dict[str, Any]:
    """The call's properties that restate its rules (kept in step, as the seed writes them)."""
    return {
        "rules_json": canonical_rules(rules),
        "max_projects": rules["max_projects"],
        "one_per_district": bool(rules["one_per_district"]),
        "lead_kinds": sorted(rules["lead_kinds"]),
        "member_kinds": sorted(rules["member_kinds"]),
        "lines": [line["code"] for line in rules["lines"]],
    }


def permissive_rules(draft: CallDraft) -> dict[str, Any]:
    """The rules document of a new call: the draft's kinds and lines, nothing else.

    >>> rules = permissive_rules(CallDraft("X", "x", "x", lines=({"code": "l1"},)))
    >>> rules["lead_kinds"] == list(KINDS), rules["lines"][0]["rules"], rules["min_members"]
    (True, {}, None)
    """
    return {
        "lead_kinds": [k for k in KINDS if k in draft.lead_kinds],
        "member_kinds": [k for k in KINDS if k in draft.member_kinds],
        "associate_kinds": list(KINDS),
        "required_kind_groups": [],
        "min_members": None,
        "max_members": None,
        "one_per_district": False,
        "max_projects": None,
        "non_profit": None,
        "size_classes": None,
        "lead_capabilities": [],
        "partner_capabilities": [],
        "min_budget_eur": None,
        "max_budget_eur": None,
        "lines": [
            {
                "code": line["code"],
                "label_it": line.get("label_it") or line["code"],
                "label_en": line.get("label_en") or line.get("label_it") or line["code"],
                "rules": {},
            }
            for line in draft.lines
        ],
    }


def _draft_problems(draft: CallDraft) -> list[RuleProblem]:
    problems = []
    if not CALL_CODE.fullmatch(draft.code):
        problems.append(RuleProblem("code", "bad_call_code"))
    for index, line in enumerate(draft.lines, start=1):
        if not LINE_CODE.fullmatch(line.get("code") or ""):
            problems.append(
                RuleProblem(
                    f"lines[{index}]", "bad_line_identifier", {"code": line.get("code") or ""}
                )
            )
    return problems


def create_call(graph: Graph, draft: CallDraft, actor: audit.Actor) -> str:
    """Define a new call with permissive rules (version 1); returns its code, in capitals.

    Raises :class:`CallError`: ``code_taken`` when a call has the code already,
    ``invalid_rules`` (with problems) for a bad code, line code or kind list.
    """
    code = draft.code.strip().upper()
    draft = replace(draft, code=code)
    rules = permissive_rules(draft)
    problems = _draft_problems(draft) + check_rules(rules)
    if problems:
        raise CallError("invalid_rules", problems)
    phase = {**DEFAULT_PHASE, "deadline": draft.deadline.isoformat() if draft.deadline else None}
    props = {
        "title_it": draft.title_it,
        "title_en": draft.title_en,
        "budget_eur": draft.budget_eur,
        "phases_json": json.dumps([phase], ensure_ascii=False, sort_keys=True),
        "phases": [phase["code"]],
        "phase_deadlines": [phase["deadline"] or ""],
        "opens_on": draft.opens_on.isoformat() if draft.opens_on else None,
        "documents_json": json.dumps(list(draft.documents), ensure_ascii=False),
        **_derived(rules),
    }
    created = graph.write(
        create_call_tx, code=code, props=props, themes=list(draft.themes), actor_id=actor.user_id
    )
    if not created:
        raise CallError("code_taken")
    audit.record(
        graph,
        actor,
        "call_create",
        target_type="call",
        target_id=code,
        details={"lines": [line["code"] for line in rules["lines"]]},
    )
    return code


def update_call(graph: Graph, actor: audit.Actor, code: str, edit: CallEdit) -> int:
    """Save an administrator's edit; returns the rules version in force afterwards.

    Changed rules become a new version (the old one is kept); an edit made on an older
    version than the one in force is refused (``conflict``) rather than overwriting it.
    """
    current = get_call(graph, code)
    if current is None:
        raise CallError("missing")
    rules, problems = parse_rules(edit.rules_text)
    if rules is None:
        raise CallError("invalid_rules", problems)
    changed = canonical_rules(rules) != canonical_rules(current.call.rules)
    props = {
        "title_it": edit.title_it,
        "title_en": edit.title_en,
        "budget_eur": edit.budget_eur,
        "phases_json": json.dumps(edit.phases, ensure_ascii=False, sort_keys=True),
        "phases": [p["code"] for p in edit.phases],
        "phase_deadlines": [p.get("deadline") or "" for p in edit.phases],
        "opens_on": edit.opens_on.isoformat() if edit.opens_on else None,
    }
    if edit.documents is not None:
        props["documents_json"] = json.dumps(edit.documents, ensure_ascii=False)
    outcome, version = graph.write(
        update_call_tx,
        code=code,
        expected_version=edit.expected_version,
        props=props,
        themes=edit.themes,
        rules=_derived(rules) if changed else None,
        actor_id=actor.user_id,
        actor_email=actor.email,
    )
    if outcome != "ok":
        raise CallError(outcome)
    audit.record(
        graph,
        actor,
        "call_update",
        target_type="call",
        target_id=code,
        details={"rules_changed": changed, "rules_version": version},
    )
    return int(version)


def first_deadline_passed(phases: Sequence[CallPhase], today: date) -> date | None:
    """The deadline of the first phase when it has passed (a new consortium could no
    longer meet it), else None.

    >>> first_deadline_passed(CallPhase.parse('[{"code": "p", "deadline": "2026-03-31"}]'),
    ...                       date(2026, 4, 1))
    datetime.date(2026, 3, 31)
    """
    deadline = phases[0].deadline if phases else None
    return deadline if deadline is not None and deadline < today else None


def set_practice_mode(graph: Graph, actor: audit.Actor, code: str, on: bool) -> bool:
    """Open (or close) a call's practice mode: its deadlines stop blocking new consortia
    and phase moves (they warn instead). Audited; False when there is no such call."""
    before = graph.write(set_practice_mode_tx, code=code, on=on, actor_id=actor.user_id)
    if before is None:
        return False
    audit.record(
        graph,
        actor,
        "call_practice_mode",
        target_type="call",
        target_id=code,
        details={"on": on, "before": before},
    )
    return True
