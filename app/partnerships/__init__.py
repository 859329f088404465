"""Partnerships: requests between organisations, their inbox, and partner suggestions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("partnerships", __name__, template_folder="templates")


@bp.before_app_request
def _reason_language() -> None:
    """Suggestion reasons printed with str() speak the request's language."""
    from flask_babel import get_locale

    from app.services.recommend import set_language

    set_language(str(get_locale() or "it"))


from app.partnerships import routes, suggest_routes  # noqa: E402, F401
