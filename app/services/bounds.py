"""Bounded whole numbers: pages and euro amounts, wherever they are read.

Neo4j integers are 64-bit: a page of 4e17 or a budget line of 20 digits overflowed in
a query (audit finding 4, a 500). Every page and amount the product reads is checked
against one of these bounds first; the web layer (app/bounds.py) turns a value out of
range into a 400 or a form error that names the limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Bound:
    """A range of whole numbers, both ends included."""

    name: str
    low: int
    high: int

    def holds(self, value: int) -> bool:
        return self.low <= value <= self.high


#: Pages of any list (the API's pages too).
PAGE: Final = Bound("page", 1, 10_000)
#: Euro amounts: a budget line, a call's budget, a rule's bounds. Ten billion, the largest
#: the CSV import admits too; twelve lines of it still add up far from 2^63.
EUROS: Final = Bound("euros", 0, 10_000_000_000)

_DIGITS = re.compile(r"[+-]?\d{1,30}")
_EUROS = re.compile(r"\d{1,3}(?:[.\s]\d{3})+(?:,0*)?|\d{1,30}(?:,0*)?")


def parse_bounded(text: str | None, bound: Bound) -> int | None:
    """The whole number in ``text`` if it is within ``bound``, else None. Euros may be
    written as Italians do (``1.250.000``, ``12,00``).

    >>> parse_bounded("3", PAGE), parse_bounded("0", PAGE), parse_bounded("1.000", EUROS)
    (3, None, 1000)
    """
    text = (text or "").strip().replace("\u00a0", " ")
    if bound is EUROS:
        if not _EUROS.fullmatch(text):
            return None
        value = int(re.sub(r"[.\s]", "", text.split(",")[0]))
    elif _DIGITS.fullmatch(text):
        value = int(text)
    else:
        return None
    return value if bound.holds(value) else None
