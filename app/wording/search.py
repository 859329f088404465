"""Search results in words and links, for the search page and the search API: labelled
facets with the links that toggle them, the filters one could drop, how the words were
read."""

from __future__ import annotations

from typing import Any, Final

from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app import labels
from app.services.facet_index import FACETS
from app.services.search import SearchQuery, SearchResult

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
