"""The consortium pages' wording: refusals, outcomes, gap notes, and the helpers their
templates use (rule wording from app/wording/rules.py, reasons from app/wording/reasons.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app import labels
from app.formatting import date_text
from app.services.consortia import ConsortiumError, ConsortiumView
from app.services.gaps import Gap, GapReport, gap_key
from app.wording.reasons import reason_text
from app.wording.rules import RULE_TITLES, explain, kinds_text, rule_helpers, rule_name


def refusal(exc: ConsortiumError) -> str:
    """Why an operation on a consortium was refused."""
    p = exc.params
    role = p.get("allowed")
    texts = {
        "unknown_call": _("There is no such call."),
        "line_required": _("Choose one of the call's lines."),
        "lead_not_eligible": _(
            "For this call the lead must be: %(kinds)s.", kinds=kinds_text(p.get("kinds") or ())
        ),
        "no_district": _("The lead organisation is not located in any district."),
        "district_taken": _("This district already has a consortium for this call."),
        "bad_role": _("Choose partner or associate."),
        "kind_not_allowed": (
            _(
                "This call does not admit an organisation of this kind in that role; "
                "it may join as %(role)s.",
                role=labels.ROLE_LABELS[role],
            )
            if role
            else _("This call does not admit an organisation of this kind.")
        ),
        "associate_budget": _("Associates take part without a budget: leave the amounts empty."),
        "already_invited": _("This organisation already has an invitation waiting."),
        "member": _("This organisation is already a member."),
        "missing": _("There is no organisation with this id."),
        "not_editable": _("Members can no longer change: the consortium has been submitted."),
        "not_member": _("This organisation is not a member."),
        "not_removable": _("This member cannot be removed."),
        "deadline_passed": (
            _(
                "The call's deadline of %(date)s has passed: no new consortium can be opened "
                "for it.",
                date=date_text(p["deadline"]),
            )
            if p.get("deadline")
            else _("The call's deadline has passed: no new consortium can be opened for it.")
        ),
    }
    return texts.get(exc.code, _("The operation could not be completed."))


def answer_message(outcome: str) -> tuple[str, str]:
    """Flash text and category for the outcome of answering an invitation."""
    texts = {
        "accepted": (_("Invitation accepted: your organisation is now a member."), "success"),
        "declined": (_("Invitation declined."), "info"),
        "expired": (_("This invitation has expired."), "error"),
        "not_pending": (_("This invitation has already been answered or withdrawn."), "error"),
        "closed": (_("The consortium has been submitted: it no longer takes members."), "error"),
    }
    return texts.get(outcome, (_("The operation could not be completed."), "error"))


def transition_message(outcome: str) -> tuple[str, str]:
    """Flash text and category for a status change."""
    texts = {
        "ok": (_("Status changed."), "success"),
        "refused": (_("Not yet: the rules marked as blocking below must pass first."), "error"),
        "deadline": (
            _(
                "Refused: the deadline of this phase has passed. Only an administrator "
                "can open the call's practice mode."
            ),
            "error",
        ),
        "not_allowed": (_("This step is not possible from the current status."), "error"),
        "forbidden": (_("You do not have permission to do this."), "error"),
    }
    return texts.get(outcome, (_("The operation could not be completed."), "error"))


def gap_title(gap: Gap) -> str:
    """The heading of one gap."""
    if gap.kind == "sector":
        return _(
            "No member from the %(sector)s sector (circular subsidiarity)",
            sector=str(labels.SECTOR_LABELS[gap.code]).lower(),
        )
    if gap.kind == "theme":
        return _("Themes of the call that no member works on")
    result = gap.params["result"]
    return f"{RULE_TITLES.get(result.rule, result.rule)}: {explain(result)}"


def gap_note(gap: Gap) -> str:
    """Why a gap has no suggestions."""
    if gap.note == "not_admitted":
        return _("This call admits no organisation of this sector, not even as an associate.")
    if gap.note == "deadline":
        return _(
            "The deadline has passed: only an administrator's practice mode for the call "
            "lets the consortium move on."
        )
    if gap.note == "fix":
        return _("New members cannot fix this: change the members, their budget or the line.")
    return _("No eligible organisation found for now.")


def gap_short(gap: Gap) -> str:
    """A gap named in a few words, for the list of gaps a candidate fills."""
    if gap.kind == "sector":
        return _("%(sector)s sector", sector=str(labels.SECTOR_LABELS[gap.code]).lower())
    if gap.kind == "theme":
        return _("themes of the call")
    return rule_name(gap.params["result"])


def gap_names(report: GapReport) -> dict[str, str]:
    """Each gap's key to its short name."""
    return {gap_key(gap): gap_short(gap) for gap in report.gaps}


def blocked_reason(view: ConsortiumView) -> str:
    """Why the lead's next move is refused now (empty when it is not)."""
    blocking = view.blocking
    deadline = next((r for r in blocking if r.rule == "deadline"), None)
    if deadline is not None:
        return (
            explain(deadline) + " " + _("Only an administrator can open the call's practice mode.")
        )
    if not blocking:
        return ""
    names = ", ".join(dict.fromkeys(rule_name(r) for r in blocking))
    return ngettext(
        "Blocked: %(num)d rule must pass first (%(names)s).",
        "Blocked: %(num)d rules must pass first (%(names)s).",
        len(blocking),
        names=names,
    )


def template_helpers() -> dict[str, Any]:
    """Values for the consortium blueprint's ``context_processor``: the rule wording and
    these, by name."""
    helpers = (gap_title, gap_note, gap_names, gap_key, blocked_reason, reason_text)
    return {**rule_helpers(), **{f.__name__: f for f in helpers}}
