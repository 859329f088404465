"""Deadlines of partnership requests and consortium invitations: one reminder to the side
that must answer some days before it expires, and the expiry itself, told to both sides.

Run by the mail sender (``flask mail send``) at every pass, and by
``flask partnerships expire``; each step locks what it changes, so several senders never
remind or expire the same thing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.services import partnerships
from graph import invitation_repo, partnership_repo
from graph.driver import Graph


def run_deadlines(graph: Graph, *, now: datetime, days_before: int) -> dict[str, int]:
    """Expire what is overdue, then remind what expires within ``days_before`` days
    (0: no reminders). Returns counts by what was done."""
    done = {
        "partnership_requests_expired": partnerships.expire_pending(graph, now=now),
        "invitations_expired": len(graph.write(invitation_repo.expire_invitations_tx, now=now)),
        "partnership_requests_reminded": 0,
        "invitations_reminded": 0,
    }
    if days_before > 0:
        before = now + timedelta(days=days_before)
        done["partnership_requests_reminded"] = len(
            graph.write(partnership_repo.remind_requests_tx, now=now, before=before)
        )
        done["invitations_reminded"] = len(
            graph.write(invitation_repo.remind_invitations_tx, now=now, before=before)
        )
    return done
