"""Why a step of the partnership workflow was refused, in words (pages and API)."""

from __future__ import annotations

from typing import Final

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

REFUSALS: Final[dict[str, LazyString]] = {
    "self": _l("An organisation cannot be its own partner."),
    "type": _l("Choose a kind of partnership."),
    "message_too_long": _l("The message is too long."),
    "missing": _l("One of the organisations no longer exists."),
    "partners": _l("The two organisations are already partners."),
    "pending": _l("A request between these two organisations is already waiting for an answer."),
    "closed": _l("This request is no longer waiting for an answer."),
    "action": _l("Unknown answer."),
    "ended_before": _l("This partnership already has an end date."),
    "before_start": _l("The end date cannot precede the start of the partnership."),
    "date": _l("Enter a valid end date."),
}


def refusal(code: str) -> str:
    """The user's-language sentence for a refused step."""
    return str(REFUSALS.get(code, _l("The operation could not be completed.")))
