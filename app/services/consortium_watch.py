"""Tell a consortium's members when a change makes one of its call's rules fail.

A change's transaction function reads the failing rules before (``failing_rules_tx``),
makes the change, then calls ``notify_new_failures_tx``: a rule failing after and not
before notifies the members, in the same transaction.
"""

from __future__ import annotations

from datetime import date

from graph.consortium_repo import consortium_facts_tx, notify_members_tx
from graph.unit import Tx


def failing_rules_tx(tx: Tx, *, consortium_id: str) -> set[str] | None:
    """Codes of the consortium's rules that fail now (None: no such consortium)."""
    from app.services.consortia import build_view

    data = consortium_facts_tx(tx, consortium_id=consortium_id)
    if data is None:
        return None
    view = build_view(data, date.today())
    return {result.code for result in view.results if result.status == "fail"}


def notify_new_failures_tx(
    tx: Tx, *, consortium_id: str, before: set[str] | None, actor_id: str | None = None
) -> int:
    """Notify the members if a rule fails now that did not before; returns how many."""
    if before is None:
        return 0
    after = failing_rules_tx(tx, consortium_id=consortium_id) or set()
    if not after - before:
        return 0
    return notify_members_tx(
        tx,
        consortium_id=consortium_id,
        kind="consortium_rule_failing",
        exclude_user_ids=[actor_id or ""],
    )
