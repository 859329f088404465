"""Merging two records of one organisation (administrators): preview, then merge.

The graph layer moves everything in one transaction that also writes the audit event
(``organization_merge``) whose details are the undo record: the merged node's properties,
kind, place and themes, and every relationship moved, combined or dropped with its ids
and properties.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.services import audit
from graph.driver import Graph
from graph.merge_repo import MergeRefused, merge_organizations_tx, merge_preview_tx, merged_into_tx

__all__ = ["MergeRefused", "MergePreview", "merge", "preview", "merged_into"]


@dataclass(frozen=True)
class MergePreview:
    """The two organisations and what moves from the merged one to the survivor."""

    survivor: dict[str, Any]
    merged: dict[str, Any]
    counts: dict[str, int]
    survivor_town: str | None
    merged_town: str | None


def preview(graph: Graph, survivor_id: str, merged_id: str) -> MergePreview:
    """What merging ``merged_id`` into ``survivor_id`` would move; MergeRefused when it
    cannot be done (same organisation, a district, one missing)."""
    if not survivor_id or not merged_id:
        raise MergeRefused("not_found")
    if survivor_id == merged_id:
        raise MergeRefused("same")
    row = graph.read(merge_preview_tx, survivor_id=survivor_id, merged_id=merged_id)
    if row is None:
        raise MergeRefused("not_found")
    if "District" in (row["survivor"]["kind"], row["merged"]["kind"]):
        raise MergeRefused("district")
    keys = (
        "partnerships",
        "between",
        "shared_partners",
        "memberships",
        "shared_consortia",
        "users",
        "join_requests",
        "partnership_requests",
        "invitations",
        "feedback",
    )
    return MergePreview(
        row["survivor"],
        row["merged"],
        {k: int(row[k]) for k in keys},
        row["survivor_town"],
        row["merged_town"],
    )


def merge(graph: Graph, actor: audit.Actor, survivor_id: str, merged_id: str) -> dict[str, Any]:
    """Merge ``merged_id`` into ``survivor_id`` and audit it; returns the undo record."""
    preview(graph, survivor_id, merged_id)
    event = {
        "id": str(uuid.uuid4()),
        "actor_id": actor.user_id,
        "actor_email": actor.email,
        "address": actor.address,
        "action": "organization_merge",
        "target_type": "organization",
        "target_id": survivor_id,
        "outcome": "ok",
    }
    result: dict[str, Any] = graph.write(
        merge_organizations_tx,
        survivor_id=survivor_id,
        merged_id=merged_id,
        event=event,
        today=date.today(),
    )
    return result


def merged_into(graph: Graph, org_id: str) -> str | None:
    """The survivor a merged organisation's id now points to, if it was merged."""
    return graph.read(merged_into_tx, org_id=org_id)
