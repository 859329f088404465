"""The privacy notice page and the before-request check for consent to its version."""

from __future__ import annotations

from flask import Flask, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.privacy import bp
from app.services import personal_data

#: Pages a user who has not accepted the current notice may still reach.
EXEMPT_ENDPOINTS = frozenset(
    {
        "static",
        "health.health",
        "auth.logout",
        "privacy.notice",
        "account.privacy_consent",
        "account.personal_data_page",
        "account.personal_data",
        "account.erase",
    }
)


@bp.route("/privacy")
def notice() -> str:
    """What personal data the platform processes, why, for how long, and the user's rights."""
    return render_template(
        "privacy/notice.html",
        version=personal_data.CURRENT_VERSION,
        contact=current_app.config.get("PRIVACY_CONTACT", ""),
    )


def require_consent() -> Response | None:
    """Send a logged-in user who has not accepted the current notice to the consent page."""
    if not current_app.config.get("PRIVACY_CONSENT_CHECK", True):
        return None
    endpoint = request.endpoint or ""
    if endpoint in EXEMPT_ENDPOINTS or endpoint.startswith("api"):
        return None
    if current_user.is_authenticated and personal_data.needs_consent(current_user):
        return redirect(url_for("account.privacy_consent", next=request.full_path.rstrip("?")))
    return None


def init_privacy(app: Flask) -> None:
    """Register the consent gate (after the access policy, which runs first)."""
    app.before_request(require_consent)
