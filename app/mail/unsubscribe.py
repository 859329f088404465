"""Signed one-click unsubscribe tokens: who, and from which group of mails (``*``: all).

The token is signed with the SECRET_KEY, so the link works without logging in and cannot
be forged for someone else; it never expires (RFC 8058 links must keep working).
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "wecare.mail.unsubscribe"
ALL_GROUPS = "*"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def make_token(user_id: str, group: str) -> str:
    """The token that unsubscribes ``user_id`` from ``group``."""
    return str(_serializer().dumps({"u": user_id, "g": group}))


def read_token(token: str) -> tuple[str, str] | None:
    """(user id, group) of a valid token, or None."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), str):
        return None
    group = data.get("g")
    return data["u"], str(group) if isinstance(group, str) else ALL_GROUPS
