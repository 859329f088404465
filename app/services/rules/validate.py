"""Checks a call's rules against the vocabulary before an administrator's change is saved."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from app.services.bounds import EUROS
from graph.model import KINDS, RULE_KEYS, SME_SIZES

_KIND_LISTS: Final = ("lead_kinds", "member_kinds", "associate_kinds")
_COUNTS: Final = ("min_members", "max_members", "max_projects", "min_budget_eur", "max_budget_eur")
_TEXT_LISTS: Final = ("lead_capabilities", "partner_capabilities")


@dataclass(frozen=True)
class RuleProblem:
    """One thing wrong with a rules document: where, what (a code), and details."""

    key: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


def parse_rules(text: str) -> tuple[dict[str, Any] | None, list[RuleProblem]]:
    """Parse and check a rules document; the rules are None when there are problems.

    >>> parse_rules("{")[1][0].code
    'not_json'
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [RuleProblem("", "not_json", {"line": exc.lineno, "column": exc.colno})]
    problems = check_rules(data)
    return (data if not problems else None), problems


def _is_int(value: Any) -> bool:
    """A count or an amount: a whole number from 0 to ten billion (app.services.bounds)."""
    return isinstance(value, int) and not isinstance(value, bool) and EUROS.holds(value)


def _kinds_problem(key: str, value: Any) -> RuleProblem | None:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        return RuleProblem(key, "not_kind_list")
    unknown = [k for k in value if k not in KINDS]
    return RuleProblem(key, "unknown_kinds", {"values": unknown}) if unknown else None


def _value_problem(key: str, value: Any) -> RuleProblem | None:
    if key in _KIND_LISTS:
        return _kinds_problem(key, value)
    if key == "required_kind_groups":
        if not isinstance(value, list) or not all(isinstance(g, list) and g for g in value):
            return RuleProblem(key, "not_group_list")
        return next((p for g in value if (p := _kinds_problem(key, g))), None)
    if key in _COUNTS:
        return None if value is None or _is_int(value) else RuleProblem(key, "not_count")
    if key in ("one_per_district",):
        return None if isinstance(value, bool) else RuleProblem(key, "not_bool")
    if key == "non_profit":
        return None if value is None or isinstance(value, bool) else RuleProblem(key, "not_bool")
    if key == "size_classes":
        if value is None:
            return None
        if not isinstance(value, list) or any(s not in SME_SIZES for s in value):
            return RuleProblem(key, "unknown_sizes", {"values": list(SME_SIZES)})
        return None
    if key in _TEXT_LISTS:
        ok = isinstance(value, list) and all(isinstance(c, str) and c for c in value)
        return None if ok else RuleProblem(key, "not_text_list")
    return None


def _bounds_problems(data: Mapping[str, Any], prefix: str = "") -> list[RuleProblem]:
    problems = []
    for low, high in (("min_members", "max_members"), ("min_budget_eur", "max_budget_eur")):
        lo, hi = data.get(low), data.get(high)
        if isinstance(lo, int) and isinstance(hi, int) and _is_int(lo) and _is_int(hi) and lo > hi:
            problems.append(RuleProblem(prefix + low, "min_above_max", {"other": high}))
    return problems


def _line_problems(lines: Any) -> list[RuleProblem]:
    if not isinstance(lines, list):
        return [RuleProblem("lines", "not_line_list")]
    problems: list[RuleProblem] = []
    codes: set[str] = set()
    for index, line in enumerate(lines, start=1):
        where = f"lines[{index}]"
        if not isinstance(line, dict) or set(line) != {"code", "label_it", "label_en", "rules"}:
            problems.append(RuleProblem(where, "bad_line"))
            continue
        if not isinstance(line["code"], str) or not line["code"] or line["code"] in codes:
            problems.append(RuleProblem(where, "bad_line_code"))
        codes.add(str(line["code"]))
        overrides = line["rules"]
        if not isinstance(overrides, dict):
            problems.append(RuleProblem(where, "bad_line"))
            continue
        for key, value in overrides.items():
            if key not in RULE_KEYS or key == "lines":
                problems.append(RuleProblem(f"{where}.{key}", "unknown_key"))
            elif problem := _value_problem(key, value):
                problems.append(RuleProblem(f"{where}.{problem.key}", problem.code, problem.params))
    return problems


def check_rules(data: Any) -> list[RuleProblem]:
    """Every problem of a rules document: keys, types, known kinds and sizes, bounds.

    >>> [p.code for p in check_rules({"lead_kinds": ["Bank"]})][:2]
    ['missing_key', 'missing_key']
    """
    if not isinstance(data, dict):
        return [RuleProblem("", "not_object")]
    problems = [RuleProblem(k, "missing_key") for k in RULE_KEYS if k not in data]
    problems += [RuleProblem(k, "unknown_key") for k in data if k not in RULE_KEYS]
    for key in RULE_KEYS:
        if key in data and key != "lines" and (problem := _value_problem(key, data[key])):
            problems.append(problem)
    if "lead_kinds" in data and data["lead_kinds"] == []:
        problems.append(RuleProblem("lead_kinds", "empty_lead_kinds"))
    if "lines" in data:
        problems += _line_problems(data["lines"])
    return problems + _bounds_problems(data)
