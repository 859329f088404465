"""An in-memory facet index over every organisation: filter, count, sort and page in numpy.

Counting facets in Cypher walks every matching organisation's place and themes (about
100 ms per facet at 100,000 organisations); here each facet is a column of small integer
codes or a boolean matrix, so filtering and counting all facets costs a few milliseconds.
Positions follow the name order, so sorting by name is free.

Facets combine as in most catalogues: values of one facet are alternatives (OR), facets
restrict each other (AND), and each facet's counts apply every filter but its own, so the
other values of a facet one has chosen stay visible with their counts.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from app.services.search_places import GAIN_AT, GAIN_DISTRICT, GAIN_PROVINCE, Place
from graph.model import SECTOR_OF_KIND

Mask = npt.NDArray[np.bool_]
#: Single-valued facets (one code per organisation) and multi-valued ones (a matrix).
CATEGORICAL: Final[tuple[str, ...]] = ("kind", "sector", "district", "province", "size", "profit")
MULTI: Final[tuple[str, ...]] = ("theme", "call")
FACETS: Final[tuple[str, ...]] = (*CATEGORICAL, *MULTI)
SORTS: Final[tuple[str, ...]] = ("relevance", "name", "partners")


@dataclass(frozen=True)
class OrgRow:
    """What the index knows of one organisation."""

    id: str
    name: str
    kind: str
    district: str
    province: str
    themes: tuple[str, ...]
    size_class: str
    non_profit: bool | None
    capabilities: tuple[str, ...]
    partners: int
    #: For the text index and places: legal form, description, municipality (ISTAT).
    legal_form: str = ""
    description: str = ""
    municipality: str = ""

    @classmethod
    def from_list(cls, row: Sequence[Any]) -> OrgRow:
        """From graph.search_repo.facet_rows_tx's list rows."""
        (
            org_id,
            name,
            kind,
            district,
            province,
            themes,
            size,
            non_profit,
            caps,
            partners,
            legal_form,
            description,
            municipality,
        ) = row
        return cls(
            str(org_id),
            name or "",
            kind or "",
            district or "",
            province or "",
            tuple(themes or ()),
            size or "",
            non_profit,
            tuple(caps or ()),
            int(partners or 0),
            legal_form or "",
            description or "",
            municipality or "",
        )

    @property
    def profit(self) -> str:
        return "" if self.non_profit is None else "non_profit" if self.non_profit else "profit"


@dataclass(frozen=True)
class Hits:
    """Full-text matches: organisation ids and their scores, best first."""

    ids: Sequence[str]
    scores: Sequence[float]


@dataclass(frozen=True)
class Ranked:
    """What a read query asks of each organisation (index positions): which are found,
    how many words each matched, its gain for the places named and its text score."""

    found: Mask
    words: npt.NDArray[np.int16]
    place: npt.NDArray[np.int8]
    score: npt.NDArray[np.float64]


@dataclass(frozen=True)
class Found:
    """One page of a search: ids (with text scores), total, counts per facet value."""

    ids: list[str]
    scores: list[float]
    total: int
    counts: dict[str, dict[str, int]]
    #: For each chosen facet, how many results there would be without it.
    without: dict[str, int]
    #: Results there would be without the words (None when there were no words).
    without_text: int | None


def collation_key(name: str) -> str:
    """Sort key for Italian names: accents and case ignored.

    >>> sorted(["Ente", "Ùnione", "asilo"], key=collation_key)
    ['asilo', 'Ente', 'Ùnione']
    """
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


