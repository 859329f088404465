"""Users, their sessions and what they act for (organisations, districts)."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.answers import any_matched, count_of
from graph.records import native_row, native_rows
from graph.versioning import network_unchanged

_USER_FIELDS = """
u {.id, .email, .name, .role, .active, .created_at, .last_login_at, .privacy_version,
   .pending_email, email_verified: coalesce(u.email_verified, true)} AS user,
[(u)-[:ACTS_FOR]->(o:Organization) | o {.id, .name, .kind}] AS organizations,
[(u)-[:LEADS]->(d:District) | d {.code, .name}] AS districts
"""


@network_unchanged
def create_user_tx(tx: ManagedTransaction, *, user: dict[str, Any]) -> None:
    """Create a user; the e-mail uniqueness constraint raises ConstraintError if taken."""
    tx.run(
        "CREATE (u:User) SET u = $user, u.created_at = datetime(), u.active = true",
        user=user,
    ).consume()


def get_user_by_email_tx(tx: ManagedTransaction, *, email: str) -> dict[str, Any] | None:
    """A user with the password hash, for login only."""
    record = tx.run(
        "MATCH (u:User {email: $email}) "
        "RETURN u {.id, .email, .name, .role, .active, .password_hash} AS user",
        email=email,
    ).single()
    return dict(record["user"]) if record else None


def get_user_tx(tx: ManagedTransaction, *, user_id: str) -> dict[str, Any] | None:
    """A user with the organisations and districts it acts for."""
    record = tx.run(
        "MATCH (u:User {id: $user_id}) RETURN " + _USER_FIELDS, user_id=user_id
    ).single()
    return native_row(record)


def user_for_session_tx(tx: ManagedTransaction, *, token: str) -> dict[str, Any] | None:
    """The active user owning a live session token (and touch the session)."""
    record = tx.run(
        "MATCH (s:UserSession {token: $token})-[:OF]->(u:User {active: true}) "
        "WHERE s.revoked_at IS NULL RETURN " + _USER_FIELDS,
        token=token,
    ).single()
    return native_row(record)


@network_unchanged
def open_session_tx(
    tx: ManagedTransaction, *, user_id: str, token: str, address: str | None
) -> None:
    """Record a new login session and the login time."""
    tx.run(
        """
        MATCH (u:User {id: $user_id})
        SET u.last_login_at = datetime()
        CREATE (s:UserSession {token: $token, created_at: datetime(), address: $address})
        CREATE (s)-[:OF]->(u)
        """,
        user_id=user_id,
        token=token,
        address=address,
    ).consume()


@network_unchanged
def revoke_session_tx(tx: ManagedTransaction, *, token: str) -> None:
    """End one session (logout)."""
    tx.run(
        "MATCH (s:UserSession {token: $token}) WHERE s.revoked_at IS NULL "
        "SET s.revoked_at = datetime()",
        token=token,
    ).consume()


@network_unchanged
def revoke_other_sessions_tx(tx: ManagedTransaction, *, user_id: str, keep: str | None) -> int:
    """End every session of a user but ``keep`` (after a password change)."""
    return count_of(
        tx,
        """
        MATCH (s:UserSession)-[:OF]->(:User {id: $user_id})
        WHERE s.revoked_at IS NULL AND s.token <> coalesce($keep, '')
        SET s.revoked_at = datetime()
        RETURN count(s) AS n
        """,
        user_id=user_id,
        keep=keep,
    )


@network_unchanged
def set_password_tx(tx: ManagedTransaction, *, user_id: str, password_hash: str) -> None:
    tx.run(
        "MATCH (u:User {id: $user_id}) SET u.password_hash = $password_hash, "
        "u.password_changed_at = datetime()",
        user_id=user_id,
        password_hash=password_hash,
    ).consume()


def link_user_organization_tx(tx: ManagedTransaction, *, user_id: str, org_id: str) -> bool:
    """Let a user act for an organisation; False when either does not exist."""
    return any_matched(
        tx,
        """
        MATCH (u:User {id: $user_id}), (o:Organization {id: $org_id})
        MERGE (u)-[r:ACTS_FOR]->(o) ON CREATE SET r.since = datetime()
        RETURN count(r) AS n
        """,
        user_id=user_id,
        org_id=org_id,
    )


def link_user_district_tx(tx: ManagedTransaction, *, user_id: str, district_code: str) -> bool:
    """Make a user a lead of a district; False when either does not exist."""
    return any_matched(
        tx,
        """
        MATCH (u:User {id: $user_id}), (d:District {code: $district_code})
        MERGE (u)-[r:LEADS]->(d) ON CREATE SET r.since = datetime()
        RETURN count(r) AS n
        """,
        user_id=user_id,
        district_code=district_code,
    )


def list_users_tx(tx: ManagedTransaction, *, skip: int, limit: int) -> list[dict[str, Any]]:
    """Users ordered by e-mail, for the administrators' page."""
    result = tx.run(
        "MATCH (u:User) WITH u ORDER BY u.email SKIP $skip LIMIT $limit RETURN " + _USER_FIELDS,
        skip=skip,
        limit=limit,
    )
    return native_rows(result)


def count_users_tx(tx: ManagedTransaction) -> int:
    return count_of(tx, "MATCH (u:User) RETURN count(u) AS n")


def set_role_tx(tx: ManagedTransaction, *, user_id: str, role: str) -> bool:
    return any_matched(
        tx,
        "MATCH (u:User {id: $user_id}) SET u.role = $role RETURN count(u) AS n",
        user_id=user_id,
        role=role,
    )
