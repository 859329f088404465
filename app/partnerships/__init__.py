"""Partnerships: requests between organisations, their inbox, and partner suggestions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("partnerships", __name__, template_folder="templates")


@bp.context_processor
def _helpers() -> dict[str, object]:
    from app.partnerships.presenting import template_helpers

    return template_helpers()


from app.partnerships import routes, suggest_routes  # noqa: E402, F401
