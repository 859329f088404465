"""A user's notifications and mail preferences: list, count unread, mark read, choose
how each group of notifications is mailed, unsubscribe."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.services import notification_kinds as kinds
from graph import notification_repo as repo
from graph.driver import Graph


@dataclass(frozen=True)
class Notification:
    """One notification as its reader sees it (``title`` in the current language)."""

    id: str
    kind: str
    title: str
    link: str
    params: dict[str, Any]
    created_at: datetime
    read_at: datetime | None

    @property
    def unread(self) -> bool:
        return self.read_at is None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Notification:
        params = dict(row.get("params") or {})
        return cls(
            id=str(row["id"]),
            kind=str(row["kind"]),
            title=kinds.title(str(row["kind"]), params),
            link=str(row["link"]),
            params=params,
            created_at=row["created_at"],
            read_at=row.get("read_at"),
        )


@dataclass(frozen=True)
class NotificationPage:
    items: list[Notification]
    total: int
    unread: int


def unread_count(graph: Graph, user_id: str) -> int:
    """How many of the user's notifications are unread."""
    return graph.read(repo.unread_count_tx, user_id=user_id)


def page(
    graph: Graph, user_id: str, *, skip: int = 0, limit: int = 50, unread_only: bool = False
) -> NotificationPage:
    """One page of the user's notifications, newest first, with the totals."""
    rows = graph.read(
        repo.list_for_user_tx, user_id=user_id, skip=skip, limit=limit, unread_only=unread_only
    )
    return NotificationPage(
        items=[Notification.from_row(row) for row in rows],
        total=graph.read(repo.count_for_user_tx, user_id=user_id),
        unread=unread_count(graph, user_id),
    )


def mark_read(graph: Graph, user_id: str, notification_id: str) -> bool:
    """Mark one of the user's notifications read; False if it is not theirs."""
    return graph.write(
        repo.mark_read_tx, user_id=user_id, notification_id=notification_id, now=datetime.now(UTC)
    )


def mark_all_read(graph: Graph, user_id: str) -> int:
    """Mark all the user's notifications read; returns how many were unread."""
    return graph.write(repo.mark_all_read_tx, user_id=user_id, now=datetime.now(UTC))


def preferences(graph: Graph, user_id: str) -> dict[str, str]:
    """The user's mail mode for every group (the default where never chosen)."""
    chosen = graph.read(repo.mail_preferences_tx, user_id=user_id)
    return {
        group: chosen.get(group, kinds.DEFAULT_MODE)
        if chosen.get(group) in kinds.MODES
        else kinds.DEFAULT_MODE
        for group in kinds.GROUPS
    }


def set_preferences(graph: Graph, user_id: str, chosen: Mapping[str, str]) -> bool:
    """Save the user's mail mode per group (unknown groups and modes are ignored)."""
    clean = {
        group: mode
        for group, mode in chosen.items()
        if group in kinds.GROUPS and mode in kinds.MODES
    }
    return graph.write(
        repo.set_mail_preferences_tx,
        user_id=user_id,
        preferences={**preferences(graph, user_id), **clean},
    )


def unsubscribe(graph: Graph, user_id: str, group: str) -> bool:
    """Stop the mails of ``group`` (``*``: of every group) for the user."""
    groups = kinds.GROUPS if group == "*" else (group,) if group in kinds.GROUPS else ()
    if not groups:
        return False
    return set_preferences(graph, user_id, dict.fromkeys(groups, "never"))


def remember_locale(graph: Graph, user_id: str, locale: str) -> None:
    """Keep the user's language: their mails are written in it."""
    graph.write(repo.set_locale_tx, user_id=user_id, locale=locale)
