"""The words of every organisation, held in memory next to the facet index, and their score.

Built from the same read as the facet index, in the same positions (name order). Each
organisation's name, legal form and description are cut into words (acronyms closed up,
accents folded) and reduced to Snowball Italian stems; a word of a query matches an
organisation through any of:

=================  ======  ===================================================
where              weight  how
=================  ======  ===================================================
themes             3.0     the theme's label words, or a word naming it
                           (``search_lexicon.THEME_WORDS``); times 0.6 + 0.4 x the
                           share of the organisation's themes the word names
legal form         2.0     its stems
kind               2.0     a word naming it (``KIND_WORDS``: "pmi", "fondazione")
capabilities       2.0     a word naming one (``CAPABILITY_WORDS``)
description        1.5     its stems
name               1.0     its stems
=================  ======  ===================================================

A word's match counts in full for its own stem (or, in English, its Italian equivalent's),
0.7 for a longer stem it begins ("coop" -> "cooperativa"), 0.6 for a word within the typo
allowance (none up to 4 letters, 1 up to 7, then 2) when the word itself is found nowhere.
Two words forming a known phrase (``search_lexicon.PHRASES``: "impresa sociale") also match
what both words of an equivalent pair match ("cooperativa sociale"), for both words.
An organisation's score is the sum over the query's words of the best weight x match,
times the word's rarity ``ln(1 + N / (1 + organisations matched by the word))``, divided
by 3 (the best weight). The caller ranks by the number of words matched first, so full
matches always come before partial ones.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from app.services import search_text
from app.services.search_lexicon import (
    CAPABILITY_WORDS,
    ENGLISH,
    KIND_WORDS,
    PHRASES,
    THEME_WORDS,
)
from app.services.search_places import typo_allowance

Floats = npt.NDArray[np.float64]
FIELDS: Final[tuple[str, ...]] = ("name", "legal_form", "description")
WEIGHTS: Final[dict[str, float]] = {
    "theme": 3.0,
    "legal_form": 2.0,
    "kind": 2.0,
    "capability": 2.0,
    "description": 1.5,
    "name": 1.0,
}
BEST: Final = 3.0
EXACT: Final = 1.0
PREFIX: Final = 0.7
FUZZY: Final = 0.6
MAX_PREFIX_TERMS: Final = 200
#: Words too common in theme labels to name a theme on their own.
_GENERIC: Final = frozenset({"servizi", "services", "persone", "practices", "pratiche"})


@dataclass(frozen=True)
class WordMatch:
    """How one word of a query was found: organisations matched, any correction made."""

    word: str
    matched: int
    correction: str | None = None


@dataclass(frozen=True)
class TextMatch:
    """Per organisation (in index positions): words matched and score; per word, details."""

    count: npt.NDArray[np.int16]
    score: Floats
    words: list[WordMatch] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    """What the text index reads of one organisation."""

    name: str
    legal_form: str
    description: str
    kind: str
    themes: tuple[str, ...]
    capabilities: tuple[str, ...]


class TextIndex:
    """Stems -> organisations per field, plus the theme, kind and capability columns."""

    def __init__(self, docs: Sequence[Document], theme_labels: Mapping[str, Sequence[str]]) -> None:
        self.size = len(docs)
        postings: dict[str, dict[str, list[int]]] = {}
        surface: set[str] = set()
        stems_of: dict[str, frozenset[str]] = {}  # texts repeat (legal forms, descriptions)
        for position, doc in enumerate(docs):
            for name in FIELDS:
                text = getattr(doc, name)
                stems = stems_of.get(text)
                if stems is None:
                    words = search_text.tokens(text)
                    surface.update(words)
                    stems = stems_of[text] = frozenset(search_text.term(w) for w in words)
                for stem in stems:
                    postings.setdefault(stem, {}).setdefault(name, []).append(position)
        self.postings = {
            stem: {f: np.asarray(p, np.int32) for f, p in by_field.items()}
            for stem, by_field in postings.items()
        }
        self.terms = sorted(self.postings)
        self.columns: dict[str, dict[str, npt.NDArray[np.bool_]]] = {
            "theme": _column(docs, lambda d: d.themes),
            "capability": _column(docs, lambda d: d.capabilities),
            "kind": _column(docs, lambda d: (d.kind,)),
        }
        self.theme_count = np.fromiter((max(1, len(d.themes)) for d in docs), np.float64, self.size)
        self.names: dict[str, dict[str, set[str]]] = {"theme": {}, "kind": {}, "capability": {}}
        for code, labels in theme_labels.items():
            for label in labels:
                for word in search_text.tokens(label):
                    if word not in search_text.STOP_WORDS and word not in _GENERIC:
                        self._name("theme", word, (code,))
        for column, table in (
            ("theme", THEME_WORDS),
            ("kind", KIND_WORDS),
            ("capability", CAPABILITY_WORDS),
        ):
            for word, codes in table.items():
                self._name(column, word, codes)
        named = {w for by_word in self.names.values() for w in by_word}
        self.vocabulary = sorted(surface | named | set(ENGLISH))

    def _name(self, column: str, word: str, codes: Sequence[str]) -> None:
        # By the word and by the word less its final vowel ("anzian" for anziano, anziani):
        # Snowball stems are too short here ("comuni" and "comunicazione" share "comun").
        for key in (word, search_text.stem(word)):
            self.names[column].setdefault(key, set()).update(codes)

    def match(self, words: Sequence[str]) -> TextMatch:
        """Words matched and score of every organisation for the query's ``words``."""
        count = np.zeros(self.size, np.int16)
        score = np.zeros(self.size, np.float64)
        found: list[WordMatch] = []
        phrases = self._phrases(words)
        for at, word in enumerate(words):
            best, correction = self._word(word, EXACT)
            if best is None:
                best, correction = self._typo(word)
            if at in phrases:
                best = phrases[at] if best is None else np.maximum(best, phrases[at])
            if best is None:
                found.append(WordMatch(word, 0))
                continue
            hit = best > 0
            matched = int(np.count_nonzero(hit))
            count += hit
            score += best * (math.log1p(self.size / (1 + matched)) / BEST)
            found.append(WordMatch(word, matched, correction))
        return TextMatch(count, score, found)

    def _phrases(self, words: Sequence[str]) -> dict[int, Floats]:
        """For the words of a known two-word phrase (``PHRASES``), what its equivalents
        score: an organisation matching both words of an equivalent counts for both
        words of the phrase, at the lower of the two matches."""
        found: dict[int, Floats] = {}
        for at in range(len(words) - 1):
            key = (search_text.stem(words[at]), search_text.stem(words[at + 1]))
            for pair in PHRASES.get(key, ()):
                first, _ = self._word(pair[0], EXACT)
                second, _ = self._word(pair[1], EXACT)
                if first is None or second is None:
                    continue
                both = np.minimum(first, second)
                for index in (at, at + 1):
                    found[index] = both if index not in found else np.maximum(found[index], both)
        return found

    def known(self, word: str) -> bool:
        """True when ``word`` (folded) is found as it is: a stem, a prefix or a named word.

        A stem that keeps half the word or less does not count: the stemmer cuts
        "pinerlo" to "pin" (as if "-erlo" were a verb with its pronoun), the stem of
        "Pino", and the typed place would be lost to that word.
        """
        for form in (word, *ENGLISH.get(word, ())):
            stem = search_text.term(form)
            if stem in self.postings and 2 * len(stem) > len(form):
                return True
            if len(form) >= search_text.MIN_PREFIX and self._prefixed(search_text.stem(form), stem):
                return True
            if any(self._codes(column, form) for column in self.columns):
                return True
        return False

    def _codes(self, column: str, form: str) -> list[str]:
        """The codes of ``column`` a word names that some organisation has."""
        codes = self.names[column].get(form) or self.names[column].get(search_text.stem(form))
        return [c for c in sorted(codes or ()) if c in self.columns[column]]

    def _word(self, word: str, quality: float) -> tuple[Floats | None, str | None]:
        """Best weight x match per organisation for one word (None: found nowhere)."""
        best = np.zeros(self.size, np.float64)
        any_found = False
        for form in (word, *ENGLISH.get(word, ())):
            stem = search_text.term(form)
            for name, positions in self.postings.get(stem, {}).items():
                _raise(best, positions, WEIGHTS[name] * quality)
                any_found = True
            prefix = search_text.stem(form)
            if len(form) >= search_text.MIN_PREFIX:
                for other in self._prefixed(prefix, stem):
                    for name, positions in self.postings[other].items():
                        _raise(best, positions, WEIGHTS[name] * quality * PREFIX)
                        any_found = True
            for column in ("theme", "kind", "capability"):
                codes = self._codes(column, form)
                if not codes:
                    continue
                any_found = True
                weight = WEIGHTS[column] * quality
                if column == "theme":
                    named = np.zeros(self.size, np.float64)
                    for code in codes:
                        named += self.columns[column][code]
                    value = np.where(
                        named > 0, weight * (0.6 + 0.4 * named / self.theme_count), 0.0
                    )
                else:
                    hit = np.zeros(self.size, bool)
                    for code in codes:
                        hit |= self.columns[column][code]
                    value = np.where(hit, weight, 0.0)
                np.maximum(best, value, out=best)
        return (best if any_found else None), None

    def _prefixed(self, prefix: str, stem: str) -> list[str]:
        start = bisect.bisect_left(self.terms, prefix)
        found = []
        for other in self.terms[start : start + MAX_PREFIX_TERMS]:
            if not other.startswith(prefix):
                break
            if other != stem:
                found.append(other)
        return found

    def _typo(self, word: str) -> tuple[Floats | None, str | None]:
        """The closest known words within the word's typo allowance, at a lower weight."""
        allowed = typo_allowance(word)
        if not allowed:
            return None, None
        near = process.extract(
            word, self.vocabulary, scorer=Levenshtein.distance, score_cutoff=allowed, limit=10
        )
        if not near:
            return None, None
        closest = min(distance for _, distance, _ in near)
        best: Floats | None = None
        chosen = None
        for candidate, distance, _ in near:
            if distance != closest:
                continue
            found, _ = self._word(candidate, FUZZY)
            if found is None:
                continue
            if best is None or np.count_nonzero(found) > np.count_nonzero(best):
                chosen = candidate
            best = found if best is None else np.maximum(best, found)
        return best, chosen


def _raise(best: Floats, positions: npt.NDArray[np.int32], value: float) -> None:
    best[positions] = np.maximum(best[positions], value)


def _column(
    docs: Sequence[Document], get: Callable[[Document], Iterable[str]]
) -> dict[str, npt.NDArray[np.bool_]]:
    columns: dict[str, npt.NDArray[np.bool_]] = {}
    for position, doc in enumerate(docs):
        for code in get(doc):
            if code not in columns:
                columns[code] = np.zeros(len(docs), bool)
            columns[code][position] = True
    return columns
