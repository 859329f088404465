"""Words of a query or of an organisation's text: tokens, acronyms, accents, Italian stems.

``tokens`` and ``term`` are what the search index (``app.services.text_index``) uses on both
sides: acronyms written with dots become one word (``C.I.S.S.`` -> ``ciss``), accents are
folded, and each word is reduced to its Snowball Italian stem (PyStemmer), so
"cooperative" and "cooperativa", "sociali" and "sociale" are one term.

``lucene_query`` is the query of the first version of search (every word required,
through the Neo4j full-text indexes), kept for the relevance benchmark's baseline:

Only runs of letters and digits survive (``[^\\W_]+``), so no Lucene operator, quote,
wildcard or bracket typed by the user reaches the query parser, and the query text
travels as a Cypher parameter. Each word becomes a required clause that matches the
word itself (analysed: stemmed by the Italian index, folded by the other) or, from
three letters on, any word starting with its stem (the word without its final vowel),
so "cooperativ", "cooperative" and "cooperativa" find each other and "citta" finds
"Città". Words in the name weigh more than words in the description.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

import Stemmer

_WORD: Final = re.compile(r"[^\W_]+")
#: Two or more groups of one to three letters, each followed by a dot: C.I.S.S., Co.Ge.Sa.
_DOTTED: Final = re.compile(r"(?<![^\W_])(?:[^\W\d_]{1,3}\.){2,}(?:[^\W\d_]{1,3}(?![^\W_]))?")
MAX_WORDS: Final = 8
MAX_WORD_LENGTH: Final = 40
MIN_PREFIX: Final = 3
_VOWELS: Final = set("aeiouàèéìíòóùú")
#: Articles, prepositions and conjunctions (Italian, with their elided forms, and English).
STOP_WORDS: Final = frozenset(
    "a ad al all alla alle allo agli ai and con d da dal dall dalla dalle dallo dai dagli "
    "de del dell della delle dello dei degli di e ed for gli i il in l la le lo nel nell "
    "nella nelle nello nei negli o od of per su sul sull sulla sulle sullo sui sugli the "
    "tra fra un una uno".split()
)


def words(text: str) -> list[str]:
    """The searchable words of ``text``: lower case, stop words out (unless all are).

    >>> words("Cooperativa (sociale) della città: +AND -x*")
    ['cooperativa', 'sociale', 'città', 'x']
    """
    found = [w[:MAX_WORD_LENGTH] for w in _WORD.findall(text.casefold())]
    kept = [w for w in found if w not in STOP_WORDS and w != "and"]
    return (kept or found)[:MAX_WORDS]


def fold(word: str) -> str:
    """Accents removed, as the folding analyser does.

    >>> fold("prossimità")
    'prossimita'
    """
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """The word without its final vowel, keeping at least ``MIN_PREFIX`` letters.

    >>> [stem(w) for w in ("cooperativa", "sociali", "città", "ciriè", "asl", "via")]
    ['cooperativ', 'social', 'citt', 'ciri', 'asl', 'via']
    """
    if len(word) > MIN_PREFIX and word[-1] in _VOWELS:
        return word[:-1]
    return word


def lucene_query(terms: list[str], *, folded: bool = False) -> str:
    """A Lucene query requiring every word (exactly, or by its stem as a prefix).

    >>> lucene_query(["cooperativa", "di"])
    '+(cooperativa OR cooperativ*) name:cooperativa^2 +(di) name:di^2'
    >>> lucene_query(["città"], folded=True)
    '+(citta OR citt*) name:citta^2'
    """
    clauses = []
    for term in terms:
        word = fold(term) if folded else term
        if not word:
            continue
        if len(word) >= MIN_PREFIX:
            clauses.append(f"+({word} OR {stem(word)}*)")
        else:
            clauses.append(f"+({word})")
        clauses.append(f"name:{word}^2")
    return " ".join(clauses)


def undot(text: str) -> str:
    """Acronyms written with dots closed up, so they read as one word.

    >>> undot("C.I.S.S. del Pinerolese, Co.Ge.Sa. e Coop. S.r.l.")
    'CISS del Pinerolese, CoGeSa e Coop. Srl'
    """
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)


def tokens(text: str) -> list[str]:
    """Every word of ``text`` in order, acronyms closed up, case and accents folded.

    >>> tokens("C.I.S.S. di Ciriè (A.S.L. TO3)")
    ['ciss', 'di', 'cirie', 'asl', 'to3']
    """
    return [fold(w)[:MAX_WORD_LENGTH] for w in _WORD.findall(undot(text).casefold())]


def raw_tokens(text: str) -> list[str]:
    """The words of ``text`` as typed (case kept), acronyms closed up: for sigle (TO, CN)."""
    return _WORD.findall(undot(text))


_STEMMER: Final = Stemmer.Stemmer("italian")


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of a folded word: its Snowball Italian stem.

    >>> [term(w) for w in ("cooperativa", "cooperative", "sociali", "fondazioni", "ciss")]
    ['cooper', 'cooper', 'social', 'fondazion', 'ciss']
    """
    return str(_STEMMER.stemWord(word))
