"""Account e-mail and password recovery: verification state, pending addresses, resets."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.answers import any_matched
from graph.records import native_row
from graph.versioning import network_unchanged


def account_state_tx(tx: ManagedTransaction, *, user_id: str) -> dict[str, Any] | None:
    """What a token is checked against: address, pending address, verification, hash.

    ``email_verified`` is true for accounts created before verification existed (no flag).
    """
    record = tx.run(
        """
        MATCH (u:User {id: $user_id})
        RETURN u.id AS id, u.email AS email, u.name AS name, u.active AS active,
               u.pending_email AS pending_email, u.password_hash AS password_hash,
               coalesce(u.email_verified, true) AS email_verified
        """,
        user_id=user_id,
    ).single()
    return native_row(record)


@network_unchanged
def reset_password_tx(
    tx: ManagedTransaction, *, user_id: str, old_hash: str, password_hash: str
) -> bool:
    """Replace the password if it is still ``old_hash`` (so a reset link works once) and
    end every session; the address is verified too, since the link reached it."""
    return any_matched(
        tx,
        """
        MATCH (u:User {id: $user_id, active: true})
        SET u._lock = true
        REMOVE u._lock
        WITH u WHERE u.password_hash = $old_hash
        SET u.password_hash = $password_hash, u.password_changed_at = datetime(),
            u.email_verified = true
        WITH u
        OPTIONAL MATCH (s:UserSession)-[:OF]->(u) WHERE s.revoked_at IS NULL
        SET s.revoked_at = datetime()
        RETURN count(DISTINCT u) AS n
        """,
        user_id=user_id,
        old_hash=old_hash,
        password_hash=password_hash,
    )


@network_unchanged
def verify_email_tx(tx: ManagedTransaction, *, user_id: str, email: str) -> str:
    """Confirm ``email`` for the user: its current address (``verified``) or the pending
    one, which becomes the address (``changed``); ``stale`` when it is neither.

    A pending address taken meanwhile by another account raises ConstraintError.
    """
    record = tx.run(
        """
        MATCH (u:User {id: $user_id, active: true})
        WITH u, CASE WHEN u.email = $email THEN 'verified'
                     WHEN u.pending_email = $email THEN 'changed' ELSE 'stale' END AS outcome
        FOREACH (_ IN CASE WHEN outcome = 'verified' THEN [1] ELSE [] END |
            SET u.email_verified = true)
        FOREACH (_ IN CASE WHEN outcome = 'changed' THEN [1] ELSE [] END |
            SET u.previous_email = u.email, u.email = $email, u.pending_email = null,
                u.email_verified = true, u.email_changed_at = datetime())
        RETURN outcome
        """,
        user_id=user_id,
        email=email,
    ).single()
    return str(record["outcome"]) if record else "stale"


@network_unchanged
def set_pending_email_tx(tx: ManagedTransaction, *, user_id: str, email: str) -> str:
    """Remember a new address until it is verified; ``taken`` when an account has it."""
    record = tx.run(
        """
        MATCH (u:User {id: $user_id})
        RETURN EXISTS { MATCH (o:User {email: $email}) WHERE o <> u } AS taken,
               u.email = $email AS same
        """,
        user_id=user_id,
        email=email,
    ).single()
    if record is None:
        return "missing"
    if record["taken"]:
        return "taken"
    if record["same"]:
        return "same"
    tx.run(
        "MATCH (u:User {id: $user_id}) SET u.pending_email = $email", user_id=user_id, email=email
    ).consume()
    return "pending"
