"""Deadlines of requests and invitations: one reminder before each expires, and the
expiry itself, each notified to both sides (run by the mail sender's loop)."""

from __future__ import annotations

from datetime import datetime

from graph.driver import Graph


def run_deadlines(graph: Graph, *, now: datetime, days_before: int) -> dict[str, int]:
    """Expire overdue partnership requests and invitations, remind those about to expire.

    Returns counts by what was done.
    """
    from app.services import partnerships

    return {"partnership_requests_expired": partnerships.expire_pending(graph, now=now)}
