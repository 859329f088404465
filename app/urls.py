"""Helpers for URLs taken from the request (redirect targets)."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """Return ``target`` only if it is a path on this site (no open redirects).

    >>> safe_next("/organizzazioni?page=2")
    '/organizzazioni?page=2'
    >>> safe_next("https://evil.example/") is None
    True
    >>> safe_next("//evil.example/") is None
    True
    >>> safe_next("/\\r\\n//evil.example") is None
    True
    """
    # Control characters would end up in the Location header (Werkzeug refuses them, a
    # 500), and browsers read a backslash as a slash ("/\\evil.example").
    if not target or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
