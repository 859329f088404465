"""Dismiss, keep and undo on suggested partners: the small forms shared by an
organisation's suggestions page and a consortium's."""

from __future__ import annotations

from typing import Any, Final

from flask import abort, flash, redirect, request, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired, Length

from app.access import current_actor
from app.extensions import get_graph
from app.services import partnerships, suggestion_feedback
from app.services.suggestion_feedback import MAX_RESULTS, FeedbackError

#: Suggestions per page on the HTML pages, and the last page they may reach.
PER_PAGE: Final = 10
LAST_PAGE: Final = MAX_RESULTS // PER_PAGE
#: Form action → (feedback kind, added?).
ACTIONS: Final = {
    "dismiss": ("dismissed", True),
    "keep": ("kept", True),
    "restore": ("dismissed", False),
    "unkeep": ("kept", False),
}
_DONE: Final[dict[str, LazyString]] = {
    "dismiss": _l("“%(name)s” will not be suggested again."),
    "keep": _l("“%(name)s” is on your shortlist."),
    "restore": _l("“%(name)s” may be suggested again."),
    "unkeep": _l("“%(name)s” is off your shortlist."),
}
_ALREADY: Final[dict[str, LazyString]] = {
    "restore": _l("“%(name)s” was no longer among the dismissed suggestions."),
    "unkeep": _l("“%(name)s” was no longer on your shortlist."),
}


class FeedbackForm(FlaskForm):
    """One suggestion dismissed, kept, restored or taken off the shortlist."""

    candidate = HiddenField(validators=[DataRequired(), Length(max=100)])
    action = HiddenField(validators=[DataRequired(), AnyOf(list(ACTIONS))])


def page_arg(value: str | None) -> tuple[int, bool]:
    """The page asked for (from 1), at most LAST_PAGE, and whether it was past that."""
    try:
        asked = int(value or 1)
    except ValueError:
        asked = 1
    return min(max(asked, 1), LAST_PAGE), asked > LAST_PAGE


def page_values(found: suggestion_feedback.SuggestionPage | None, beyond: bool) -> dict[str, Any]:
    """What a suggestions page's template reads about the page: the suggestions, whether
    the page asked for was past the last, the dismissal to offer undoing, the cap."""
    undo = found.feedback.find(request.args.get("scartato", ""), "dismissed") if found else None
    return {"result": found, "beyond": beyond, "undo": undo, "max_results": MAX_RESULTS}


def apply_feedback(owner_type: str, owner_id: str) -> tuple[str, str]:
    """Validate the posted form and apply it for ``owner_id`` (whom the caller has checked
    the user may act for); flashes what happened. Returns (action, candidate id)."""
    form = FeedbackForm()
    if not form.validate_on_submit():
        abort(400, _("The request could not be understood: reload the page and try again."))
    action, candidate = str(form.action.data), str(form.candidate.data)
    kind, added = ACTIONS[action]
    graph = get_graph()
    named = partnerships.organizations(graph, [candidate])
    if not named:
        abort(404)
    name = named[0].name
    change = suggestion_feedback.Change(owner_type, owner_id, candidate, kind)
    try:
        suggestion_feedback.apply(graph, current_actor(), change, added=added)
    except FeedbackError as exc:
        if exc.code == "missing":
            flash(str(_ALREADY[action]) % {"name": name}, "info")
            return action, candidate
        if exc.code in ("missing_owner", "missing_candidate"):
            abort(404)
        abort(400, _("An organisation cannot be suggested to itself."))
    if action != "dismiss":  # a dismissal is announced on the page, with its undo
        flash(str(_DONE[action]) % {"name": name}, "success")
    return action, candidate


def return_args() -> dict[str, Any]:
    """The query the form came from (call, page), to come back to the same page."""
    page, _beyond = page_arg(request.form.get("page"))
    args: dict[str, Any] = {"page": page} if page > 1 else {}
    call = (request.form.get("bando") or "")[:40]
    if call:
        args["bando"] = call
    return args


def dismissed_notice(action: str, candidate: str) -> dict[str, Any]:
    """The query argument that makes the page offer to undo a dismissal."""
    return {"scartato": candidate} if action == "dismiss" else {}


def back_to_suggestions(endpoint: str, action: str, candidate: str, **owner: Any) -> Response:
    """Back to the suggestions page the form came from (same call and page), at the list
    the action changed, offering to undo a dismissal."""
    anchor = "dismissed" if action == "restore" else "suggestions"
    return redirect(
        url_for(
            endpoint,
            **owner,
            **return_args(),
            **dismissed_notice(action, candidate),
            _anchor=anchor,
        )
    )


__all__ = [
    "ACTIONS",
    "LAST_PAGE",
    "PER_PAGE",
    "FeedbackForm",
    "apply_feedback",
    "back_to_suggestions",
    "dismissed_notice",
    "page_arg",
    "return_args",
]
