"""Turning a search result into what the page and the JSON show: labelled facets, links."""

from __future__ import annotations

from typing import Any, Final

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app import labels
from app.bounds import query_int
from app.services import search
from app.services.facet_index import FACETS
from app.services.memo import VersionedMemo
from app.services.search import SearchQuery, SearchResult
from graph.driver import Graph
from graph.model import SECTOR_OF_KIND

FACET_TITLES: Final = {
    "kind": _l("Kind"),
    "sector": _l("Sector"),
    "district": _l("District"),
    "province": _l("Province"),
    "theme": _l("Theme"),
    "size": _l("Size (SMEs)"),
    "profit": _l("Profit or non-profit"),
    "call": _l("Eligible for the call"),
}
PROFIT_LABELS: Final = {"profit": _l("Profit"), "non_profit": _l("Non-profit")}
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


def value_label(result: SearchResult, facet: str, value: str) -> str:
    """The words shown for a facet value in the user's language."""
    lang = str(get_locale() or "it")
    if facet == "kind":
        return str(labels.KIND_LABELS.get(value, value))
    if facet == "sector":
        return str(labels.SECTOR_LABELS.get(value, value))
    if facet == "size":
        return str(labels.SIZE_LABELS.get(value, value))
    if facet == "profit":
        return str(PROFIT_LABELS.get(value, value))
    if facet == "district":
        return str(result.labels["districts"].get(value, {}).get("name") or value)
    if facet == "theme":
        return str(result.labels["themes"].get(value, {}).get(f"label_{lang}") or value)
    if facet == "call":
        title = result.labels["calls"].get(value, {}).get(f"title_{lang}")
        return f"{value} – {title}" if title else value
    return value


def search_url(query: SearchQuery, **changes: Any) -> str:
    """The search page for ``query`` with some parameters changed (page back to 1)."""
    args: dict[str, Any] = {
        "q": query.text or None,
        "sort": query.sort,
        "literal": list(query.literal),
        **{f: list(v) for f, v in query.filters.items()},
    }
    args.update(changes)
    return url_for("search.index", **{k: v for k, v in args.items() if v})


def toggle_url(query: SearchQuery, facet: str, value: str) -> str:
    """The search with ``value`` added to or removed from ``facet``'s choices."""
    chosen = list(query.filters.get(facet, ()))
    chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
    return search_url(query, **{facet: chosen})


def facets(result: SearchResult) -> list[dict[str, Any]]:
    """Each facet with its values: label, count, chosen or not, the link that toggles it."""
    shown = []
    for facet in FACETS:
        chosen = set(result.query.filters.get(facet, ()))
        counts = result.counts.get(facet, {})
        values: list[dict[str, Any]] = [
            {
                "value": v,
                "label": value_label(result, facet, v),
                "count": n,
                "selected": v in chosen,
                "url": toggle_url(result.query, facet, v),
            }
            for v, n in counts.items()
            if n or v in chosen
        ]
        values.sort(key=lambda item: (-int(item["selected"]), -item["count"], item["label"]))
        if values:
            shown.append({"facet": facet, "title": str(FACET_TITLES[facet]), "values": values})
    return shown


def relaxations(result: SearchResult) -> list[dict[str, Any]]:
    """When nothing matches: each filter (and the words) one could drop, with the count."""
    query = result.query
    found = [
        {
            "remove": facet,
            "label": str(FACET_TITLES[facet]),
            "count": n,
            "url": search_url(query, **{facet: None}),
        }
        for facet, n in result.without.items()
        if n
    ]
    if result.without_text:
        found.append(
            {
                "remove": "q",
                "label": query.text,
                "count": result.without_text,
                "url": search_url(query, q=None),
            }
        )
    return sorted(found, key=lambda item: -item["count"])


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


def reading_json(result: SearchResult) -> dict[str, Any]:
    """How the words were read, as the JSON answers show it."""
    read = result.reading
    return {
        "places": [
            {"level": p.level, "key": p.key, "name": p.name, "words": p.words} for p in read.places
        ],
        "words": list(read.words),
        "did_you_mean": read.suggestion,
        "corrections": [{"typed": a, "read": b} for a, b in read.corrections],
        "unmatched": list(read.unmatched),
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
