"""Suggested partners for an organisation the user acts for, as a page and as JSON, with
dismiss, keep and undo."""

from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request
from werkzeug.wrappers import Response

from app.acting import acting_organizations
from app.extensions import get_graph
from app.partnerships import bp
from app.partnerships.feedback import (
    PER_PAGE,
    apply_feedback,
    back_to_suggestions,
    page_arg,
    page_values,
)
from app.services import recommend_jobs
from app.services import suggestion_feedback as feedback_service
from app.services.calls import list_calls
from app.services.suggestion_feedback import SuggestionPage
from app.wording.reasons import suggestion_json
from graph.partnership_records import OrgRef


def _suggestions() -> tuple[list[OrgRef], OrgRef | None, str | None, SuggestionPage | None, bool]:
    """The user's organisations, the chosen one, the call asked for, the page of
    suggestions and whether the page asked for was past the last one served."""
    orgs, org = acting_organizations(request.args.get("org"))
    call = request.args.get("bando") or None
    page, beyond = page_arg(request.args.get("page"))
    found = (
        feedback_service.suggestions_page(
            get_graph(), "organization", org.id, page=page, per_page=PER_PAGE, call_code=call
        )
        if org
        else None
    )
    return orgs, org, call, found, beyond


@bp.route("/suggerimenti")
def suggestions() -> str:
    """Partners suggested for one of the user's organisations, a page at a time, each with
    its reasons; the shortlist and the dismissed ones below."""
    orgs, org, call, found, beyond = _suggestions()
    if current_app.config["RECOMMENDER_AUTO_RETRAIN"]:
        recommend_jobs.maybe_retrain(get_graph())  # at most every 10 minutes, off the request
    calls = [c.call for c in list_calls(get_graph())]
    return render_template(
        "partnerships/suggestions.html",
        orgs=orgs,
        org=org,
        call=call,
        calls=calls,
        **page_values(found, beyond),
    )


@bp.route("/suggerimenti/riscontro", methods=["POST"])
def suggestion_feedback() -> Response:
    """Dismiss, keep, restore or take off the shortlist a suggestion, then back to the page."""
    wanted = request.form.get("org", "")
    if not wanted:
        abort(400)
    _orgs, org = acting_organizations(wanted)
    assert org is not None  # acting_organizations refuses an organisation it cannot act for
    action, candidate = apply_feedback("organization", org.id)
    return back_to_suggestions("partnerships.suggestions", action, candidate, org=org.id)


@bp.route("/api/suggerimenti")
def suggestions_api() -> Response:
    """The same suggestions as JSON (reasons worded in the page's language)."""
    _orgs, org, call, found, _beyond = _suggestions()
    if org is None or found is None:
        abort(400)
    return jsonify(
        {
            "organization": org.id,
            "call": call,
            "page": found.page,
            "per_page": found.per_page,
            "has_next": found.has_next,
            "suggestions": [suggestion_json(s) for s in found.items],
        }
    )
