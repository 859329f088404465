"""Values and filters every template can use."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import format_decimal, get_locale
from flask_login import current_user
from jinja2 import Undefined

from app import labels, policy
from app.formatting import date_text, datetime_text, in_language, money_text, percent_text
from app.services.calls import CallStatus, call_status
from app.services.countries import country_name
from app.tables import stacked_table
from graph.call_records import Call
from graph.model import SECTOR_OF_KIND


def _lang_url(lang: str) -> str:
    """The current page in another language."""
    values: dict[str, Any] = {**request.args, **(request.view_args or {}), "lang": lang}
    return url_for(request.endpoint or "main.index", **values)


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


def _call_status(call: Call) -> CallStatus:
    """A call's status today, with the configured closing window."""
    closing_days = int(current_app.config["CALL_CLOSING_SOON_DAYS"])
    return call_status(call.phases, call.opens_on, date.today(), closing_days)


def call_choice(call: Call) -> str:
    """A call as a choice in a list: ``FSE2 · Progetti di innovazione sociale (Chiuso)``."""
    status = labels.CALL_STATUS_LABELS[_call_status(call).code]
    return f"{call.code} · {in_language(call.title_it, call.title_en) or ''} ({status})"


def can(endpoint: str, **_args: Any) -> bool:
    """Whether the current user may open ``endpoint``, by the policy table that guards the
    routes; the URL's values (``**_args``) are accepted for symmetry with ``url_for``, and
    checks on the object itself stay with the view. An endpoint with no route is a mistake
    in the template, not a refusal."""
    if endpoint not in current_app.view_functions:
        raise LookupError(f"can(): no route has the endpoint {endpoint!r}")
    return policy.allows(current_user, endpoint)


def init_template_helpers(app: Flask) -> None:
    """Register the context processor, the filters and ``can``."""

    @app.context_processor
    def _inject() -> dict[str, Any]:
        return {
            "labels": labels,
            "sector_of_kind": SECTOR_OF_KIND,
            "current_locale": str(get_locale() or "it"),
            "lang_url": _lang_url,
            "call_status": _call_status,
            "call_choice": call_choice,
        }

    app.add_template_global(can, "can")
    app.add_template_filter(date_text, "date")
    app.add_template_filter(datetime_text, "datetime")
    app.add_template_filter(money_text, "money")
    app.add_template_filter(percent_text, "percent")
    app.add_template_filter(_http_url, "http_url")
    app.add_template_filter(_number, "num")
    app.add_template_filter(_country, "country")
    app.add_template_filter(stacked_table, "stacked_table")
