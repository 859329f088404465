"""The caller's own API tokens: list them, revoke one (they are created on /account/token-api)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from app.access import current_actor
from app.api.common import Blueprint, documented
from app.api.schemas import PageArgs, TokenPageSchema, paged
from app.extensions import get_graph
from app.services import api_tokens

bp = Blueprint("tokens", __name__, description="Your personal API tokens.")


@bp.route("/tokens")
@bp.arguments(PageArgs, location="query")
@bp.response(200, TokenPageSchema)
@documented(bp)
def list_tokens(args: dict[str, Any]) -> dict[str, Any]:
    """Your tokens, newest first (never the tokens themselves: only their first characters)."""
    return paged(api_tokens.tokens_of(get_graph(), current_user.id), args)


@bp.route("/tokens/<token_id>", methods=["DELETE"])
@bp.response(204)
@documented(bp, 404)
def revoke_token(token_id: str) -> tuple[str, int]:
    """Revoke one of your tokens: it stops working at once (it may be the one in use)."""
    if not api_tokens.revoke_token(
        get_graph(), current_actor(), user_id=current_user.id, token_id=token_id
    ):
        abort(404)
    return "", 204
