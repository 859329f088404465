"""The CSV exchange format shared by import and export (docs/csv-format.md describes it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

__all__ = [
    "EXCEL_IT",
    "FILE_COLUMNS",
    "FILE_KINDS",
    "FORMULA_STARTS",
    "Flavour",
    "LIST_SEPARATOR",
    "STANDARD",
    "escape_cell",
    "flavour_named",
    "format_bool",
    "format_date",
    "format_list",
    "format_number",
    "unescape_cell",
]

ORGANIZATION_COLUMNS: Final = (
    "id",
    "kind",
    "name",
    "legal_form",
    "tax_code",
    "size_class",
    "non_profit",
    "municipality_istat",
    "country",
    "description",
    "website",
    "email",
    "themes",
    "capabilities",
    "fictional",
)
PARTNERSHIP_COLUMNS: Final = (
    "id",
    "from_id",
    "to_id",
    "type",
    "since",
    "until",
    "strength",
    "source",
)
MEMBERSHIP_COLUMNS: Final = (
    "consortium_id",
    "organization_id",
    "role",
    "budget_eur",
    "call_code",
    "consortium_title",
    "consortium_status",
    "consortium_year",
    "consortium_line",
    "district_code",
    "consortium_budget_eur",
)
#: The three files, in the order they should be imported (later ones refer to earlier).
FILE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "organizations": ORGANIZATION_COLUMNS,
    "partnerships": PARTNERSHIP_COLUMNS,
    "memberships": MEMBERSHIP_COLUMNS,
}
FILE_KINDS: Final = tuple(FILE_COLUMNS)

LIST_SEPARATOR: Final = "|"
#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
#: The escape: one apostrophe, which spreadsheets hide and treat as "this is text".
_ESCAPED = re.compile(r"'[=+\-@\t\r']")
TRUE_WORDS: Final = frozenset({"sì", "si", "s", "yes", "y", "true", "vero", "1", "x"})
FALSE_WORDS: Final = frozenset({"no", "n", "false", "falso", "0"})


@dataclass(frozen=True)
class Flavour:
    """How a file is laid out: separator, encoding, decimal comma, Italian dates."""

    delimiter: str = ","
    encoding: str = "utf-8-sig"
    decimal_comma: bool = False
    italian_dates: bool = False


#: UTF-8 with BOM (Excel detects it), commas, ISO dates: the default, and lossless.
STANDARD: Final = Flavour()
#: What Italian Excel writes and reads by double-click: ``;``, Windows-1252, ``0,5``, 31/12/2024.
EXCEL_IT: Final = Flavour(delimiter=";", encoding="cp1252", decimal_comma=True, italian_dates=True)


def flavour_named(name: str | None) -> Flavour:
    """The layout a download asks for with ``?formato=``: ``it`` is :data:`EXCEL_IT`,
    anything else (or nothing) :data:`STANDARD`.

    >>> flavour_named("it") is EXCEL_IT, flavour_named(None) is STANDARD
    (True, True)
    """
    return EXCEL_IT if (name or "").strip().lower() == "it" else STANDARD


def escape_cell(value: str) -> str:
    """Make a cell safe to open in a spreadsheet (OWASP CSV injection): prefix an apostrophe
    when it starts like a formula, or with an apostrophe that import would otherwise drop.

    >>> escape_cell("=HYPERLINK(\\"x\\")"), escape_cell("-2"), escape_cell("Agliè")
    ('\\'=HYPERLINK("x")', "'-2", 'Agliè')
    >>> escape_cell("'=1")
    "''=1"
    """
    if value.startswith(FORMULA_STARTS) or _ESCAPED.match(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`: drop one apostrophe before a formula character.

    >>> unescape_cell("'=1"), unescape_cell("''=1"), unescape_cell("'ndrina")
    ('=1', "'=1", "'ndrina")
    """
    if _ESCAPED.match(value):
        return value[1:]
    return value


def format_bool(value: bool | None) -> str:
    """``sì``/``no`` (Italian first; import also reads true/false, 1/0, yes/no)."""
    if value is None:
        return ""
    return "sì" if value else "no"


def format_date(value: date | None, flavour: Flavour = STANDARD) -> str:
    """ISO ``YYYY-MM-DD``, or ``DD/MM/YYYY`` for Italian spreadsheets.

    >>> format_date(date(2024, 3, 9)), format_date(date(2024, 3, 9), EXCEL_IT)
    ('2024-03-09', '09/03/2024')
    """
    if value is None:
        return ""
    if flavour.italian_dates:
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return value.isoformat()


def format_number(value: float | int | None, flavour: Flavour = STANDARD) -> str:
    """The shortest exact text of a number, whole numbers without decimals, no grouping.

    >>> format_number(250000.0), format_number(0.75, EXCEL_IT), format_number(12)
    ('250000', '0,75', '12')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", ",") if flavour.decimal_comma else text


def format_list(values: Iterable[str] | None) -> str:
    """Items sorted and joined with ``|``; order carries no meaning in these lists."""
    return LIST_SEPARATOR.join(sorted(values or ()))
