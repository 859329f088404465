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
    """
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
