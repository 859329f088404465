"""Partner search pages: the HTML page and its JSON twin."""

from __future__ import annotations

from flask import render_template
from werkzeug.wrappers import Response

from app.extensions import get_graph
from app.search import bp
from app.search.presenting import SORT_LABELS, json_body, query_from_args, reading, themes_to_browse
from app.services import search
from app.services.facet_index import FACETS
from app.wording.search import facets, relaxations, search_url


@bp.route("/")
def index() -> str:
    """Search organisations by words and facets; shows counts and ways out of no result."""
    result = search.search(get_graph(), query_from_args())
    clear_url = search_url(result.query, **{f: None for f in FACETS})
    empty = not result.total
    return render_template(
        "search/index.html",
        result=result,
        facets=facets(result),
        relaxations=relaxations(result) if empty else [],
        themes=themes_to_browse(result) if empty else [],
        reading=reading(result),
        sorts=SORT_LABELS,
        search_url=search_url,
        clear_url=clear_url,
        max_hits=search.MAX_HITS,
    )


@bp.route("/api")
def api() -> Response:
    """The same search as JSON: items, total, pages, facet counts, suggestions."""
    return Response(json_body(get_graph(), query_from_args()), mimetype="application/json")
