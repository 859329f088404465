"""Which roles a call admits an organisation in, from the rule engine's per-member rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from app.services.rules import MemberFacts, eligible_as

ROLES: Final[tuple[str, ...]] = ("lead", "partner", "associate")


def admitted_roles(
    rules: Mapping[str, Any],
    *,
    kind: str,
    non_profit: bool | None,
    size_class: str | None,
    capabilities: Iterable[str],
    line: str | None = None,
) -> tuple[str, ...]:
    """The roles (lead, partner, associate) the call's rules admit this organisation in.

    With ``line`` None and a call that has lines, a role counts when any line admits it.

    >>> rules = {"lead_kinds": ["SME"], "member_kinds": ["SME"], "associate_kinds": [],
    ...          "size_classes": ["micro", "small"]}
    >>> admitted_roles(rules, kind="SME", non_profit=False, size_class="small",
    ...                capabilities=())
    ('lead', 'partner')
    >>> admitted_roles(rules, kind="SME", non_profit=False, size_class="medium",
    ...                capabilities=())
    ()
    """
    lines = [line] if line else [x.get("code") for x in rules.get("lines") or ()] or [None]
    caps = frozenset(capabilities)
    found = []
    for role in ROLES:
        member = MemberFacts(
            org_id="",
            name="",
            kind=kind,
            role=role,
            non_profit=non_profit,
            size_class=size_class or None,
            capabilities=caps,
        )
        if any(eligible_as(rules, member, each) for each in lines):
            found.append(role)
    return tuple(found)


def core_eligible(
    rules: Mapping[str, Any],
    *,
    kind: str,
    non_profit: bool | None,
    size_class: str | None,
    capabilities: Iterable[str],
) -> bool:
    """Whether the organisation could lead or be a partner of the call (any line)."""
    roles = admitted_roles(
        rules, kind=kind, non_profit=non_profit, size_class=size_class, capabilities=capabilities
    )
    return "lead" in roles or "partner" in roles


def admitted_kinds(rules: Mapping[str, Any]) -> set[str]:
    """Kinds the call admits in some role (any line)."""
    kinds = set(rules.get("lead_kinds") or ()) | set(rules.get("member_kinds") or ())
    kinds |= set(rules.get("associate_kinds") or ())
    for line in rules.get("lines") or ():
        for key in ("lead_kinds", "member_kinds", "associate_kinds"):
            kinds |= set((line.get("rules") or {}).get(key) or ())
    return kinds
