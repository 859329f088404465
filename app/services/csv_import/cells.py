"""Cell parsers: each takes a trimmed, non-empty value and returns it typed or raises."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import date
from typing import Any, Final

from app.services import taxcodes
from app.services.countries import normalize_country
from app.services.csv_format import FALSE_WORDS, LIST_SEPARATOR, TRUE_WORDS, unescape_cell
from app.services.csv_import.errors import CellError
from app.services.csv_import.reading import UNDECODABLE

Parser = Callable[[str], Any]

#: Error codes of tax-code problems are the taxcodes module's codes with this prefix.
TAX_PREFIX: Final = "tax_"
_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}")
# Deliberately simple: one @, no spaces, a dotted domain; deliverability is not our call.
_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_EMAIL: Final = re.compile(rf"[^@\s\"<>(),;:]+@{_LABEL}(?:\.{_LABEL})+")
_URL: Final = re.compile(r"https?://[^\s/?#@]+\.[^\s/?#@]+(?::\d{1,5})?(?:[/?#]\S*)?", re.I)
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_IT_DATE: Final = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", re.ASCII)
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?", re.ASCII)
_GROUPED: Final = re.compile(r"\d{1,3}(?:([.,])\d{3})+(?:([.,])\d+)?", re.ASCII)


def clean(raw: str) -> str:
    """Trim a raw cell, refuse formula-looking or undecodable text, drop the escape.

    >>> clean("  'x ") , clean("'=1+1")
    ("'x", '=1+1')
    """
    value = raw.strip()
    if not value:
        return value
    first = value[0]
    if first in "=+-@":
        raise CellError("formula", char=first)
    if first == "'":
        value = unescape_cell(value)
    if not value.isascii() and UNDECODABLE.search(value):
        raise CellError("bad_encoding")
    return value


def text(max_length: int) -> Parser:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError("too_long", max=max_length)
        return value

    return parse


def identifier(value: str) -> str:
    """Letters, digits and ``. _ : -``, at most 64 characters."""
    if not _ID.fullmatch(value):
        raise CellError("identifier")
    return value


def choice(choices: Collection[str]) -> Parser:
    lowered = {c.lower(): c for c in choices}

    def parse(value: str) -> str:
        found = lowered.get(value.lower())
        if found is None:
            raise CellError("choice", choices=", ".join(choices))
        return found

    return parse


def boolean(value: str) -> bool:
    """``sì``/``no``, ``true``/``false``, ``1``/``0`` and friends, any case.

    >>> boolean("Sì"), boolean("FALSE")
    (True, False)
    """
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError("boolean")


def iso_or_italian_date(value: str) -> date:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (also with dots, as some spreadsheets write).

    >>> iso_or_italian_date("2024-03-09"), iso_or_italian_date("9/3/2024")
    (datetime.date(2024, 3, 9), datetime.date(2024, 3, 9))
    """
    if found := _ISO_DATE.fullmatch(value):
        year, month, day = found.groups()
    elif found := _IT_DATE.fullmatch(value):
        day, month, year = found.groups()
    else:
        raise CellError("date")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError("date") from None


def number(value: str) -> int | float:
    """A non-negative number; decimal point or comma; thousands grouped by the other sign.

    >>> number("0,75"), number("1.234,5"), number("1,234.5"), number("250000"), number("1.5")
    (0.75, 1234.5, 1234.5, 250000, 1.5)
    """
    compact = value.replace(" ", "").replace("\u00a0", "")
    if _NUMBER.fullmatch(compact):
        normal = compact.replace(",", ".")
    elif (grouped := _GROUPED.fullmatch(compact)) and grouped.group(1) != grouped.group(2):
        normal = compact.replace(grouped.group(1), "")
        normal = normal.replace(",", ".")
    else:
        raise CellError("number")
    return float(normal) if "." in normal else int(normal)


def bounded(low: float, high: float, *, integer: bool = False) -> Parser:
    def parse(value: str) -> int | float:
        found = number(value)
        if integer and not float(found).is_integer():
            raise CellError("integer")
        if not low <= found <= high:
            raise CellError("range", min=low, max=high)
        return int(found) if integer else float(found)

    return parse


def code_list(known: Collection[str], error: str) -> Parser:
    """``|``-separated codes, deduplicated and sorted; each must be in ``known``."""

    def parse(value: str) -> list[str]:
        items = sorted({item.strip() for item in value.split(LIST_SEPARATOR)} - {""})
        for item in items:
            if item not in known:
                raise CellError(error, item=item)
        return items

    return parse


def email(value: str) -> str:
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise CellError("email")
    return value


def url(value: str) -> str:
    if len(value) > 300 or not _URL.fullmatch(value):
        raise CellError("url")
    return value


def tax_code(value: str) -> str:
    """A partita IVA, a numeric codice fiscale or a person's codice fiscale, normalised.

    Spreadsheets drop leading zeros from numbers, so 9 or 10 digits are padded back to
    11 (the check digit still has to match).

    >>> tax_code("1234567897")
    '01234567897'
    """
    normal = taxcodes.normalize_tax_code(value)
    if normal.isdigit() and 9 <= len(normal) < 11:
        normal = normal.zfill(11)
    problem = taxcodes.validate_tax_code(normal)
    if problem is not None:
        raise CellError(TAX_PREFIX + problem.code, **problem.params)
    return normal


def istat_code(known: Collection[str]) -> Parser:
    """A municipality's 6-digit ISTAT code; leading zeros dropped by a spreadsheet come back.

    >>> istat_code({"001272"})("1272")
    '001272'
    """

    def parse(value: str) -> str:
        code = value.zfill(6) if value.isdigit() else value
        if code not in known:
            raise CellError("unknown_municipality")
        return code

    return parse


def country(value: str) -> str:
    """An ISO 3166-1 alpha-2 country code, any case; the EU's EL and UK become GR and GB.

    >>> country("uk"), country("DE")
    ('GB', 'DE')
    """
    code = normalize_country(value)
    if code is None:
        raise CellError("unknown_country")
    return code


def member_of(known: Collection[str], error: str) -> Parser:
    """A code that must be in ``known`` (municipalities, calls, districts: loaded once)."""

    def parse(value: str) -> str:
        if value not in known:
            raise CellError(error)
        return value

    return parse
