"""Calls as data: read them, and let administrators change them with versioned rules."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.services import audit
from app.services.rules import Phase, RuleProblem, parse_rules
from graph.call_repo import get_call_tx, list_calls_tx, update_call_tx
from graph.driver import Graph


class CallError(Exception):
    """A refused edit: ``missing``, ``conflict`` or ``invalid_rules`` (with problems)."""

    def __init__(self, code: str, problems: list[RuleProblem] | None = None) -> None:
        super().__init__(code)
        self.code = code
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


def parse_phases(phases_json: str | None) -> list[dict[str, Any]]:
    """A call's phases (code, labels, deadline as text) from their stored JSON.

    >>> parse_phases('[{"code": "p", "deadline": "2026-03-31"}]')[0]["deadline"]
    '2026-03-31'
    """
    return list(json.loads(phases_json or "[]"))


def phase_facts(phases: list[dict[str, Any]]) -> tuple[Phase, ...]:
    """The phases as the rule engine reads them (deadline as a date)."""
    return tuple(
        Phase(p["code"], date.fromisoformat(p["deadline"]) if p.get("deadline") else None)
        for p in phases
    )


def canonical_rules(rules: dict[str, Any]) -> str:
    """The stored text of a rules document (sorted keys: equal rules, equal text)."""
    return json.dumps(rules, ensure_ascii=False, sort_keys=True)


def _with_parsed(data: dict[str, Any]) -> dict[str, Any]:
    call = dict(data["call"])
    call["phases"] = parse_phases(call.get("phases_json"))
    call["rules"] = json.loads(call.get("rules_json") or "{}")
    call["rules_version"] = int(call.get("rules_version") or 1)
    return {**data, "call": call}


def list_calls(graph: Graph) -> list[dict[str, Any]]:
    """Every call with phases and rules parsed."""
    return [_with_parsed(row) for row in graph.read(list_calls_tx)]


def get_call(graph: Graph, code: str) -> dict[str, Any] | None:
    """One call with phases, rules, themes and rule history, or None."""
    data = graph.read(get_call_tx, code=code)
    return _with_parsed(data) if data else None


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
    changed = canonical_rules(rules) != canonical_rules(current["call"]["rules"])
    props = {
        "title_it": edit.title_it, "title_en": edit.title_en, "budget_eur": edit.budget_eur,
        "phases_json": json.dumps(edit.phases, ensure_ascii=False, sort_keys=True),
        "phases": [p["code"] for p in edit.phases],
        "phase_deadlines": [p.get("deadline") or "" for p in edit.phases],
    }
    outcome, version = graph.write(
        update_call_tx, code=code, expected_version=edit.expected_version, props=props,
        themes=edit.themes, rules=_derived(rules) if changed else None,
        actor_id=actor.user_id, actor_email=actor.email)
    if outcome != "ok":
        raise CallError(outcome)
    audit.record(graph, actor, "call_update", target_type="call", target_id=code,
                 details={"rules_changed": changed, "rules_version": version})
    return int(version)
