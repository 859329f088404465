"""The rule engine, call by call: a valid consortium passes every rule, and for every rule
each call states there is a consortium that fails it (table-driven, no database)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from app.services.calls import phase_facts
from app.services.rules import ConsortiumFacts, MemberFacts, evaluate
from graph.call_records import CallPhase
from seed.reference import calls

CALLS = {call["code"]: call for call in calls()}
Mutation = Callable[[ConsortiumFacts], ConsortiumFacts]


def m(org_id: str, kind: str, role: str, **attrs: Any) -> MemberFacts:
    attrs.setdefault("non_profit", kind != "SME")
    if kind == "SME":
        attrs.setdefault("size_class", "small")
    return MemberFacts(
        org_id=org_id,
        name=org_id,
        kind=kind,
        role=role,
        capabilities=frozenset(attrs.pop("capabilities", ())),
        **attrs,
    )


def _base(code: str, *members: MemberFacts, **facts: Any) -> ConsortiumFacts:
    phases = phase_facts(CallPhase.from_record(p) for p in CALLS[code]["phases"])
    first = phases[0].deadline
    assert first is not None
    return ConsortiumFacts(
        members=members, phases=phases, today=first - timedelta(days=10), **facts
    )


ACC = {"accompaniment"}
VALID: dict[tuple[str, str | None], ConsortiumFacts] = {
    ("FSE1", None): _base(
        "FSE1",
        m("DCS01", "District", "lead"),
        m("COM", "PublicBody", "partner"),
        m("COOP", "ThirdSector", "partner"),
        m("ODV", "ThirdSector", "partner"),
        m("SRL", "SME", "associate"),
        district_code="DCS01",
    ),
    ("FSE2", None): _base(
        "FSE2",
        m("COOP", "ThirdSector", "lead"),
        m("COM", "PublicBody", "partner"),
        m("FOND", "Foundation", "associate"),
        district_code="DCS01",
    ),
    ("FSE3", None): _base(
        "FSE3",
        m("SRL", "SME", "lead", size_class="small"),
        m("SNC", "SME", "partner", size_class="micro"),
        m("COOP", "ThirdSector", "associate"),
    ),
    ("FESR", "line1"): _base(
        "FESR",
        m("SRL", "SME", "lead", non_profit=True, size_class="medium", budget_eur=800_000),
        m("SNC", "SME", "partner", non_profit=True, budget_eur=400_000),
        line="line1",
    ),
    ("FESR", "line2"): _base(
        "FESR", m("SRL", "SME", "lead", size_class="micro", budget_eur=80_000), line="line2"
    ),
    ("FSE4", None): _base(
        "FSE4",
        m("COOP", "ThirdSector", "lead", capabilities=ACC),
        m("SRL", "SME", "partner", capabilities=ACC),
        m("COM", "PublicBody", "associate"),
    ),
}


def add(member: MemberFacts) -> Mutation:
    return lambda f: dataclasses.replace(f, members=(*f.members, member))


def drop(*org_ids: str) -> Mutation:
    return lambda f: dataclasses.replace(
        f, members=tuple(x for x in f.members if x.org_id not in org_ids)
    )


def change(org_id: str, **attrs: Any) -> Mutation:
    return lambda f: dataclasses.replace(
        f,
        members=tuple(
            dataclasses.replace(x, **attrs) if x.org_id == org_id else x for x in f.members
        ),
    )


def facts(**attrs: Any) -> Mutation:
    return lambda f: dataclasses.replace(f, **attrs)


FSE1, FSE2, FSE3, FSE4 = ("FSE1", None), ("FSE2", None), ("FSE3", None), ("FSE4", None)
L1, L2 = ("FESR", "line1"), ("FESR", "line2")
LATE = facts(today=date(2099, 1, 1))
#: (call and line, rule key, how to break it, the result code that must fail or warn)
FAILING: list[tuple[tuple[str, str | None], str, Mutation, str]] = [
    (FSE1, "lead_kinds", change("DCS01", kind="PublicBody"), "lead_kinds"),
    (FSE1, "lead_kinds", drop("DCS01"), "lead_kinds"),
    (FSE1, "member_kinds", add(m("SPA", "SME", "partner")), "member_kinds"),
    (FSE1, "associate_kinds", add(m("DCS02", "District", "associate")), "associate_kinds"),
    (FSE1, "required_kind_groups", drop("COM"), "required_kind_groups:PublicBody"),
    (FSE1, "required_kind_groups", drop("COOP", "ODV"), "required_kind_groups:ThirdSector"),
    (FSE1, "min_members", drop("COOP", "ODV"), "min_members"),
    (FSE1, "one_per_district", facts(district_code=None), "one_per_district"),
    (FSE1, "max_projects", facts(funded_in_edition=30, target_status="funded"), "max_projects"),
    (FSE1, "max_projects", facts(funded_in_edition=30), "max_projects"),  # a warning
    (FSE1, "deadline", LATE, "deadline"),
    (FSE2, "lead_kinds", change("COOP", kind="SME", size_class="small"), "lead_kinds"),
    (FSE2, "member_kinds", add(m("FOND2", "Foundation", "partner")), "member_kinds"),
    # FSE2 admits every kind of organisation as an associate: only an unknown kind fails.
    (FSE2, "associate_kinds", add(m("X", "Region", "associate")), "associate_kinds"),
    (
        FSE2,
        "required_kind_groups",
        change("COM", kind="ThirdSector"),
        "required_kind_groups:PublicBody+District",
    ),
    (FSE2, "min_members", drop("COM"), "min_members"),
    (FSE2, "deadline", LATE, "deadline"),
    (FSE3, "lead_kinds", change("SRL", kind="ThirdSector"), "lead_kinds"),
    (FSE3, "member_kinds", add(m("COOP2", "ThirdSector", "partner")), "member_kinds"),
    (FSE3, "associate_kinds", add(m("DCS01", "District", "associate")), "associate_kinds"),
    (FSE3, "min_members", drop("SRL", "SNC"), "min_members"),
    (FSE3, "size_classes", change("SNC", size_class=None), "size_classes"),
    (FSE3, "deadline", LATE, "deadline"),
    (L1, "lines", facts(line=None), "lines"),
    (L1, "lines", facts(line="line9"), "lines"),
    (L1, "lead_kinds", change("SRL", kind="ThirdSector"), "lead_kinds"),
    (L1, "member_kinds", add(m("FOND", "Foundation", "partner")), "member_kinds"),
    (L1, "associate_kinds", add(m("COOP", "ThirdSector", "associate")), "associate_kinds"),
    (L1, "min_members", drop("SRL", "SNC"), "min_members"),
    (L1, "size_classes", change("SNC", size_class=None), "size_classes"),
    (L1, "non_profit", change("SNC", non_profit=False), "non_profit"),
    (L1, "non_profit", change("SNC", non_profit=None), "non_profit"),
    (L1, "min_budget_eur", change("SNC", budget_eur=100_000), "min_budget_eur"),
    (L1, "deadline", LATE, "deadline"),
    (L2, "lines", facts(line=None), "lines"),
    (L2, "lead_kinds", change("SRL", kind="Foundation"), "lead_kinds"),
    (L2, "member_kinds", add(m("COM", "PublicBody", "partner")), "member_kinds"),
    (L2, "associate_kinds", add(m("SNC", "SME", "associate")), "associate_kinds"),
    (L2, "min_members", drop("SRL"), "min_members"),
    (L2, "size_classes", change("SRL", size_class="medium"), "size_classes"),
    (L2, "max_budget_eur", change("SRL", budget_eur=100_001), "max_budget_eur"),
    (L2, "deadline", LATE, "deadline"),
    (FSE4, "lead_kinds", change("COOP", kind="PublicBody"), "lead_kinds"),
    (FSE4, "member_kinds", add(m("ASL", "PublicBody", "partner")), "member_kinds"),
    (FSE4, "associate_kinds", add(m("DCS01", "District", "associate")), "associate_kinds"),
    (FSE4, "min_members", drop("COOP", "SRL"), "min_members"),
    (FSE4, "max_projects", facts(funded_in_edition=1, target_status="funded"), "max_projects"),
    (FSE4, "lead_capabilities", change("COOP", capabilities=frozenset()), "lead_capabilities"),
    (
        FSE4,
        "partner_capabilities",
        change("SRL", capabilities=frozenset({"training"})),
        "partner_capabilities",
    ),
    (FSE4, "deadline", LATE, "deadline"),
]


def _rules(key: tuple[str, str | None]) -> dict[str, Any]:
    rules: dict[str, Any] = CALLS[key[0]]["rules"]
    return rules


@pytest.mark.parametrize("key", list(VALID), ids=lambda k: "-".join(filter(None, k)))
def test_a_valid_consortium_passes_every_rule(key: tuple[str, str | None]) -> None:
    results = evaluate(_rules(key), VALID[key])
    assert results
    assert [r.code for r in results if r.status != "pass"] == []
    assert not any(r.blocks for r in results)


@pytest.mark.parametrize(
    ("key", "rule", "mutation", "code"),
    FAILING,
    ids=[f"{'-'.join(filter(None, k))}:{c}:{i}" for i, (k, _r, _m, c) in enumerate(FAILING)],
)
def test_each_rule_fails_when_broken(
    key: tuple[str, str | None], rule: str, mutation: Mutation, code: str
) -> None:
    results = {r.code: r for r in evaluate(_rules(key), mutation(VALID[key]))}
    assert code in results, sorted(results)
    result = results[code]
    assert result.rule == rule
    assert result.status in ("fail", "warning")
    assert result.blocks == (result.status == "fail")
    assert result.message and isinstance(result.params, dict)


@pytest.mark.parametrize("key", list(VALID), ids=lambda k: "-".join(filter(None, k)))
def test_every_rule_of_every_call_has_a_failing_case(key: tuple[str, str | None]) -> None:
    stated = {r.rule for r in evaluate(_rules(key), VALID[key])}
    broken = {rule for k, rule, _m, _c in FAILING if k == key}
    assert stated == broken


def test_failures_name_the_members_concerned() -> None:
    broken = change("SNC", non_profit=False)(VALID[L1])
    result = next(r for r in evaluate(_rules(L1), broken) if r.rule == "non_profit")
    assert result.members == ("SNC",)
    wrong_partner = add(m("SPA", "SME", "partner"))(VALID[FSE1])
    result = next(r for r in evaluate(_rules(FSE1), wrong_partner) if r.rule == "member_kinds")
    assert result.members == ("SPA",)


def test_a_passed_deadline_blocks_unless_the_call_is_in_practice_mode() -> None:
    late = LATE(VALID[FSE1])
    result = next(r for r in evaluate(_rules(FSE1), late) if r.rule == "deadline")
    assert (result.status, result.blocks, result.message) == ("fail", True, "deadline_passed")
    practice = dataclasses.replace(late, practice=True)
    result = next(r for r in evaluate(_rules(FSE1), practice) if r.rule == "deadline")
    assert (result.status, result.blocks, result.message) == ("warning", False, "deadline_practice")


def test_max_members_and_profit_only_rules_from_custom_rules() -> None:
    rules = {**_rules(FSE3), "max_members": 1, "non_profit": False}
    results = {r.code: r for r in evaluate(rules, VALID[FSE3])}
    assert results["max_members"].status == "fail"
    assert results["non_profit"].status == "pass"
    alone = drop("SNC")(VALID[FSE3])
    assert {r.code: r.status for r in evaluate(rules, alone)}["max_members"] == "pass"
    nonprofit = change("SRL", non_profit=True)(alone)
    assert {r.code: r.status for r in evaluate(rules, nonprofit)}["non_profit"] == "fail"


def test_no_associates_rule_passes_without_associates() -> None:
    results = {r.code: r for r in evaluate(_rules(L2), VALID[L2])}
    assert results["associate_kinds"].message == "associates_none_allowed"
