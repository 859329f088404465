"""From what a user types to a Lucene query for the organisation full-text indexes.

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
from typing import Final

_WORD: Final = re.compile(r"[^\W_]+")
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
