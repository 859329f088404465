"""Suggested partners for an organisation the user acts for, as a page and as JSON."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, render_template, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from app.extensions import get_graph
from app.partnerships import bp
from app.partnerships.routes import acting_organizations
from app.services import recommend
from app.services.calls import list_calls

LIMIT = 10


def _suggestions() -> tuple[list[dict[str, Any]], dict[str, Any] | None, str | None,
                            list[recommend.Suggestion]]:
    """The user's organisations, the chosen one, the call asked for and the suggestions."""
    orgs, org = acting_organizations(request.args.get("org"))
    call = request.args.get("bando") or None
    found = recommend.recommend_for_organization(get_graph(), org["id"], limit=LIMIT,
                                                 call_code=call) if org else []
    return orgs, org, call, found


@bp.route("/suggerimenti")
def suggestions() -> str:
    """Partners suggested for one of the user's organisations, each with its reasons."""
    orgs, org, call, found = _suggestions()
    calls = [c["call"] for c in list_calls(get_graph())]
    return render_template("partnerships/suggestions.html", orgs=orgs, org=org,
                           call=call, calls=calls, suggestions=found)


@bp.route("/api/suggerimenti")
def suggestions_api() -> Response:
    """The same suggestions as JSON (reasons worded in the page's language)."""
    _orgs, org, call, found = _suggestions()
    if org is None:
        abort(400)
    lang = str(get_locale() or "it")
    return jsonify({"organization": org["id"], "call": call,
                    "suggestions": [s.as_dict(lang) for s in found]})