class FacetIndex:
    """Every organisation's facet values, held as numpy columns in name order."""

    def __init__(
        self, rows: Sequence[OrgRow], eligible: Mapping[str, Callable[[OrgRow], bool]] | None = None
    ) -> None:
        rows = sorted(rows, key=lambda r: (collation_key(r.name), r.id))
        self.rows = rows
        self.size = len(rows)
        self.ids = [r.id for r in rows]
        self.position = {org_id: i for i, org_id in enumerate(self.ids)}
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, npt.NDArray[np.int32]] = {}
        getters: dict[str, Callable[[OrgRow], str]] = {
            "kind": lambda r: r.kind,
            "sector": lambda r: SECTOR_OF_KIND.get(r.kind, ""),
            "district": lambda r: r.district,
            "province": lambda r: r.province,
            "size": lambda r: r.size_class if r.kind == "SME" else "",
            "profit": lambda r: r.profit,
        }
        for facet, get in getters.items():
            column = [get(r) for r in rows]
            self.values[facet] = sorted(set(column))
            lookup = {value: i for i, value in enumerate(self.values[facet])}
            self.codes[facet] = np.fromiter((lookup[v] for v in column), np.int32, self.size)
        themes = sorted({t for r in rows for t in r.themes})
        self.values["theme"] = themes
        self.matrix: dict[str, Mask] = {"theme": np.zeros((len(themes), self.size), bool)}
        theme_row = {t: i for i, t in enumerate(themes)}
        for i, r in enumerate(rows):
            for t in r.themes:
                self.matrix["theme"][theme_row[t], i] = True
        calls = sorted(eligible or {})
        self.values["call"] = calls
        self.matrix["call"] = _eligibility(rows, [(eligible or {})[c] for c in calls])
        self.partners = np.fromiter((r.partners for r in rows), np.int64, self.size)
        towns = sorted({r.municipality for r in rows})
        self.values["municipality"] = towns
        town_code = {t: i for i, t in enumerate(towns)}
        self.codes["municipality"] = np.fromiter(
            (town_code[r.municipality] for r in rows), np.int32, self.size
        )

    def place_gain(self, place: Place) -> npt.NDArray[np.int8]:
        """Each organisation's gain for a place named in a query: 3 located in it, 2
        elsewhere in the district of a municipality named, 1 elsewhere in its province."""
        gain = np.zeros(self.size, np.int8)
        for level, key, value in (
            ("province", place.province, GAIN_PROVINCE),
            ("district", place.district, GAIN_DISTRICT),
            (place.level, place.key, GAIN_AT),
        ):
            code = self._code(level, key)
            if code is not None and (value != GAIN_DISTRICT or place.level == "municipality"):
                gain[self.codes[level] == code] = value
        return gain

    def _code(self, facet: str, value: str) -> int | None:
        values = self.values[facet]
        at = bisect.bisect_left(values, value)
        return at if value and at < len(values) and values[at] == value else None

    def mask(self, facet: str, chosen: Sequence[str]) -> Mask | None:
        """Organisations having any of the ``chosen`` values (None: no filter)."""
        if not chosen:
            return None
        wanted = [self.values[facet].index(v) for v in chosen if v in self.values[facet]]
        if facet in self.matrix:
            return np.asarray(self.matrix[facet][wanted].any(axis=0), dtype=bool)
        return np.asarray(np.isin(self.codes[facet], wanted), dtype=bool)

    def counts(self, facet: str, among: Mask) -> dict[str, int]:
        """How many of ``among`` have each value of ``facet`` (unknown and absent left out)."""
        if facet in self.matrix:
            numbers = np.count_nonzero(self.matrix[facet] & among, axis=1)
        else:
            numbers = np.bincount(self.codes[facet][among], minlength=len(self.values[facet]))
        return {v: int(n) for v, n in zip(self.values[facet], numbers, strict=True) if v and n}

    def search(
        self,
        filters: Mapping[str, Sequence[str]],
        hits: Hits | None,
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
        ranked: Ranked | None = None,
    ) -> Found:
        """Filter by ``filters`` (facet -> chosen values) and ``hits`` (full-text ids) or
        ``ranked`` (a read query, which also orders); count; one page."""
        everyone = np.ones(self.size, bool)
        score = np.zeros(self.size, np.float64)
        text = everyone
        if ranked is not None:
            text = ranked.found
            score = _rank_key(ranked)
        elif hits is not None:
            text = np.zeros(self.size, bool)
            for org_id, value in zip(hits.ids, hits.scores, strict=True):
                i = self.position.get(org_id)
                if i is not None:
                    text[i], score[i] = True, value
        masks = {f: m for f in FACETS if (m := self.mask(f, filters.get(f, ()))) is not None}
        counts, without = {}, {}
        for facet in FACETS:
            base = _all(text, [m for f, m in masks.items() if f != facet])
            counts[facet] = self.counts(facet, base)
            if facet in masks:
                without[facet] = int(np.count_nonzero(base))
        chosen = _all(text, list(masks.values()))
        without_text = (
            int(np.count_nonzero(_all(everyone, list(masks.values()))))
            if hits is not None or ranked is not None
            else None
        )
        order = self._order(np.flatnonzero(chosen), score, sort, offset + limit)
        page = order[offset : offset + limit]
        return Found(
            [self.ids[i] for i in page],
            [float(score[i]) for i in page],
            int(np.count_nonzero(chosen)),
            counts,
            without,
            without_text,
        )

    def _order(
        self, selected: npt.NDArray[np.intp], score: npt.NDArray[np.float64], sort: str, wanted: int
    ) -> npt.NDArray[np.intp]:
        """The first ``wanted`` selected positions in the order asked for."""
        if sort == "name" or selected.size == 0:
            return selected[:wanted]
        # Ties are broken by name (position): a fraction below 0.5 keeps integer keys apart.
        tie = (self.size - selected) / (2.0 * self.size + 1.0)
        key = self.partners[selected] + tie
        if sort == "relevance":
            key = key + score[selected] * 1e7
        wanted = min(wanted, selected.size)
        top = np.argpartition(-key, wanted - 1)[:wanted]
        return selected[top[np.argsort(-key[top], kind="stable")]]


def _rank_key(ranked: Ranked) -> npt.NDArray[np.float64]:
    """One number that orders by words matched, then place, then text score: each term
    is bounded below the next one's step (score under 1,000, place gain under 10)."""
    score = np.minimum(np.round(ranked.score, 3), 999.0)
    return ranked.words.astype(np.float64) * 1e4 + ranked.place.astype(np.float64) * 1e3 + score


def _all(start: Mask, masks: list[Mask]) -> Mask:
    result = start
    for m in masks:
        result = result & m
    return result


def _eligibility(rows: Sequence[OrgRow], tests: list[Callable[[OrgRow], bool]]) -> Mask:
    """Rows x tests, each test run once per distinct profile (kind, size, profit, caps)."""
    matrix = np.zeros((len(tests), len(rows)), bool)
    memo: dict[tuple[Any, ...], list[bool]] = {}
    for i, r in enumerate(rows):
        profile = (r.kind, r.size_class, r.non_profit, r.capabilities)
        if profile not in memo:
            memo[profile] = [test(r) for test in tests]
        for j, ok in enumerate(memo[profile]):
            matrix[j, i] = ok
    return matrix
