"""The partner search as it was before query understanding, kept callable as a baseline.

Every word required (exactly or by its stem as a prefix), through the Italian full-text
index and then the accent-folded one; ranked by the full-text score, then partnerships.
"""

from __future__ import annotations

from app.services import search, search_text
from app.services.facet_index import Hits
from graph import search_repo
from graph.driver import Graph


def baseline_ids(graph: Graph, text: str, limit: int = 10) -> list[str]:
    """The first ``limit`` ids the old search gave for ``text`` (no facets)."""
    terms = search_text.words(text)
    hits = Hits([], [])
    for index, folded in zip(search_repo.FULLTEXT_INDEXES, (False, True), strict=True):
        lucene = search_text.lucene_query(terms, folded=folded)
        ids, scores = graph.read(
            search_repo.fulltext_hits_tx, index=index, query=lucene, limit=search.MAX_HITS
        )
        if ids:
            hits = Hits(ids, scores)
            break
    found = search.facet_index(graph).index.search({}, hits, sort="relevance", limit=limit)
    return found.ids
