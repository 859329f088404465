"""API tokens: ``(:ApiToken)-[:OF]->(:User)``, stored as a hash; created, listed, revoked, used."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.answers import count_of
from graph.api_token_records import ApiTokenInfo
from graph.records import native
from graph.versioning import network_unchanged

#: What a listing shows of a token (never its hash).
_TOKEN_FIELDS = "t {.id, .name, .prefix, .created_at, .last_used_at}"


@network_unchanged
def create_token_tx(
    tx: ManagedTransaction, *, user_id: str, token: dict[str, Any], max_tokens: int
) -> str:
    """Give an active user a new token: ``created``, ``missing`` (no such active user) or
    ``too_many`` (the user already holds ``max_tokens``). The hash is unique by constraint."""
    record = tx.run(
        """
        MATCH (u:User {id: $user_id, active: true})
        SET u._lock = true
        REMOVE u._lock
        RETURN COUNT { (:ApiToken)-[:OF]->(u) } AS held
        """,
        user_id=user_id,
    ).single()
    if record is None:
        return "missing"
    if int(record["held"]) >= max_tokens:
        return "too_many"
    tx.run(
        """
        MATCH (u:User {id: $user_id})
        CREATE (t:ApiToken {id: $token.id, hash: $token.hash, prefix: $token.prefix,
                            name: $token.name, created_at: $token.created_at})
        CREATE (t)-[:OF]->(u)
        """,
        user_id=user_id,
        token=token,
    ).consume()
    return "created"


def tokens_of_tx(tx: ManagedTransaction, *, user_id: str) -> list[ApiTokenInfo]:
    """A user's tokens, newest first."""
    result = tx.run(
        "MATCH (t:ApiToken)-[:OF]->(:User {id: $user_id}) "
        f"RETURN {_TOKEN_FIELDS} AS token ORDER BY t.created_at DESC, t.id",
        user_id=user_id,
    )
    return [ApiTokenInfo.from_record(record["token"]) for record in result]


@network_unchanged
def revoke_token_tx(tx: ManagedTransaction, *, user_id: str, token_id: str) -> ApiTokenInfo | None:
    """Delete one of the user's tokens; returns what it was, or None when the user has no
    such token."""
    record = tx.run(
        f"""
        MATCH (t:ApiToken {{id: $token_id}})-[:OF]->(:User {{id: $user_id}})
        WITH t, {_TOKEN_FIELDS} AS token
        DETACH DELETE t
        RETURN token
        """,
        user_id=user_id,
        token_id=token_id,
    ).single()
    return ApiTokenInfo.from_record(record["token"]) if record else None


@network_unchanged
def revoke_all_tokens_tx(tx: ManagedTransaction, *, user_id: str) -> int:
    """Delete every API token of a user (after a password change); how many there were."""
    return count_of(
        tx,
        "MATCH (t:ApiToken)-[:OF]->(:User {id: $user_id}) "
        "WITH collect(t) AS tokens FOREACH (t IN tokens | DETACH DELETE t) "
        "RETURN size(tokens) AS n",
        user_id=user_id,
    )


def user_for_token_tx(tx: ManagedTransaction, *, token_hash: str) -> dict[str, Any] | None:
    """The active user holding the token with this hash, with what they act for, and the
    token's id and last use; None for an unknown hash or an inactive (erased) user."""
    record = tx.run(
        """
        MATCH (t:ApiToken {hash: $token_hash})-[:OF]->(u:User {active: true})
        RETURN u {.id, .email, .name, .role, .privacy_version} AS user,
               [(u)-[:ACTS_FOR]->(o:Organization) | o {.id, .name, .kind}] AS organizations,
               [(u)-[:LEADS]->(d:District) | d {.code, .name}] AS districts,
               t.id AS token_id, t.last_used_at AS last_used_at
        """,
        token_hash=token_hash,
    ).single()
    if record is None:
        return None
    return native(record.data())


@network_unchanged
def touch_token_tx(tx: ManagedTransaction, *, token_id: str, now: datetime) -> None:
    """Record when a token was last used."""
    tx.run(
        "MATCH (t:ApiToken {id: $token_id}) SET t.last_used_at = $now",
        token_id=token_id,
        now=now,
    ).consume()
