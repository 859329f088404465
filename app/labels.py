"""Translated labels for the model's codes (kinds, sectors, partnership types, statuses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

KIND_LABELS: dict[str, LazyString] = {
    "District": _l("Social Cohesion District"),
    "PublicBody": _l("Public body"),
    "ThirdSector": _l("Third-sector organisation"),
    "SME": _l("SME"),
    "Foundation": _l("Foundation"),
}
KIND_PLURALS: dict[str, LazyString] = {
    "District": _l("Districts"),
    "PublicBody": _l("Public bodies"),
    "ThirdSector": _l("Third sector"),
    "SME": _l("SMEs"),
    "Foundation": _l("Foundations"),
}
SECTOR_LABELS: dict[str, LazyString] = {
    "public": _l("Public administration"),
    "business": _l("Business"),
    "civil": _l("Civil society"),
}
PARTNERSHIP_TYPE_LABELS: dict[str, LazyString] = {
    "formal_agreement": _l("Formal agreement"),
    "joint_project": _l("Joint project"),
    "subsidiarity_pact": _l("Circular-subsidiarity pact"),
    "informal": _l("Informal collaboration"),
}
SIZE_LABELS: dict[str, LazyString] = {
    "micro": _l("Micro enterprise"),
    "small": _l("Small enterprise"),
    "medium": _l("Medium enterprise"),
}
CONSORTIUM_STATUS_LABELS: dict[str, LazyString] = {
    "draft": _l("Draft"),
    "preliminary": _l("Preliminary proposal"),
    "executive": _l("Executive project"),
    "submitted": _l("Submitted"),
    "funded": _l("Funded"),
    "not_funded": _l("Not funded"),
    "closed": _l("Closed"),
}
#: Where a call stands (app.services.calls.call_status); bando is masculine in Italian.
CALL_STATUS_LABELS: dict[str, LazyString] = {
    "upcoming": _l("Upcoming"),
    "open": _l("Open"),
    "closing": _l("Closing soon"),
    "closed": _l("Closed"),
}
ROLE_LABELS: dict[str, LazyString] = {
    "lead": _l("Lead"),
    "partner": _l("Partner"),
    "associate": _l("Associate"),
}
CAPABILITY_LABELS: dict[str, LazyString] = {
    "accompaniment": _l("Accompanying social-innovation processes"),
    "service_delivery": _l("Delivery of social services"),
    "training": _l("Training"),
    "communication": _l("Communication"),
    "digital": _l("Digital services"),
    "grant_making": _l("Grant making"),
    "research": _l("Research and evaluation"),
}
ROLE_NAMES: dict[str, LazyString] = {
    "member": _l("Organisation member"),
    "district_lead": _l("District lead"),
    "staff": _l("Regional staff"),
    "admin": _l("Administrator"),
}
#: Status of a mail in the outbox (app/notifications/outbox_routes.py).
MAIL_STATUS_LABELS: dict[str, LazyString] = {
    "pending": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "local": _l("Kept here (no SMTP server)"),
    "failed": _l("Given up"),
}
