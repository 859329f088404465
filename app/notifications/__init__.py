"""Notifications: the bell, the list, mail preferences, unsubscribe, the admin outbox."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request
from flask_login import current_user

bp = Blueprint("notifications", __name__, template_folder="templates")

from app.notifications import outbox_routes, routes  # noqa: E402, F401


@bp.app_context_processor
def _bell() -> dict[str, Any]:
    """The header's bell asks for the unread count only when a page shows it."""
    return {"unread_notifications": routes.unread_count}


@bp.before_app_request
def _remember_locale() -> None:
    """A logged-in user who picks a language gets their mails in it too."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"] and current_user.is_authenticated:
        from app.extensions import get_graph
        from app.services.notifications import remember_locale

        remember_locale(get_graph(), current_user.id, str(asked))
