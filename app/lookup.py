"""Route helper for what a URL names: a thing that is not there is a 404."""

from __future__ import annotations

from typing import TypeVar

from flask import abort

T = TypeVar("T")


def found_or_404(value: T | None) -> T:
    """``value`` itself, or a 404 answer when it is None (nothing by that id or code)."""
    if value is None:
        abort(404)
    return value


__all__ = ["found_or_404"]
