"""The caller's notifications: list them (unread first or all), mark one or all read."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import abort
from flask_login import current_user

from app.api.common import Blueprint, documented
from app.api.schemas import MarkedSchema, NotificationArgs, NotificationPageSchema
from app.extensions import get_graph
from app.services import notifications

bp = Blueprint(
    "notifications", __name__, description="Your notifications: what needs your attention."
)


@bp.route("/notifications")
@bp.arguments(NotificationArgs, location="query")
@bp.response(200, NotificationPageSchema)
@documented(bp)
def list_notifications(args: dict[str, Any]) -> dict[str, Any]:
    """Your notifications, newest first, with how many are unread."""
    page, per_page = args["page"], args["per_page"]
    found = notifications.page(
        get_graph(),
        current_user.id,
        skip=(page - 1) * per_page,
        limit=per_page,
        unread_only=args["unread"],
    )
    items = [{**asdict(n), "unread": n.unread} for n in found.items]
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": found.unread if args["unread"] else found.total,
        "unread": found.unread,
    }


@bp.route("/notifications/<notification_id>/read", methods=["POST"])
@bp.response(200, MarkedSchema)
@documented(bp, 404)
def mark_read(notification_id: str) -> dict[str, int]:
    """Mark one of your notifications read."""
    graph = get_graph()
    if not notifications.mark_read(graph, current_user.id, notification_id):
        abort(404)
    return {"marked": 1, "unread": notifications.unread_count(graph, current_user.id)}


@bp.route("/notifications/read", methods=["POST"])
@bp.response(200, MarkedSchema)
@documented(bp)
def mark_all_read() -> dict[str, int]:
    """Mark all your notifications read."""
    graph = get_graph()
    marked = notifications.mark_all_read(graph, current_user.id)
    return {"marked": marked, "unread": notifications.unread_count(graph, current_user.id)}
