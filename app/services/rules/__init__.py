"""Call rules as pure functions: facts in, verdicts out; no database, no Flask."""

from app.services.rules.engine import effective_rules, eligible_as, evaluate, role_for_kind
from app.services.rules.facts import ConsortiumFacts, MemberFacts, Phase, RuleResult
from app.services.rules.lifecycle import (
    EDITABLE,
    SUBMITTED,
    Transition,
    status_path,
    transitions,
)
from app.services.rules.validate import RULE_KEYS, RuleProblem, check_rules, parse_rules

__all__ = [
    "EDITABLE",
    "RULE_KEYS",
    "SUBMITTED",
    "ConsortiumFacts",
    "MemberFacts",
    "Phase",
    "RuleProblem",
    "RuleResult",
    "Transition",
    "check_rules",
    "effective_rules",
    "eligible_as",
    "evaluate",
    "parse_rules",
    "role_for_kind",
    "status_path",
    "transitions",
]
