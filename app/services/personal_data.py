"""Data protection: a user's data export, erasure on request, consent to the privacy notice."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from app.services import audit
from app.services.accounts import PRIVACY_NOTICE_VERSION, CurrentUser, password_matches
from graph.driver import Graph
from graph.personal_data_repo import accept_privacy_tx, erase_user_tx, personal_data_tx

#: Bump with PRIVACY_NOTICE_VERSION when the notice changes; users are asked again.
CURRENT_VERSION = PRIVACY_NOTICE_VERSION


class ErasureRefused(Exception):
    """The password given to confirm the erasure is not the user's."""


def pseudonym(secret_key: str, user_id: str) -> str:
    """A stable stand-in for an erased user: the same person always gets the same one.

    >>> pseudonym("k", "u1") == pseudonym("k", "u1") != pseudonym("k", "u2")
    True
    """
    digest = hmac.new(secret_key.encode(), user_id.encode(), hashlib.sha256).hexdigest()
    return f"erased-{digest[:24]}"


def export(graph: Graph, user: CurrentUser) -> dict[str, Any]:
    """Every personal datum held on ``user``, ready for JSON (the password hash excepted)."""
    data = graph.read(personal_data_tx, user_id=user.id) or {}
    audit.record_own(graph, user, None, "personal_data_export")
    return {"privacy_notice_version": CURRENT_VERSION, **data}


def erase(
    graph: Graph, user: CurrentUser, password: str, *, secret_key: str, address: str | None = None
) -> str:
    """Erase the user after checking the password; returns the pseudonym left behind.

    The password check is throttled like a login (AccountError('throttled')).
    """
    if not password_matches(graph, user.email, password, address):
        audit.record_own(graph, user, None, "erasure", outcome="failed")
        raise ErasureRefused
    alias = pseudonym(secret_key, user.id)
    graph.write(erase_user_tx, user_id=user.id, pseudonym=alias)
    audit.record(graph, audit.Actor(alias), "erasure", target_type="user", target_id=alias)
    return alias


def needs_consent(user: CurrentUser) -> bool:
    """True when the user has not accepted the current version of the privacy notice."""
    return user.privacy_version != CURRENT_VERSION


def accept(graph: Graph, user: CurrentUser, address: str | None) -> None:
    """Record the user's acceptance of the current privacy notice."""
    graph.write(accept_privacy_tx, user_id=user.id, version=CURRENT_VERSION)
    audit.record_own(graph, user, address, "privacy_accepted", details={"version": CURRENT_VERSION})
