"""Partner search: the query read and scored, facets and paging, in cached indexes.

``read_query`` reads places (``search_places``) and words (``text_index``: stems, theme and
kind words, typos) and scores every organisation; docs/partnerships-and-search.md says
how. The facet and text indexes (``app.services.facet_index``, ``text_index``) are built
from one query and kept per process; the network version (``Graph.version_stamp``) tells
when they are stale. Small databases rebuild at once; above ``SYNC_REBUILD_MAX``
organisations a background thread rebuilds while the previous index keeps answering (its
facets may lag a write by the seconds a rebuild takes). Whole answers are kept per
version too (``app.services.memo``), so a repeated search costs no round trip to Neo4j.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Final

import numpy as np

from app.services import search_text
from app.services.call_eligibility import core_eligible
from app.services.facet_index import FACETS, SORTS, FacetIndex, Found, OrgRow, Ranked
from app.services.memo import REGISTRY, VersionedMemo
from app.services.search_places import Gazetteer, Place
from app.services.text_index import Document, TextIndex
from graph import search_repo
from graph.driver import Graph
from graph.search_repo import OrganizationCard
from graph.versioning import VersionStamp

#: Full-text matches considered per search: facet counts cover at most these many.
MAX_HITS: Final = 1000
MAX_PER_PAGE: Final = 100
SYNC_REBUILD_MAX: Final = 20_000


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked: words, chosen facet values, order and page."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    #: Words of the query not to read as a place (a removed place chip).
    literal: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryReading:
    """How the words were read: places, corrections, words found nowhere."""

    places: tuple[Place, ...] = ()
    words: tuple[str, ...] = ()
    #: (as typed, as corrected) for words and places typed with a letter or two wrong.
    corrections: tuple[tuple[str, str], ...] = ()
    #: The query with the corrections made ("Forse cercavi ..."), if any.
    suggestion: str | None = None
    unmatched: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchItem(OrganizationCard):
    """A result: the card, with how well the words and places matched (None: no words)."""

    score: float | None = None
    words_matched: int | None = None
    place_gain: int | None = None


@dataclass(frozen=True)
class SearchResult:
    """One page of results with the facet counts and what to relax when nothing matched."""

    query: SearchQuery
    items: list[SearchItem]
    total: int
    counts: dict[str, dict[str, int]]
    without: dict[str, int]
    without_text: int | None
    #: True when the words matched more than MAX_HITS organisations (counts cover the best).
    capped: bool
    #: True when only the accent-folded index found the words (first version; now False).
    folded: bool
    labels: dict[str, dict[str, Any]]
    reading: QueryReading = field(default_factory=QueryReading)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass
class _Entry:
    index: FacetIndex
    labels: dict[str, dict[str, Any]]
    stamp: VersionStamp
    built_at: float
    text: TextIndex
    places: Gazetteer


#: Facet and text indexes per database, rebuilt when the network version moves.
_cache: dict[tuple[str, str], _Entry] = REGISTRY.register("app.services.search.indexes", {})
#: Answers per network version and query (a page of cards and counts: a few KB each).
_answers: VersionedMemo[SearchResult] = VersionedMemo(512)
_lock = threading.Lock()
_rebuilding: set[tuple[str, str]] = set()


def normalise(query: SearchQuery) -> SearchQuery:
    """Unknown facets, sorts and out-of-range pages replaced by sensible values."""
    filters = {f: tuple(v for v in query.filters.get(f, ()) if v)[:50] for f in FACETS}
    return SearchQuery(
        text=query.text.strip()[:200],
        filters={f: v for f, v in filters.items() if v},
        sort=query.sort if query.sort in SORTS else "relevance",
        page=min(max(query.page, 1), 10_000),
        per_page=min(max(query.per_page, 1), MAX_PER_PAGE),
        literal=tuple(
            sorted(
                {search_text.fold(w.casefold().strip())[:200] for w in query.literal if w.strip()}
            )
        )[:10],
    )


def search(graph: Graph, query: SearchQuery) -> SearchResult:
    """Run a search: words through the full-text indexes, then facets, order and page
    (or the same search's answer, when this process gave it at the current version)."""
    query = normalise(query)
    return _answers.get(graph, query_key(query), lambda: _search(graph, query))


def query_key(query: SearchQuery) -> tuple[Any, ...]:
    """A hashable key of a normalised query."""
    return (
        query.text,
        tuple(sorted(query.filters.items())),
        query.sort,
        query.page,
        query.per_page,
        query.literal,
    )


def run(graph: Graph, query: SearchQuery) -> SearchResult:
    """The search without the answer cache (the facet and text indexes still cached)."""
    return _search(graph, normalise(query))


def _search(graph: Graph, query: SearchQuery) -> SearchResult:
    entry = facet_index(graph)
    reading, ranked = read_query(entry, query)
    sort = "partners" if query.sort == "relevance" and ranked is None else query.sort
    found: Found = entry.index.search(
        query.filters,
        None,
        sort=sort,
        ranked=ranked,
        offset=(query.page - 1) * query.per_page,
        limit=query.per_page,
    )
    cards = {c.id: c for c in graph.read(search_repo.organization_cards_tx, ids=found.ids)}
    items = []
    for org_id in found.ids:
        if org_id not in cards:
            continue
        item = SearchItem(**asdict(cards[org_id]))
        if ranked is not None:
            at = entry.index.position[org_id]
            item = replace(
                item,
                score=round(float(ranked.score[at]), 3),
                words_matched=int(ranked.words[at]),
                place_gain=int(ranked.place[at]),
            )
        items.append(item)
    return SearchResult(
        query,
        items,
        found.total,
        found.counts,
        found.without,
        found.without_text,
        False,
        False,
        entry.labels,
        reading,
    )


def read_query(entry: _Entry, query: SearchQuery) -> tuple[QueryReading, Ranked | None]:
    """Places, words and corrections of ``query.text``, and what each organisation scores
    (None when there is nothing to look for)."""
    places = entry.places.read(query.text, known=entry.text.known, literal=query.literal)
    kept = [w for w in places.words if w not in search_text.STOP_WORDS]
    words = tuple(
        dict.fromkeys(
            kept or [w for w in places.words if w not in search_text.STOP_WORDS | {"and"}]
        )
    )
    words = words[: search_text.MAX_WORDS]
    if not words and not places.places:
        return QueryReading(), None
    match = entry.text.match(words)
    gain = np.zeros(entry.index.size, np.int8)
    for place in places.places:
        np.maximum(gain, entry.index.place_gain(place), out=gain)
    if any(w.matched for w in match.words):
        found = match.count > 0
    else:
        found = gain > 0
    corrections = (
        *places.corrections,
        *((w.word, w.correction) for w in match.words if w.correction),
    )
    reading = QueryReading(
        places.places,
        words,
        tuple(corrections),
        _corrected(query.text, dict(corrections)) if corrections else None,
        tuple(w.word for w in match.words if not w.matched),
    )
    return reading, Ranked(found, match.count, gain, match.score)


def _corrected(text: str, corrections: Mapping[str, str]) -> str:
    """``text`` with each word typed wrong replaced by its correction."""
    return " ".join(
        corrections.get(search_text.fold(w.casefold()), w) for w in search_text.raw_tokens(text)
    )


def facet_index(graph: Graph) -> _Entry:
    """The current facet index of ``graph``'s database, rebuilt when the stamp moves."""
    key = (graph.settings.uri, graph.database)
    stamp = graph.version_stamp()
    entry = _cache.get(key)
    if entry is not None and entry.stamp == stamp:
        return entry
    if entry is not None and entry.index.size > SYNC_REBUILD_MAX:
        with _lock:
            if key not in _rebuilding:
                _rebuilding.add(key)
                threading.Thread(
                    target=_rebuild_in_background, args=(graph, key, stamp), daemon=True
                ).start()
        return entry
    fresh = build_entry(graph, stamp)
    _cache[key] = fresh
    return fresh


def clear_cache() -> None:
    """Forget every cached index and answer (tests that wipe the database call this)."""
    _cache.clear()
    _answers.clear()


def _rebuild_in_background(graph: Graph, key: tuple[str, str], stamp: VersionStamp) -> None:
    try:
        _cache[key] = build_entry(graph, stamp)
    finally:
        with _lock:
            _rebuilding.discard(key)


def build_entry(graph: Graph, stamp: VersionStamp) -> _Entry:
    """Read every organisation's facet values and the names of districts, themes, calls."""
    rows = [OrgRow.from_list(r) for r in graph.read(search_repo.facet_rows_tx)]
    names = graph.read(search_repo.facet_labels_tx)
    rules = {c["code"]: json.loads(c.get("rules_json") or "{}") for c in names["calls"]}
    eligible = {code: _eligibility_test(r) for code, r in rules.items()}
    labels = {
        key: {item["code"]: item for item in names[key]} for key in ("districts", "themes", "calls")
    }
    index = FacetIndex(rows, eligible)
    docs = [
        Document(r.name, r.legal_form, r.description, r.kind, r.themes, r.capabilities)
        for r in index.rows
    ]
    themes = {
        t["code"]: [t.get("label_it") or "", t.get("label_en") or ""] for t in names["themes"]
    }
    places = Gazetteer(graph.read(search_repo.gazetteer_tx), names["districts"])
    return _Entry(index, labels, stamp, time.time(), TextIndex(docs, themes), places)


def _eligibility_test(rules: Mapping[str, Any]) -> Callable[[OrgRow], bool]:
    def test(row: OrgRow) -> bool:
        return core_eligible(
            rules,
            kind=row.kind,
            non_profit=row.non_profit,
            size_class=row.size_class,
            capabilities=row.capabilities,
        )

    return test
