"""Administrators' rule documents: every key of the vocabulary, right types, known kinds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.services.rules import RULE_KEYS, check_rules, parse_rules
from seed.reference import calls


@pytest.mark.parametrize("call", calls(), ids=lambda c: c["code"])
def test_the_seeded_rules_are_valid(call: dict[str, Any]) -> None:
    assert check_rules(call["rules"]) == []


def test_the_vocabulary_is_the_seeds() -> None:
    """One vocabulary (graph.model.RULE_KEYS): every seeded call states exactly its keys."""
    assert [set(c["rules"]) for c in calls()] == [set(RULE_KEYS)] * len(calls())


def _fesr() -> dict[str, Any]:
    rules: dict[str, Any] = next(c for c in calls() if c["code"] == "FESR")["rules"]
    return rules


@pytest.mark.parametrize(
    ("change", "key", "code"),
    [
        ({"lead_kinds": ["Bank"]}, "lead_kinds", "unknown_kinds"),
        ({"lead_kinds": []}, "lead_kinds", "empty_lead_kinds"),
        ({"member_kinds": "SME"}, "member_kinds", "not_kind_list"),
        ({"required_kind_groups": [[]]}, "required_kind_groups", "not_group_list"),
        ({"min_members": -1}, "min_members", "not_count"),
        ({"max_members": True}, "max_members", "not_count"),
        ({"min_members": 5, "max_members": 2}, "min_members", "min_above_max"),
        ({"min_budget_eur": 10, "max_budget_eur": 5}, "min_budget_eur", "min_above_max"),
        ({"one_per_district": None}, "one_per_district", "not_bool"),
        ({"non_profit": "yes"}, "non_profit", "not_bool"),
        ({"size_classes": ["large"]}, "size_classes", "unknown_sizes"),
        ({"lead_capabilities": [""]}, "lead_capabilities", "not_text_list"),
        ({"colour": "red"}, "colour", "unknown_key"),
        ({"lines": {}}, "lines", "not_line_list"),
        ({"lines": [{"code": "a"}]}, "lines[1]", "bad_line"),
        (
            {"lines": [{"code": "a", "label_it": "", "label_en": "", "rules": {"lines": []}}]},
            "lines[1].lines",
            "unknown_key",
        ),
        (
            {"lines": [{"code": "a", "label_it": "", "label_en": "", "rules": {"non_profit": 1}}]},
            "lines[1].non_profit",
            "not_bool",
        ),
    ],
)
def test_problems_are_named(change: dict[str, Any], key: str, code: str) -> None:
    problems = check_rules({**_fesr(), **change})
    assert (key, code) in [(p.key, p.code) for p in problems]


def test_missing_keys_and_bad_json() -> None:
    rules = _fesr()
    del rules["max_projects"]
    assert [(p.key, p.code) for p in check_rules(rules)] == [("max_projects", "missing_key")]
    parsed, problems = parse_rules('{"lead_kinds": [}')
    assert parsed is None and problems[0].code == "not_json" and problems[0].params["line"] == 1
    parsed, problems = parse_rules(json.dumps(_fesr()))
    assert problems == [] and parsed == _fesr()
