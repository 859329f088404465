"""The claim link: see the organisation, log in or register, claim it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import current_actor
from app.claims import bp
from app.extensions import get_graph
from app.services import claims


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.route("/rivendica/<token>")
def claim_page(token: str) -> tuple[str, int] | str:
    """What the claim link shows: the organisation and the way to claim it."""
    org = claims.target(get_graph(), secret=_secret(), token=token)
    if org is None:
        return render_template("auth/link_invalid.html"), 400
    member = current_user.is_authenticated and org["id"] in current_user.organization_ids
    return render_template(
        "claims/claim.html",
        org=org,
        token=token,
        member=member,
        mode=current_app.config["CLAIM_APPROVAL"],
    )


@bp.route("/rivendica/<token>", methods=["POST"])
def submit_claim(token: str) -> Response | tuple[str, int]:
    """Claim the organisation of the link for the logged-in user."""
    graph = get_graph()
    org = claims.target(graph, secret=_secret(), token=token)
    if org is None:
        return render_template("auth/link_invalid.html"), 400
    outcome = claims.submit(
        graph,
        current_actor(),
        user=current_user,
        org=org,
        mode=current_app.config["CLAIM_APPROVAL"],
        queue_link=url_for("admin.requests_queue"),
    )
    messages = {
        "created": (_("Claim sent: an administrator will check it and let you know."), "success"),
        "approved": (_("You now act for %(name)s.", name=org["name"]), "success"),
        "pending": (_("A request for this organisation is already waiting."), "info"),
        "member": (_("You already act for this organisation."), "info"),
        "claimed": (
            _("Someone already acts for this organisation: ask them to let you join."),
            "info",
        ),
        "unverified": (
            _(
                "Confirm your e-mail address first: follow the link we sent you, or "
                "ask for a new one on your account page."
            ),
            "error",
        ),
    }
    text, category = messages.get(outcome, (_("The operation could not be completed."), "error"))
    flash(text, category)
    if outcome == "approved":
        return redirect(url_for("account.index"))
    return redirect(url_for("claims.claim_page", token=token))
