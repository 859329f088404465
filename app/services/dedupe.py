"""One record per organisation: a tax code already held, and names like one already there.

The similarity of two names is the token-set ratio (rapidfuzz, 0 to 100) of their
normalised forms: accents folded, lower case, dotted acronyms closed up ("S.R.L." ->
"srl"), punctuation dropped, then legal-form words ("s.r.l.", "cooperativa sociale",
"onlus", ...) and Italian articles and prepositions removed. Token-set ratio compares
the words the two names share with the words each adds, so word order does not matter
and a name whose words are all in the other scores 100 ("Il Girasole" and "Cooperativa
Sociale Il Girasole Onlus"). Candidates are only sought in the same municipality or
district, where such a match is unlikely to be a coincidence; see
docs/partnerships-and-search.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Final

from rapidfuzz import fuzz, process, utils

from graph.dedupe_repo import organizations_near_tx, tax_code_holders_tx
from graph.driver import Graph

#: Names scoring at least this (0-100) against the proposed one are shown as candidates.
SIMILAR_AT: Final = 90
#: At most this many candidates are listed.
MAX_CANDIDATES: Final = 5

#: Legal forms written as several words (matched on the normalised text).
_LEGAL_PHRASES: Final = (
    "societa cooperativa sociale",
    "cooperativa sociale",
    "societa cooperativa",
    "coop sociale",
    "soc coop",
    "impresa sociale",
    "a responsabilita limitata",
    "societa per azioni",
    "in accomandita semplice",
    "in nome collettivo",
    "organizzazione di volontariato",
    "associazione di promozione sociale",
    "ente del terzo settore",
    "a r l",
    "s c s",
)
#: Legal forms and abbreviations that are single words once dots are closed up.
_LEGAL_WORDS: Final = frozenset(
    {
        "srl",
        "srls",
        "spa",
        "sas",
        "snc",
        "sapa",
        "scarl",
        "scrl",
        "sc",
        "scs",
        "scpa",
        "coop",
        "cooperativa",
        "societa",
        "onlus",
        "aps",
        "odv",
        "ets",
        "ssd",
        "asd",
        "arl",
        "ltd",
        "sarl",
        "gmbh",
    }
)
#: Articles, prepositions and conjunctions: they carry no identity.
_STOP_WORDS: Final = frozenset(
    {
        "di",
        "del",
        "dello",
        "della",
        "dell",
        "dei",
        "degli",
        "delle",
        "da",
        "dal",
        "dalla",
        "il",
        "lo",
        "la",
        "l",
        "i",
        "gli",
        "le",
        "un",
        "una",
        "e",
        "ed",
        "in",
        "per",
        "a",
        "al",
        "allo",
        "alla",
        "ai",
        "agli",
        "alle",
        "con",
        "su",
        "sul",
        "sulla",
        "the",
        "of",
        "and",
    }
)
_ACRONYM = re.compile(r"\b[a-z0-9](?:\.[a-z0-9])+\b\.?")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents.

    >>> fold("Ciriè")
    'cirie'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str) -> str:
    """The words of a name that identify the organisation, in their order.

    >>> normalise_name("Cooperativa Sociale IL GIRASOLE s.c.s. - O.N.L.U.S.")
    'girasole'
    >>> normalise_name("Beta Servizi S.r.l.")
    'beta servizi'
    >>> normalise_name("C.I.S.S. del Pinerolese")
    'ciss pinerolese'
    """
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), fold(name))
    text = " " + " ".join(_NOT_WORD.sub(" ", text).split()) + " "
    for phrase in _LEGAL_PHRASES:
        text = text.replace(f" {phrase} ", " ")
    words = [w for w in text.split() if w not in _LEGAL_WORDS and w not in _STOP_WORDS]
    return " ".join(words) or " ".join(text.split())


def name_key(name: str) -> str:
    """The normalised name's distinct words in alphabetical order: two names with the same
    key score 100 whatever their order (the import's exact, fast comparison).

    >>> name_key("Cooperativa Sociale Zeta Alfa") == name_key("Alfa Zeta Onlus")
    True
    """
    return " ".join(sorted(set(normalise_name(name).split())))


def similarity(a: str, b: str) -> float:
    """Token-set ratio (0-100) of two names once normalised.

    >>> similarity("Cooperativa Alfa", "Alfa Società Cooperativa Sociale")
    100.0
    >>> similarity("Beta Servizi srl", "Gamma Servizi srl") < SIMILAR_AT
    True
    """
    return float(fuzz.token_set_ratio(normalise_name(a), normalise_name(b)))


@dataclass(frozen=True)
class Candidate:
    """An existing organisation that may be the one being entered."""

    id: str
    name: str
    kind: str
    municipality: str | None
    district: str | None
    score: float = 100.0
    same_municipality: bool = False

    @classmethod
    def from_record(cls, row: dict[str, Any], score: float = 100.0) -> Candidate:
        return cls(
            row["id"],
            row["name"] or row["id"],
            row.get("kind") or "",
            row.get("municipality"),
            row.get("district"),
            round(score, 1),
            bool(row.get("same_municipality")),
        )


def tax_code_holder(graph: Graph, tax_code: str | None) -> Candidate | None:
    """The organisation that already holds ``tax_code`` (codice fiscale or partita IVA)."""
    if not tax_code:
        return None
    rows = graph.read(tax_code_holders_tx, tax_codes=[tax_code])
    return Candidate.from_record(rows[0]) if rows else None


def similar_organizations(
    graph: Graph,
    name: str,
    istat: str | None,
    *,
    exclude: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Organisations in the same municipality or district whose name is similar to
    ``name`` (score at least :data:`SIMILAR_AT`), best first, same municipality first."""
    if not istat or not name.strip():
        return []
    rows = [r for r in graph.read(organizations_near_tx, istat=istat) if r["id"] not in exclude]
    return rank_similar(name, rows)


def rank_similar(name: str, rows: list[dict[str, Any]]) -> list[Candidate]:
    """The rows whose ``name`` is similar to ``name``, as candidates, best first."""
    wanted = normalise_name(name)
    names = [normalise_name(r["name"] or "") for r in rows]
    found = process.extract(
        wanted,
        names,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=SIMILAR_AT,
        limit=None,
    )
    candidates = [Candidate.from_record(rows[index], score) for _, score, index in found]
    candidates.sort(key=lambda c: (not c.same_municipality, -c.score, c.name))
    return candidates[:MAX_CANDIDATES]


@dataclass(frozen=True)
class DuplicateCheck:
    """What a new organisation's name, place and tax code meet among those stored."""

    holder: Candidate | None
    similar: list[Candidate]


def check_new_organization(
    graph: Graph,
    *,
    name: str,
    istat: str | None,
    tax_code: str | None,
    exclude: frozenset[str] = frozenset(),
) -> DuplicateCheck:
    """The holder of the tax code (refuse) and the similar names nearby (warn)."""
    return DuplicateCheck(
        tax_code_holder(graph, tax_code), similar_organizations(graph, name, istat, exclude=exclude)
    )
