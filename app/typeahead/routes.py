"""Suggestions as JSON: ``?q=`` (2 to 60 characters used) and ``limit`` (1 to 10)."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from app.extensions import get_graph
from app.services import typeahead
from app.typeahead import bp


def _answer(items: list[typeahead.Suggestion]) -> Response:
    response = jsonify(
        {
            "query": request.args.get("q", "")[: typeahead.MAX_QUERY],
            "count": len(items),
            "items": [i.to_json() for i in items],
        }
    )
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def _limit() -> int:
    return request.args.get("limit", typeahead.MAX_RESULTS, type=int) or typeahead.MAX_RESULTS


@bp.route("/organizzazioni")
def organizations() -> Response:
    """Organisations whose name begins words with what was typed."""
    return _answer(typeahead.organizations(get_graph(), request.args.get("q", ""), _limit()))


@bp.route("/comuni")
def municipalities() -> Response:
    """Municipalities (with province and district) matching what was typed."""
    return _answer(typeahead.municipalities(get_graph(), request.args.get("q", ""), _limit()))
