"""The call pages' wording: why an edit of a call was refused, and the rule wording their
templates use (app/wording/rules.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.services.calls import CallError
from app.services.rules import RuleProblem
from app.wording.rules import rule_helpers


def _problem(problem: RuleProblem) -> str:
    where = problem.key or _("the document")
    p = problem.params
    listed = {"key": where, "values": ", ".join(p.get("values") or ())}
    texts = {
        "not_json": _(
            "Not valid JSON (line %(line)s, column %(column)s).",
            line=p.get("line"),
            column=p.get("column"),
        ),
        "not_object": _("The rules must be a JSON object { ... }."),
        "missing_key": _("%(key)s: missing (write null or [] for no constraint).", key=where),
        "unknown_key": _("%(key)s: not a key of the rule vocabulary.", key=where),
        "not_kind_list": _("%(key)s: must be a list of organisation kinds.", key=where),
        "unknown_kinds": _(
            "%(key)s: unknown kinds %(values)s (use District, PublicBody, "
            "ThirdSector, SME, Foundation).",
            **listed,
        ),
        "not_group_list": _("%(key)s: must be a list of non-empty lists of kinds.", key=where),
        "not_count": _("%(key)s: must be a whole number, or null.", key=where),
        "not_bool": _("%(key)s: must be true or false.", key=where),
        "unknown_sizes": _(
            "%(key)s: sizes must be among %(values)s, or null.",
            **listed,
        ),
        "not_text_list": _("%(key)s: must be a list of capability codes.", key=where),
        "empty_lead_kinds": _("%(key)s: at least one kind may lead.", key=where),
        "not_line_list": _("%(key)s: must be a list of lines.", key=where),
        "bad_line": _("%(key)s: a line has code, label_it, label_en and rules.", key=where),
        "bad_line_code": _("%(key)s: each line needs its own code.", key=where),
        "bad_call_code": _(
            "The code has letters, digits, _ and - only, at most 20 characters (e.g. H2020)."
        ),
        "bad_line_identifier": _(
            "%(key)s: the line code %(code)s may have letters, digits "
            "and . _ : - only, at most 40 characters.",
            key=where,
            code=p.get("code"),
        ),
        "min_above_max": _(
            "%(key)s: the minimum exceeds %(other)s.", key=where, other=p.get("other")
        ),
    }
    return texts.get(problem.code, problem.code)


def problem_text(exc: CallError) -> list[str]:
    """One message per problem of a refused edit."""
    if exc.code == "conflict":
        return [
            _("Someone saved these rules meanwhile: reload the page and apply your change again.")
        ]
    if exc.code == "code_taken":
        return [_("A call with this code exists already: choose another code.")]
    if exc.code == "missing":
        return [_("There is no such call.")]
    return [_problem(problem) for problem in exc.problems]


def template_helpers() -> dict[str, Any]:
    """Values for the call blueprint's ``context_processor``."""
    return rule_helpers()
