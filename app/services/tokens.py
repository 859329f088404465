"""Signed, time-limited tokens for links sent by e-mail (reset, verification, claims).

A token is an itsdangerous signature over a small payload, salted by purpose so a token
made for one purpose is refused for another. Nothing is stored: single use comes from
what the payload binds to (the password hash, the address to verify, the organisation
still unclaimed), checked when the token is used.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

RESET: Final = "password-reset"
VERIFY: Final = "verify-email"
CLAIM: Final = "claim-organization"
#: How long each kind of link stays valid, in seconds.
MAX_AGE: Final[dict[str, int]] = {RESET: 3600, VERIFY: 7 * 24 * 3600, CLAIM: 30 * 24 * 3600}


def make(secret: str, purpose: str, payload: dict[str, Any]) -> str:
    """A URL-safe token carrying ``payload`` for ``purpose``."""
    return URLSafeTimedSerializer(secret, salt=purpose).dumps(payload)


def read(
    secret: str,
    purpose: str,
    token: str,
    *,
    max_age: int | None = None,
) -> dict[str, Any] | None:
    """The payload of a valid token for ``purpose`` younger than its maximum age, or None.

    >>> t = make("k", RESET, {"uid": "u1"})
    >>> read("k", RESET, t), read("k", VERIFY, t), read("other", RESET, t)
    ({'uid': 'u1'}, None, None)
    """
    serializer = URLSafeTimedSerializer(secret, salt=purpose)
    try:
        payload = serializer.loads(token, max_age=max_age or MAX_AGE[purpose])
    except (SignatureExpired, BadSignature):
        return None
    return payload if isinstance(payload, dict) else None


def fingerprint(value: str) -> str:
    """A short digest of a secret (the password hash), so a token can be bound to it
    without carrying it.

    >>> len(fingerprint("$argon2id$..."))
    16
    """
    return hashlib.sha256(value.encode()).hexdigest()[:16]
