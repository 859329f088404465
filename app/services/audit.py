"""The audit log: who did what, to what, when, and whether it was allowed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from graph.driver import Graph
from graph.security_repo import append_audit_tx, count_audit_tx, list_audit_tx


@dataclass(frozen=True)
class Actor:
    """Who acts: a user (or nobody, for anonymous requests) and from which address."""

    user_id: str | None = None
    email: str | None = None
    address: str | None = None


def record(
    graph: Graph,
    actor: Actor,
    action: str,
    *,
    target_type: str | None = None,
    target_id: str | None = None,
    outcome: str = "ok",
    details: dict[str, Any] | None = None,
) -> None:
    """Append one event to the audit log."""
    graph.write(
        append_audit_tx,
        event={
            "id": str(uuid.uuid4()),
            "actor_id": actor.user_id,
            "actor_email": actor.email,
            "address": actor.address,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "outcome": outcome,
            "details": details,
        },
    )


class Account(Protocol):
    """A user acting on their own account (the app's CurrentUser)."""

    @property
    def id(self) -> str: ...

    @property
    def email(self) -> str: ...


def record_own(
    graph: Graph,
    user: Account,
    address: str | None,
    action: str,
    *,
    outcome: str = "ok",
    details: dict[str, Any] | None = None,
) -> None:
    """Audit ``action`` by ``user`` on their own account."""
    record(
        graph,
        Actor(user.id, user.email, address),
        action,
        target_type="user",
        target_id=user.id,
        outcome=outcome,
        details=details,
    )


def events(
    graph: Graph,
    *,
    page: int,
    per_page: int,
    action: str | None = None,
    actor_id: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of events, newest first, and the total count."""
    items = graph.read(
        list_audit_tx,
        skip=(max(page, 1) - 1) * per_page,
        limit=per_page,
        action=action,
        actor_id=actor_id,
    )
    return items, graph.read(count_audit_tx, action=action, actor_id=actor_id)
