"""Personal API tokens: created and revoked by their user, each standing for that user.

A token is ``wcr_`` plus 43 random URL-safe characters (256 bits). Only its SHA-256 hash
is stored, with a short prefix to recognise it by, a name, and when it was created and
last used; the token itself is shown once, when it is created. A revoked token is deleted,
so it stops working at the next request; so do the tokens of an erased or deactivated user.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from app.services import audit
from app.services.accounts import CurrentUser, current_user_from
from app.services.errors import CodedError
from graph import api_token_repo as repo
from graph.api_token_records import ApiTokenInfo
from graph.driver import Graph
from graph.errors import Conflict

TOKEN_MARK: Final = "wcr_"
#: Characters of the token kept to recognise it by (the mark and 8 random ones).
PREFIX_LENGTH: Final = 12
MAX_TOKENS: Final = 10
MAX_NAME: Final = 80
#: ``last_used_at`` is written at most this often per token (it costs a write).
TOUCH_INTERVAL: Final = timedelta(minutes=1)


class ApiTokenError(CodedError):
    """A refused step: ``name`` (empty or too long), ``too_many`` or ``missing``."""


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is the token itself, shown to its user once."""

    secret: str
    token: ApiTokenInfo


def hash_token(secret: str) -> str:
    """The stored form of a token.

    >>> len(hash_token("wcr_abc")), hash_token("wcr_abc") == hash_token("wcr_abc")
    (64, True)
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    graph: Graph, actor: audit.Actor, *, user_id: str, name: str, now: datetime | None = None
) -> NewToken:
    """Create a token for ``user_id`` named ``name``; raises ApiTokenError."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise ApiTokenError("name")
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    token_id, prefix, created_at = str(uuid.uuid4()), secret[:PREFIX_LENGTH], now or _now()
    token = {
        "id": token_id,
        "hash": hash_token(secret),
        "prefix": prefix,
        "name": name,
        "created_at": created_at,
    }
    try:
        outcome = graph.write(
            repo.create_token_tx, user_id=user_id, token=token, max_tokens=MAX_TOKENS
        )
    except Conflict:  # two equal random tokens: practically impossible, refuse anyway
        outcome = "missing"
    if outcome != "created":
        raise ApiTokenError(outcome)
    audit.record(
        graph,
        actor,
        "api_token_created",
        target_type="api_token",
        target_id=token_id,
        details={"prefix": prefix, "name": name},
    )
    return NewToken(secret, ApiTokenInfo(token_id, name, prefix, created_at))


def tokens_of(graph: Graph, user_id: str) -> list[ApiTokenInfo]:
    """The user's tokens (id, name, prefix, created_at, last_used_at), newest first."""
    return graph.read(repo.tokens_of_tx, user_id=user_id)


def revoke_token(graph: Graph, actor: audit.Actor, *, user_id: str, token_id: str) -> bool:
    """Revoke one of the user's tokens at once; False when the user has no such token."""
    revoked = graph.write(repo.revoke_token_tx, user_id=user_id, token_id=token_id)
    if revoked is None:
        return False
    audit.record(
        graph,
        actor,
        "api_token_revoked",
        target_type="api_token",
        target_id=token_id,
        details={"prefix": revoked.prefix},
    )
    return True


def user_for_token(graph: Graph, secret: str, *, now: datetime | None = None) -> CurrentUser | None:
    """The user a request's token stands for, or None (unknown, revoked, user inactive)."""
    if not secret.startswith(TOKEN_MARK) or len(secret) > 200:
        return None
    data = graph.read(repo.user_for_token_tx, token_hash=hash_token(secret))
    if data is None:
        return None
    now = now or _now()
    last = data["last_used_at"]
    if last is None or now - last >= TOUCH_INTERVAL:
        graph.write(repo.touch_token_tx, token_id=data["token_id"], now=now)
    return current_user_from(data, "")


def _now() -> datetime:
    return datetime.now(UTC)
