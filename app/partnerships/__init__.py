"""Partnerships: requests between organisations, their inbox, and partner suggestions."""

from __future__ import annotations

from flask import Blueprint, has_request_context
from flask_babel import get_locale

from app.services.recommend_reasons import set_language_source

bp = Blueprint("partnerships", __name__, template_folder="templates")


def _request_language() -> str | None:
    locale = get_locale() if has_request_context() else None
    return str(locale) if locale else None


# Suggestion reasons printed with str() speak the request's language.
set_language_source(_request_language)


from app.partnerships import routes, suggest_routes  # noqa: E402, F401
