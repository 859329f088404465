"""The rule engine: each rule of a call, applied to a consortium's members, as pure functions.

``evaluate(rules, facts)`` returns one :class:`RuleResult` per rule the call states (a null
or empty key states no rule). The rule vocabulary is the one of ``seed/data/calls.json``
(documented in ``seed/README.md``); a line of a call overrides some of the call's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.services.rules.facts import ConsortiumFacts, MemberFacts, RuleResult
from app.services.rules.lifecycle import deadline_phase_index

Rules = Mapping[str, Any]
Check = Callable[[Rules, ConsortiumFacts], list[RuleResult]]

__all__ = ["effective_rules", "eligible_as", "evaluate", "role_for_kind"]


def effective_rules(rules: Rules, line: str | None) -> dict[str, Any]:
    """The call's rules with the chosen line's overrides applied (unknown line: unchanged).

    >>> effective_rules({"min_budget_eur": None, "lines": [
    ...     {"code": "l1", "rules": {"min_budget_eur": 5}}]}, "l1")["min_budget_eur"]
    5
    """
    merged = {key: value for key, value in rules.items() if key != "lines"}
    for candidate in rules.get("lines") or ():
        if candidate.get("code") == line:
            merged.update(candidate.get("rules") or {})
    return merged


def _ids(members: tuple[MemberFacts, ...] | list[MemberFacts]) -> tuple[str, ...]:
    return tuple(m.org_id for m in members)


def _result(
    rule: str,
    ok: bool,
    good: str,
    bad: str,
    *,
    code: str | None = None,
    members: tuple[str, ...] = (),
    blocking: bool = True,
    **params: Any,
) -> RuleResult:
    return RuleResult(
        rule=rule,
        code=code or rule,
        status="pass" if ok else "fail",
        message=good if ok else bad,
        params=params,
        members=members,
        blocking=blocking,
    )


def _line(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    lines = [line["code"] for line in rules.get("lines") or ()]
    if not lines:
        return []
    if facts.line is None:
        return [_result("lines", False, "", "line_missing", lines=lines)]
    return [
        _result(
            "lines", facts.line in lines, "line_ok", "line_unknown", line=facts.line, lines=lines
        )
    ]


def _lead_kind(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    kinds = list(rules["lead_kinds"])
    leads = facts.with_role("lead")
    if len(leads) != 1:
        return [
            _result(
                "lead_kinds",
                False,
                "",
                "lead_count",
                members=_ids(leads),
                count=len(leads),
                kinds=kinds,
            )
        ]
    lead = leads[0]
    return [
        _result(
            "lead_kinds",
            lead.kind in kinds,
            "lead_kind_ok",
            "lead_kind_wrong",
            members=(lead.org_id,),
            kinds=kinds,
            kind=lead.kind,
        )
    ]


def _role_kinds(rule: str, role: str) -> Check:
    def check(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
        kinds = list(rules[rule])
        present = facts.with_role(role)
        if not kinds:
            return [
                _result(
                    rule,
                    not present,
                    f"{role}s_none_allowed",
                    f"{role}s_not_allowed",
                    members=_ids(present),
                )
            ]
        wrong = [m for m in present if m.kind not in kinds]
        return [
            _result(
                rule,
                not wrong,
                f"{role}_kinds_ok",
                f"{role}_kinds_wrong",
                members=_ids(wrong) or _ids(present),
                kinds=kinds,
            )
        ]

    return check


def _required_kinds(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    results = []
    for group in rules.get("required_kind_groups") or ():
        present = [m for m in facts.core if m.kind in group]
        results.append(
            _result(
                "required_kind_groups",
                bool(present),
                "required_kinds_ok",
                "required_kinds_missing",
                code="required_kind_groups:" + "+".join(group),
                members=_ids(present),
                kinds=list(group),
            )
        )
    return results


def _member_count(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    count = len(facts.core)
    results = []
    low, high = rules.get("min_members"), rules.get("max_members")
    if low is not None:
        results.append(
            _result(
                "min_members",
                count >= low,
                "min_members_ok",
                "min_members_short",
                count=count,
                limit=low,
                missing=max(low - count, 0),
            )
        )
    if high is not None:
        results.append(
            _result(
                "max_members",
                count <= high,
                "max_members_ok",
                "max_members_over",
                members=_ids(facts.core) if count > high else (),
                count=count,
                limit=high,
            )
        )
    return results


def _non_profit(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    wanted = rules.get("non_profit")
    if wanted is None:
        return []
    wrong = [m for m in facts.core if m.non_profit is not wanted]
    good, bad = ("non_profit_ok", "non_profit_wrong") if wanted else ("profit_ok", "profit_wrong")
    return [_result("non_profit", not wrong, good, bad, members=_ids(wrong))]


def _size_classes(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    sizes = rules.get("size_classes")
    if sizes is None:
        return []
    smes = [m for m in facts.core if m.kind == "SME"]
    wrong = [m for m in smes if m.size_class not in sizes]
    return [
        _result(
            "size_classes",
            not wrong,
            "size_ok",
            "size_wrong",
            members=_ids(wrong),
            sizes=list(sizes),
        )
    ]


def _capabilities(rule: str, role: str) -> Check:
    def check(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
        needed = list(rules.get(rule) or ())
        if not needed:
            return []
        holders = facts.with_role(role)
        wrong = [m for m in holders if not set(needed) <= m.capabilities]
        ok = not wrong and (role != "lead" or bool(holders))
        return [
            _result(
                rule, ok, f"{rule}_ok", f"{rule}_missing", members=_ids(wrong), capabilities=needed
            )
        ]

    return check


def _budget(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    total = sum(m.budget_eur for m in facts.core)
    results = []
    low, high = rules.get("min_budget_eur"), rules.get("max_budget_eur")
    if low is not None:
        results.append(
            _result(
                "min_budget_eur",
                total >= low,
                "budget_min_ok",
                "budget_below",
                total=total,
                limit=low,
            )
        )
    if high is not None:
        results.append(
            _result(
                "max_budget_eur",
                total <= high,
                "budget_max_ok",
                "budget_above",
                total=total,
                limit=high,
            )
        )
    return results


def _one_per_district(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    if not rules.get("one_per_district"):
        return []
    return [
        _result(
            "one_per_district",
            facts.district_code is not None,
            "one_per_district_ok",
            "district_missing",
            district=facts.district_code,
        )
    ]


def _max_projects(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    limit = rules.get("max_projects")
    if limit is None:
        return []
    others = facts.funded_in_edition
    params = {"funded": others, "limit": limit}
    if facts.target_status == "funded":
        return [
            _result(
                "max_projects", others < limit, "max_projects_ok", "max_projects_full", **params
            )
        ]
    if others < limit or facts.status in ("funded", "closed", "not_funded"):
        return [_result("max_projects", True, "max_projects_ok", "", **params)]
    return [RuleResult("max_projects", "max_projects", "warning", "max_projects_full", params)]


def _deadline(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    """The deadline of the phase ahead: passed, it blocks the lead's next move, unless the
    call is in practice mode (then it is only a warning)."""
    index = deadline_phase_index(facts.status, len(facts.phases))
    if facts.today is None or index is None or facts.phases[index].deadline is None:
        return []
    phase = facts.phases[index]
    assert phase.deadline is not None
    days = (phase.deadline - facts.today).days
    params = {"phase": phase.code, "deadline": phase.deadline, "days": abs(days)}
    if days >= 0:
        return [RuleResult("deadline", "deadline", "pass", "deadline_ahead", params)]
    if facts.practice:
        return [
            RuleResult(
                "deadline", "deadline", "warning", "deadline_practice", params, blocking=False
            )
        ]
    return [RuleResult("deadline", "deadline", "fail", "deadline_passed", params)]


_CHECKS: tuple[Check, ...] = (
    _lead_kind,
    _role_kinds("member_kinds", "partner"),
    _role_kinds("associate_kinds", "associate"),
    _required_kinds,
    _member_count,
    _non_profit,
    _size_classes,
    _capabilities("lead_capabilities", "lead"),
    _capabilities("partner_capabilities", "partner"),
    _budget,
    _one_per_district,
    _max_projects,
    _deadline,
)


def evaluate(rules: Rules, facts: ConsortiumFacts) -> list[RuleResult]:
    """Every rule of the call (with the consortium's line applied) against the facts."""
    results = _line(rules, facts)
    active = effective_rules(rules, facts.line)
    for check in _CHECKS:
        results.extend(check(active, facts))
    return results


def role_for_kind(rules: Rules, kind: str, line: str | None = None) -> str | None:
    """The role an organisation of ``kind`` can take when invited: partner first.

    >>> role_for_kind({"member_kinds": ["SME"], "associate_kinds": ["Foundation"]}, "Foundation")
    'associate'
    """
    active = effective_rules(rules, line)
    if kind in (active.get("member_kinds") or ()):
        return "partner"
    if kind in (active.get("associate_kinds") or ()):
        return "associate"
    return None


def eligible_as(rules: Rules, member: MemberFacts, line: str | None = None) -> bool:
    """True when ``member`` (with its intended role) breaks none of the per-member rules."""
    return not member_problems(rules, member, line)


def member_problems(rules: Rules, member: MemberFacts, line: str | None = None) -> list[str]:
    """The per-member rules ``member`` (with its role) breaks, by vocabulary key.

    >>> member_problems({"lead_kinds": ["District"]}, MemberFacts("o", "O", "SME", "lead"))
    ['lead_kinds']
    """
    facts = ConsortiumFacts(members=(member,), line=line)
    active = effective_rules(rules, line)
    per_member: tuple[Check, ...] = (
        _role_kinds("member_kinds", "partner"),
        _role_kinds("associate_kinds", "associate"),
        _non_profit,
        _size_classes,
        _capabilities("partner_capabilities", "partner"),
    )
    if member.role == "lead":
        per_member = (
            _lead_kind,
            _non_profit,
            _size_classes,
            _capabilities("lead_capabilities", "lead"),
        )
    return sorted(
        {r.rule for check in per_member for r in check(active, facts) if r.status == "fail"}
    )
