"""The search page's wording: the query from the address, sort and place labels, how the
words were read, themes to browse, and its JSON twin (facets and links from
app/wording/search.py)."""

from __future__ import annotations

from typing import Any, Final

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.bounds import query_int
from app.services import search
from app.services.facet_index import FACETS
from app.services.memo import VersionedMemo
from app.services.search import SearchQuery, SearchResult
from app.wording.search import facets, reading_json, relaxations, search_url
from graph.driver import Graph
from graph.model import SECTOR_OF_KIND

SORT_LABELS: Final = {
    "relevance": _l("Relevance"),
    "name": _l("Name"),
    "partners": _l("Number of partnerships"),
}
PLACE_LEVELS: Final = {
    "municipality": _l("Municipality"),
    "district": _l("District"),
    "province": _l("Province"),
}


def query_from_args() -> SearchQuery:
    """The search asked for in the query string (repeated keys: several values)."""
    args = request.args
    return SearchQuery(
        text=args.get("q", ""),
        filters={f: tuple(args.getlist(f)) for f in FACETS if args.getlist(f)},
        sort=args.get("sort", "relevance"),
        page=query_int("page"),
        per_page=args.get("per_page", 20, type=int) or 20,
        literal=tuple(args.getlist("literal")),
    )


def reading(result: SearchResult) -> dict[str, Any]:
    """How the words were read, for the page: place chips (each with the link that stops
    reading it as a place), "did you mean", words found nowhere, the number of words."""
    query, read = result.query, result.reading
    chips = [
        {
            "name": p.name,
            "level": p.level,
            "key": p.key,
            "words": p.words,
            "level_label": str(PLACE_LEVELS[p.level]),
            "remove_url": search_url(query, literal=[*query.literal, p.words]),
        }
        for p in read.places
    ]
    return {
        "places": chips,
        "suggestion": read.suggestion,
        "suggestion_url": search_url(query, q=read.suggestion, literal=None)
        if read.suggestion
        else None,
        "unmatched": list(read.unmatched),
        "words": len(read.words),
    }


def themes_to_browse(result: SearchResult) -> list[dict[str, str]]:
    """Every theme with the link that searches it alone (for the empty state)."""
    lang = str(get_locale() or "it")
    return sorted(
        (
            {
                "label": str(t.get(f"label_{lang}") or code),
                "url": search_url(result.query, q=None, literal=None, theme=[code]),
            }
            for code, t in result.labels["themes"].items()
        ),
        key=lambda t: t["label"],
    )


def as_json(result: SearchResult) -> dict[str, Any]:
    """The JSON answer of the search API."""
    query = result.query
    return {
        "query": {
            "q": query.text,
            "filters": {f: list(v) for f, v in query.filters.items()},
            "sort": query.sort,
            "page": query.page,
            "per_page": query.per_page,
        },
        "total": result.total,
        "pages": result.pages,
        "capped": result.capped,
        "folded": result.folded,
        "items": [
            {
                "id": i.id,
                "name": i.name,
                "kind": i.kind,
                "sector": SECTOR_OF_KIND.get(i.kind, ""),
                "municipality": i.municipality,
                "province": i.province,
                "district": i.district_name,
                "themes": list(i.themes),
                "partners": i.partners,
                "score": i.score,
                "words_matched": i.words_matched,
                "url": url_for("organizations.detail", org_id=i.id, _external=False),
            }
            for i in result.items
        ],
        "facets": {
            f["facet"]: [
                {k: v[k] for k in ("value", "label", "count", "selected")} for v in f["values"]
            ]
            for f in facets(result)
        },
        "suggestions": [{k: r[k] for k in ("remove", "count")} for r in relaxations(result)]
        if result.total == 0
        else [],
        "reading": reading_json(result),
    }


#: JSON answers per network version, query and language (a few KB each).
_bodies: VersionedMemo[str] = VersionedMemo(512)


def json_body(graph: Graph, query: SearchQuery) -> str:
    """The search API's answer as JSON text, serialised once per version and language."""
    query = search.normalise(query)
    key = (search.query_key(query), str(get_locale()))
    return _bodies.get(
        graph,
        key,
        lambda: current_app.json.dumps(as_json(search.search(graph, query)), separators=(",", ":")),
    )
