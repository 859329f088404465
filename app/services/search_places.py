"""Places in a query: municipalities, districts and provinces (by name or sigla).

A gazetteer built from the municipalities and districts in the network. Names match with
or without accents, in any case ("Cirie" is Ciriè), several words at once ("San Germano
Chisone", "Valle di Susa e Val Sangone"), the longest first. A sigla (TO, CN) counts only
when typed in capitals or after "provincia", and a one-word name of four letters or
fewer ("Bra", "Sale", "Alto") only with a capital initial, so ordinary words stay words.
A name typed with one or two letters wrong ("Pinerlo") is read as the place when it is no
word of the index (the caller decides that) and the place is unambiguous.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from app.services import search_text
from app.services.search_lexicon import PLACE_ALIASES, PLACE_MARKERS, PROVINCE_MARKERS

MAX_NAME_WORDS: Final = 6
SHORT_NAME: Final = 4
#: Gain of an organisation for a place: in it, in the district around it, in its province.
GAIN_AT: Final = 3
GAIN_DISTRICT: Final = 2
GAIN_PROVINCE: Final = 1


@dataclass(frozen=True)
class Place:
    """A place named in a query: a municipality, a district or a province."""

    level: str  # "municipality", "district" or "province"
    key: str  # ISTAT code, district code or province sigla
    name: str
    district: str = ""
    province: str = ""
    #: The words of the query it was read from (folded), to undo the reading.
    words: str = ""


@dataclass(frozen=True)
class Reading:
    """A query split into its places and the words left over."""

    places: tuple[Place, ...]
    words: tuple[str, ...]
    #: Place names typed with a letter or two wrong: (as typed, the place's name).
    corrections: tuple[tuple[str, str], ...] = ()


class Gazetteer:
    """Municipality, district and province names -> places."""

    def __init__(
        self, municipalities: Iterable[Mapping[str, Any]], districts: Iterable[Mapping[str, Any]]
    ) -> None:
        self.names: dict[tuple[str, ...], Place] = {}
        self.provinces: dict[str, Place] = {}
        for m in municipalities:
            province = m.get("province") or ""
            self._add(
                m["name"],
                Place(
                    "municipality",
                    m["istat"],
                    m["name"],
                    district=m.get("district") or "",
                    province=province,
                ),
            )
            if province and (province not in self.provinces or m.get("province_name")):
                label = m.get("province_name") or province
                self.provinces[province] = Place("province", province, label, province=province)
        for d in districts:  # after the towns: "Pinerolo" is the town, its district around
            short = _district_short_name(str(d.get("name") or ""))
            if short:
                self._add(
                    short, Place("district", d["code"], short, province=d.get("province") or "")
                )
        for sigla, place in self.provinces.items():
            self.names.setdefault(tuple(search_text.tokens(place.name)) + ("#province",), place)
            self.names.setdefault((sigla.lower(), "#province"), place)
        self._single = sorted({k[0] for k in self.names if len(k) == 1 and len(k[0]) > 4})

    def _add(self, name: str, place: Place) -> None:
        key = tuple(search_text.tokens(name))
        if key and key not in self.names:
            self.names[key] = place

    def read(
        self,
        text: str,
        *,
        known: Callable[[str], bool] = lambda w: False,
        literal: Collection[str] = (),
    ) -> Reading:
        """Places named in ``text`` and the other words (in order, stop words kept).

        ``known(word)`` tells whether a word is a word of the index: only unknown ones may
        be read as a place typed with a letter wrong. Words in ``literal`` (a place's
        ``words``, as a removed chip sends them) stay words.
        """
        typed = search_text.raw_tokens(text)
        words = [search_text.fold(w.casefold())[: search_text.MAX_WORD_LENGTH] for w in typed]
        places: list[Place] = []
        rest: list[str] = []
        corrections: list[tuple[str, str]] = []
        i = 0
        while i < len(words):
            province = bool(PROVINCE_MARKERS.intersection(words[max(0, i - 2) : i]))
            found = self._match(words, typed, i, province=province)
            if found is not None and " ".join(words[i : i + found[1]]) in literal:
                found = None
            if found is None:
                rest.append(words[i])
                i += 1
                continue
            place, used = found
            while rest and rest[-1] in PLACE_MARKERS:
                rest.pop()
            places.append(_with_words(place, " ".join(words[i : i + used])))
            i += used
        kept: list[str] = []
        for word in rest:
            guess = None if known(word) or word in literal else self.guess(word)
            if guess is None:
                kept.append(word)
            else:
                places.append(_with_words(guess, word))
                corrections.append((word, guess.name))
        unique = tuple(dict.fromkeys(places))
        return Reading(unique, tuple(kept), tuple(corrections))

    def _match(
        self, words: list[str], typed: list[str], start: int, *, province: bool
    ) -> tuple[Place, int] | None:
        alias = PLACE_ALIASES.get(words[start])
        for size in range(min(MAX_NAME_WORDS, len(words) - start), 0, -1):
            key = tuple(words[start : start + size])
            if size == 1 and alias:
                key = (alias,)
            if province and (place := self.names.get((*key, "#province"))):
                return place, size
            place = self.names.get(key)
            if place is None and size == 1 and typed[start].isupper():
                place = self.names.get((key[0], "#province"))  # a sigla typed in capitals
                if place is not None and len(typed[start]) == 2:
                    return place, 1
                place = None
            if place is None:
                continue
            if size == 1 and len(key[0]) <= SHORT_NAME and not typed[start][:1].isupper():
                continue
            return place, size
        return None

    def guess(self, word: str) -> Place | None:
        """The one place whose one-word name is within the typo allowance of ``word``."""
        allowed = typo_allowance(word)
        if not allowed:
            return None
        found = process.extract(
            word, self._single, scorer=Levenshtein.distance, score_cutoff=allowed, limit=2
        )
        if len(found) != 1 and not (len(found) == 2 and found[0][1] < found[1][1]):
            return None
        name = found[0][0]
        if fuzz.ratio(word[:1], name[:1]) < 100:  # first letters are rarely mistyped
            return None
        return self.names[(name,)]


def typo_allowance(word: str) -> int:
    """Letters that may be wrong in a word of this length: 0 up to 4, 1 up to 7, then 2.

    >>> [typo_allowance(w) for w in ("asl", "anziani", "cooperativa")]
    [0, 1, 2]
    """
    n = len(word)
    return 0 if n <= 4 else 1 if n <= 7 else 2


def _with_words(place: Place, words: str) -> Place:
    return Place(place.level, place.key, place.name, place.district, place.province, words)


def _district_short_name(name: str) -> str:
    """ "Distretto della Coesione Sociale di Pinerolo" -> "Pinerolo"."""
    for marker in (" di ", " della ", " dell'", " del ", " dei "):
        head, found, tail = name.partition("Coesione Sociale" + marker)
        if found and tail:
            return tail.strip()
    return ""
