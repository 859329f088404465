"""Administrators manage users: roles and what each user acts for."""

from __future__ import annotations

from typing import Any

from app.services import audit
from app.services.accounts import ROLES
from app.services.errors import CodedError
from graph.driver import Graph
from graph.user_repo import (
    count_users_tx,
    link_user_district_tx,
    link_user_organization_tx,
    list_users_tx,
    set_role_tx,
)


class UserAdminError(CodedError):
    """A refused user administration step: an unknown role, user, organisation or district."""


def list_users(graph: Graph, *, page: int, per_page: int) -> tuple[list[dict[str, Any]], int]:
    items = graph.read(list_users_tx, skip=(max(page, 1) - 1) * per_page, limit=per_page)
    return items, graph.read(count_users_tx)


def assign_role(
    graph: Graph,
    actor: audit.Actor,
    user_id: str,
    role: str,
    *,
    organization: str | None = None,
    district: str | None = None,
) -> None:
    """Set a user's role and, optionally, link an organisation or a district."""
    if role not in ROLES:
        raise UserAdminError("unknown_role")
    if not graph.write(set_role_tx, user_id=user_id, role=role):
        raise UserAdminError("unknown_user")
    if organization and not graph.write(
        link_user_organization_tx, user_id=user_id, org_id=organization
    ):
        raise UserAdminError("unknown_organization")
    if district and not graph.write(link_user_district_tx, user_id=user_id, district_code=district):
        raise UserAdminError("unknown_district")
    audit.record(
        graph,
        actor,
        "role_change",
        target_type="user",
        target_id=user_id,
        details={"role": role, "organization": organization, "district": district},
    )
