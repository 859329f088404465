"""The partnership pages' wording: outcomes, request statuses, and the helpers their
templates use (refusals in app/wording/partnerships.py, reasons in app/wording/reasons.py)."""

from __future__ import annotations

from typing import Any, Final

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from app.wording.reasons import reason_text

DONE: Final[dict[str, LazyString]] = {
    "accepted": _l("Request accepted: the partnership is recorded."),
    "declined": _l("Request declined."),
    "withdrawn": _l("Request withdrawn."),
}
STATUS_LABELS: Final[dict[str, LazyString]] = {
    "pending": _l("Waiting"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "expired": _l("Expired"),
}


def template_helpers() -> dict[str, Any]:
    """Values for the partnership blueprint's ``context_processor``."""
    return {"reason_text": reason_text}
