"""Acting for an organisation: users ask to join, members or administrators decide."""

from __future__ import annotations

import uuid

from app.services import audit
from graph.driver import Graph
from graph.errors import Conflict
from graph.membership_records import JoinRequest, OwnJoinRequest
from graph.membership_repo import (
    create_join_request_tx,
    decide_join_request_tx,
    is_pending_clash,
    pending_join_requests_tx,
    user_join_requests_tx,
)
from graph.organization_records import OrganizationMatch
from graph.organization_repo import search_organizations_by_name_tx


def request_to_join(graph: Graph, actor: audit.Actor, org_id: str) -> str:
    """Ask to act for an organisation; returns created, pending, member or missing."""
    if actor.user_id is None:
        return "missing"
    try:
        outcome = graph.write(
            create_join_request_tx,
            request_id=str(uuid.uuid4()),
            user_id=actor.user_id,
            org_id=org_id,
        )
    except Conflict as exc:  # a concurrent request for the same pair won
        if not is_pending_clash(exc):
            raise
        return "pending"
    if outcome == "created":
        audit.record(graph, actor, "join_request", target_type="organization", target_id=org_id)
    return str(outcome)


def decide(graph: Graph, actor: audit.Actor, org_id: str, request_id: str, approve: bool) -> bool:
    """Approve or decline a pending request for ``org_id``; False if there is none."""
    asker = graph.write(
        decide_join_request_tx,
        request_id=request_id,
        org_id=org_id,
        approve=approve,
        decided_by=actor.user_id or "",
    )
    if asker is None:
        return False
    audit.record(
        graph,
        actor,
        "join_request_decision",
        target_type="organization",
        target_id=org_id,
        details={"request_id": request_id, "user_id": asker, "approved": approve},
    )
    return True


def pending_for(graph: Graph, org_id: str) -> list[JoinRequest]:
    return graph.read(pending_join_requests_tx, org_id=org_id)


def requests_of(graph: Graph, user_id: str) -> list[OwnJoinRequest]:
    return graph.read(user_join_requests_tx, user_id=user_id)


def find_organizations(graph: Graph, text: str, limit: int = 20) -> list[OrganizationMatch]:
    """Organisations whose name contains ``text`` (case-insensitive), for joining."""
    text = text.strip()
    if len(text) < 2:
        return []
    return graph.read(search_organizations_by_name_tx, text=text, limit=limit)
