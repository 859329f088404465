"""Values and filters every template can use."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from flask_babel import format_date, format_decimal, get_locale
from jinja2 import Undefined

from app import labels
from app.services.countries import country_name
from graph.model import SECTOR_OF_KIND


def _lang_url(lang: str) -> str:
    """The current page in another language."""
    values: dict[str, Any] = {**request.args, **(request.view_args or {}), "lang": lang}
    return url_for(request.endpoint or "main.index", **values)


def _date(value: Any) -> str:
    """Format a date (or a date and time) for the current locale."""
    if value is None:
        return ""
    return format_date(value, format="medium")


def _number(value: int | float | Undefined | None) -> str:
    """A number with the locale's grouping (2.038 in Italian, 2,038 in English); nothing
    for a missing value (a running import job has no counts yet)."""
    if value is None or isinstance(value, Undefined):
        return ""
    return str(format_decimal(value))


def _http_url(value: str | None) -> str | None:
    """Only http(s) addresses become links (no ``javascript:`` in an href)."""
    if value and value.lower().startswith(("http://", "https://")):
        return value
    return None


def _country(code: str | None) -> str:
    """A country code's name in the current language (``DE`` -> Germania)."""
    return country_name(code, str(get_locale() or "it"))


def init_template_helpers(app: Flask) -> None:
    """Register the context processor and filters."""

    @app.context_processor
    def _inject() -> dict[str, Any]:
        return {
            "labels": labels,
            "sector_of_kind": SECTOR_OF_KIND,
            "current_locale": str(get_locale() or "it"),
            "lang_url": _lang_url,
        }

    app.add_template_filter(_date, "date")
    app.add_template_filter(_http_url, "http_url")
    app.add_template_filter(_number, "num")
    app.add_template_filter(_country, "country")
