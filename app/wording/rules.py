"""A call's rules and their verdicts worded in the user's language: for the consortium and
call pages and for the API's rule checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import labels
from app.formatting import date_text, in_language, money_text
from app.services.rules import RuleResult, effective_rules, status_path
from graph.call_records import CallPhase

RULE_TITLES = {
    "lines": _l("Line of the call"),
    "lead_kinds": _l("Lead"),
    "member_kinds": _l("Partners"),
    "associate_kinds": _l("Associates"),
    "required_kind_groups": _l("Required members"),
    "min_members": _l("Minimum size"),
    "max_members": _l("Maximum size"),
    "non_profit": _l("Non-profit status"),
    "size_classes": _l("Enterprise size"),
    "lead_capabilities": _l("Lead's experience"),
    "partner_capabilities": _l("Partners' experience"),
    "min_budget_eur": _l("Minimum budget"),
    "max_budget_eur": _l("Maximum budget"),
    "one_per_district": _l("One per district"),
    "max_projects": _l("Projects funded"),
    "deadline": _l("Deadline"),
}
STATUS_WORDS = {"pass": _l("passed"), "fail": _l("failed"), "warning": _l("warning")}


def kinds_text(kinds: Iterable[str]) -> str:
    """Kinds as translated words: "Public body or Third-sector organisation"."""
    words = [str(labels.KIND_LABELS.get(k, k)) for k in kinds]
    return _(" or ").join(words) if words else "—"


def euros(amount: Any) -> str:
    """An amount in euros, without cents, in the user's locale (``1.234 €``, ``€1,234``)."""
    return money_text(int(amount or 0))


def caps_text(values: Iterable[str]) -> str:
    return ", ".join(str(labels.CAPABILITY_LABELS.get(v, v)) for v in values)


def sizes_text(values: Iterable[str]) -> str:
    return ", ".join(str(labels.SIZE_LABELS.get(v, v)) for v in values)


def _kinds(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"kinds": kinds_text(p["kinds"])}


def _size(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"count": p["count"], "limit": p["limit"]}


def _funded(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"funded": p["funded"], "limit": p["limit"]}


def _days(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"date": date_text(p["deadline"]), "days": p["days"]}


def _max_members(p: Mapping[str, Any]) -> str:
    return _("%(count)s lead and partners: at most %(limit)s admitted.", **_size(p))


def _budget(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"total": euros(p["total"]), "limit": euros(p["limit"])}


def _min_budget(p: Mapping[str, Any]) -> str:
    return _("Total budget %(total)s: at least %(limit)s required.", **_budget(p))


def _max_budget(p: Mapping[str, Any]) -> str:
    return _("Total budget %(total)s: at most %(limit)s admitted.", **_budget(p))


_TEXTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "line_missing": lambda p: _("Choose one of the call's lines."),
    "line_unknown": lambda p: _(
        "The line %(line)s is not one of the call's lines.", line=p["line"]
    ),
    "line_ok": lambda p: _("The consortium applies for line %(line)s.", line=p["line"]),
    "lead_count": lambda p: _(
        "A consortium has exactly one lead (now: %(count)s).", count=p["count"]
    ),
    "lead_kind_ok": lambda p: _(
        "The lead is a %(kind)s, as the call requires.", kind=kinds_text([p["kind"]])
    ),
    "lead_kind_wrong": lambda p: _("The lead must be: %(kinds)s.", **_kinds(p)),
    "partners_none_allowed": lambda p: _("This call admits no partners, and there are none."),
    "partners_not_allowed": lambda p: _("This call admits no partners."),
    "partner_kinds_ok": lambda p: _(
        "Every partner is of an admitted kind (%(kinds)s).", **_kinds(p)
    ),
    "partner_kinds_wrong": lambda p: _("Partners may only be: %(kinds)s.", **_kinds(p)),
    "associates_none_allowed": lambda p: _("This call admits no associates, and there are none."),
    "associates_not_allowed": lambda p: _("This call admits no associates."),
    "associate_kinds_ok": lambda p: _("Every associate is of an admitted kind."),
    "associate_kinds_wrong": lambda p: _("Associates may only be: %(kinds)s.", **_kinds(p)),
    "required_kinds_ok": lambda p: _("At least one lead or partner is a %(kinds)s.", **_kinds(p)),
    "required_kinds_missing": lambda p: _(
        "The lead or a partner must be a %(kinds)s.", **_kinds(p)
    ),
    "min_members_ok": lambda p: _(
        "%(count)s lead and partners: at least %(limit)s needed.", **_size(p)
    ),
    "min_members_short": lambda p: _(
        "%(count)s lead and partners: at least %(limit)s needed, %(missing)s more to find.",
        missing=p["missing"],
        **_size(p),
    ),
    "max_members_ok": _max_members,
    "max_members_over": _max_members,
    "non_profit_ok": lambda p: _("Lead and partners are all non-profit."),
    "non_profit_wrong": lambda p: _(
        "Lead and partners must all be non-profit (or the profile does not say)."
    ),
    "profit_ok": lambda p: _("Lead and partners are all for-profit."),
    "profit_wrong": lambda p: _("Lead and partners must all be for-profit enterprises."),
    "size_ok": lambda p: _(
        "Every enterprise is of an admitted size (%(sizes)s).", sizes=sizes_text(p["sizes"])
    ),
    "size_wrong": lambda p: _(
        "Enterprises must be of these sizes: %(sizes)s (or the profile does not say).",
        sizes=sizes_text(p["sizes"]),
    ),
    "lead_capabilities_ok": lambda p: _(
        "The lead has the required experience: %(caps)s.", caps=caps_text(p["capabilities"])
    ),
    "lead_capabilities_missing": lambda p: _(
        "The lead must have this experience: %(caps)s.", caps=caps_text(p["capabilities"])
    ),
    "partner_capabilities_ok": lambda p: _("Every partner has the required experience."),
    "partner_capabilities_missing": lambda p: _(
        "Every partner must have this experience: %(caps)s.", caps=caps_text(p["capabilities"])
    ),
    "budget_min_ok": _min_budget,
    "budget_below": _min_budget,
    "budget_max_ok": _max_budget,
    "budget_above": _max_budget,
    "one_per_district_ok": lambda p: _(
        "The only consortium of district %(district)s for this call (the database ensures it).",
        district=p["district"],
    ),
    "district_missing": lambda p: _("The lead must belong to a district."),
    "max_projects_ok": lambda p: _(
        "%(funded)s of at most %(limit)s projects funded so far.", **_funded(p)
    ),
    "max_projects_full": lambda p: _(
        "The call already funds %(funded)s projects, its maximum is %(limit)s.", **_funded(p)
    ),
    "deadline_ahead": lambda p: _("Deadline %(date)s: %(days)s days left.", **_days(p)),
    "deadline_passed": lambda p: _(
        "The deadline of %(date)s passed %(days)s days ago.", **_days(p)
    ),
    "deadline_practice": lambda p: _(
        "The deadline of %(date)s passed %(days)s days ago; the call is in practice mode, so "
        "the consortium may still move on.",
        **_days(p),
    ),
}


def rule_name(result: RuleResult) -> str:
    """A rule's readable name, the group's kinds added where one rule yields several
    results: "Required members (Public body)" rather than ``required_kind_groups:PublicBody``."""
    title = str(RULE_TITLES.get(result.rule, result.rule))
    if ":" in result.code and result.params.get("kinds"):
        return f"{title} ({kinds_text(result.params['kinds'])})"
    return title


def explain(result: RuleResult) -> str:
    """The plain explanation of a rule verdict in the user's language."""
    text = _TEXTS.get(result.message)
    return text(result.params) if text else result.message


def known_messages() -> set[str]:
    """Every message code that has a text (for the tests)."""
    return set(_TEXTS)


def phase_label(phase: CallPhase) -> str:
    """A call phase's label in the user's language."""
    return in_language(phase.label_it, phase.label_en) or phase.code


def status_label(status: str, phases: Sequence[CallPhase]) -> str:
    """A consortium status, named after the call's phase when the call has two."""
    if len(phases) >= 2 and status in ("preliminary", "executive"):
        return phase_label(phases[0 if status == "preliminary" else 1])
    return str(labels.CONSORTIUM_STATUS_LABELS.get(status, status))


def rule_helpers() -> dict[str, Any]:
    """The rule wording the consortium and call templates use, by name."""
    helpers = (explain, rule_name, status_label, phase_label, kinds_text, sizes_text, caps_text)
    return {
        **{f.__name__: f for f in (*helpers, euros, effective_rules, status_path)},
        "rule_titles": RULE_TITLES,
        "status_words": STATUS_WORDS,
    }
