"""Who makes an API request: the user of its bearer token. Session cookies do not count."""

from __future__ import annotations

from typing import Any

from flask import abort, g, request

from app.access import login_manager
from app.extensions import get_graph
from app.services import api_tokens


def bearer_token() -> str | None:
    """The token of ``Authorization: Bearer <token>``, or None."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def authenticate(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Make the token's user flask-login's current user for this request: anonymous
    without a token, whatever the cookies say; 401 for a token that is not (or no longer)
    valid, even where no token is needed.

    Registered as the API blueprint's URL-value preprocessor: those run before every
    before-request hook, so app.access applies the policy to this user.
    """
    g._login_user = login_manager.anonymous_user()
    secret = bearer_token()
    if secret is None and "Authorization" not in request.headers:
        return
    user = api_tokens.user_for_token(get_graph(), secret) if secret else None
    if user is None:
        g.api_token_rejected = True
        abort(401)
    g._login_user = user
