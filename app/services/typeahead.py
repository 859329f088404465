"""Typeahead suggestions: organisations and municipalities matching what a person types.

Matching is accent-insensitive and by word prefix: every word typed must begin a word of
the name ("cirie" finds Ciriè, "coop ali" finds Cooperativa Alisei). Only organisations in
the network are suggested (proposals waiting for an administrator are not organisations),
with their municipality and district, as the public directory shows them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Final

from app.services.dedupe import fold
from app.services.memo import VersionedMemo
from graph.driver import Graph
from graph.typeahead_repo import municipalities_with_districts_tx, organizations_by_prefix_tx

#: Shortest and longest query looked up (longer ones are cut), and the most suggestions.
MIN_QUERY: Final = 2
MAX_QUERY: Final = 60
MAX_RESULTS: Final = 10
#: Organisations read from the index before ranking (prefix queries score alike).
SCAN: Final = 400
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Suggestion:
    """One suggestion: the id a form submits, the name shown, and where it is."""

    id: str
    name: str
    kind: str | None
    municipality: str | None
    province: str | None
    district: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def words(text: str) -> list[str]:
    """The folded words of a query, cut to :data:`MAX_QUERY` characters.

    >>> words("  Ciriè, d'Ale ")
    ['cirie', 'd', 'ale']
    """
    return _WORD.findall(fold(text[:MAX_QUERY]))


def _matches(query: list[str], name: str) -> bool:
    mine = _WORD.findall(fold(name))
    return all(any(w.startswith(q) for w in mine) for q in query)


def _rank(query: list[str], name: str) -> tuple[int, int, str]:
    """Names starting with the query first, then shorter names, then alphabetical."""
    folded = " ".join(_WORD.findall(fold(name)))
    return (0 if folded.startswith(" ".join(query)) else 1, len(name), folded)


def organizations(graph: Graph, text: str, limit: int = MAX_RESULTS) -> list[Suggestion]:
    """Organisations whose name has a word beginning with each word of ``text``."""
    query = words(text)
    if len("".join(query)) < MIN_QUERY:
        return []
    lucene = " AND ".join(f"name:{w}*" for w in query)
    rows = graph.read(organizations_by_prefix_tx, lucene=lucene, scan=SCAN)
    found = [r for r in rows if _matches(query, r["name"] or "")]
    found.sort(key=lambda r: _rank(query, r["name"] or ""))
    return [
        Suggestion(r["id"], r["name"], r["kind"], r["municipality"], r["province"], r["district"])
        for r in found[: _clamp(limit)]
    ]


def municipalities(graph: Graph, text: str, limit: int = MAX_RESULTS) -> list[Suggestion]:
    """Municipalities whose name has a word beginning with each word of ``text``."""
    query = words(text)
    if len("".join(query)) < MIN_QUERY:
        return []
    rows = _towns.get(graph, "towns", lambda: graph.read(municipalities_with_districts_tx))
    found = sorted(
        (r for r in rows if _matches(query, r["name"] or "")),
        key=lambda r: _rank(query, r["name"] or ""),
    )
    return [
        Suggestion(r["istat"], r["name"], None, r["name"], r["province"], r["district"])
        for r in found[: _clamp(limit)]
    ]


def _clamp(limit: int) -> int:
    return min(max(limit, 1), MAX_RESULTS)


_towns: VersionedMemo[list[dict[str, Any]]] = VersionedMemo(2)
