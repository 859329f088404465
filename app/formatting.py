"""Dates, amounts and shares in the user's language (3 dicembre 2026, 1.234,50 €, 12,5%).

Values come as Python dates (``graph/records.py`` converts the driver's temporal types at the
graph boundary) or as ISO text (phase deadlines are stored as text): every function here
accepts both, and answers nothing for a missing value.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel import Locale
from babel.numbers import parse_pattern
from flask_babel import format_currency, format_date, format_datetime, format_percent, get_locale
from jinja2 import Undefined

__all__ = ["as_date", "date_text", "datetime_text", "money_text", "percent_text"]


def _missing(value: Any) -> bool:
    return value is None or isinstance(value, Undefined) or value == ""


def as_date(value: Any) -> date | None:
    """A day from a date, a datetime or ISO text; None otherwise.

    >>> as_date("2026-03-31"), as_date(datetime(2026, 3, 31, 9)), as_date("")
    (datetime.date(2026, 3, 31), datetime.date(2026, 3, 31), None)
    >>> as_date("2026-03-31T10:00:00Z"), as_date("not a date")
    (datetime.date(2026, 3, 31), None)
    """
    if _missing(value):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def date_text(value: Any, form: str = "long") -> str:
    """A day in the user's language: ``3 dicembre 2026`` / ``December 3, 2026`` (``long``)
    or ``3 dic 2026`` / ``Dec 3, 2026`` (``medium``, for dense tables)."""
    day = as_date(value)
    return "" if day is None else str(format_date(day, format=form))


def money_text(value: Any, cents: bool = False) -> str:
    """Euros in the user's language: ``1.234 €`` / ``€1,234``; ``1.234,50 €`` / ``€1,234.50``
    with ``cents``. The symbol's place and the separators are the locale's."""
    if _missing(value):
        return ""
    if cents:
        return str(format_currency(value, "EUR"))
    locale = Locale.parse(str(get_locale() or "it"))
    pattern = parse_pattern(locale.currency_formats["standard"].pattern)
    pattern.frac_prec = (0, 0)
    return str(pattern.apply(round(float(value)), locale, currency="EUR", currency_digits=False))


def percent_text(value: Any, digits: int = 0) -> str:
    """A share (0.125) as a percentage in the user's language: ``13%``, or ``12,5%`` with
    one digit."""
    if _missing(value):
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return str(format_percent(value, format=pattern))


def datetime_text(value: Any) -> str:
    """A moment in the user's language and the server's time zone setting: ``3 dic 2026,
    10:04:05`` / ``Dec 3, 2026, 10:04:05 AM``."""
    if _missing(value):
        return ""
    moment = value
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return str(format_datetime(moment, "medium"))


def in_language(italian: str | None, english: str | None) -> str | None:
    """The text of a record that holds both, in the user's language (Italian when the
    English is missing)."""
    return (english if str(get_locale() or "it") == "en" else italian) or italian
