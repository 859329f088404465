"""The account's e-mail address: send the confirmation link again, change the address.

An account whose address is not confirmed may log in and read, but may not ask to act
for an organisation (join request, claim, proposal): ``verified_or_redirect`` guards those.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import client_address
from app.account import bp
from app.auth.recovery_forms import ChangeEmailForm
from app.auth.recovery_routes import verification_mail
from app.extensions import get_graph
from app.services import recovery


def verified_or_redirect() -> Response | None:
    """None for a confirmed address; otherwise a message and a way back to the account."""
    if current_user.email_verified:
        return None
    flash(
        _(
            "Confirm your e-mail address first: follow the link we sent you, or ask for a "
            "new one on this page."
        ),
        "error",
    )
    return redirect(url_for("account.index"))


@bp.route("/indirizzo/conferma", methods=["POST"])
def resend_verification() -> Response:
    """Send the confirmation link again (to the new address, if a change is waiting)."""
    if current_user.email_verified and not current_user.pending_email:
        flash(_("Your e-mail address is already confirmed."), "info")
        return redirect(url_for("account.index"))
    if not recovery.resend_verification(
        get_graph(),
        secret=current_app.config["SECRET_KEY"],
        user=current_user,
        address=client_address(),
        make_mail=verification_mail,
    ):
        abort(429)
    flash(_("A new confirmation link is on its way."), "info")
    return redirect(url_for("account.index"))


@bp.route("/indirizzo", methods=["GET", "POST"])
def change_email() -> Response | str:
    """Change the address: the new one takes over once its link is followed."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        outcome = recovery.request_email_change(
            get_graph(),
            secret=current_app.config["SECRET_KEY"],
            user=current_user,
            email=form.email.data or "",
            password=form.current.data or "",
            address=client_address(),
            make_mail=verification_mail,
        )
        if outcome == "throttled":
            abort(429)
        if outcome == "pending":
            flash(
                _(
                    "We sent a link to the new address: it replaces the current one once "
                    "you follow it."
                ),
                "info",
            )
            return redirect(url_for("account.index"))
        errors = {
            "wrong_password": (form.current, _("The current password is not correct.")),
            "taken": (form.email, _("An account with this e-mail already exists.")),
            "same": (form.email, _("This is already your address.")),
        }
        field, message = errors.get(
            outcome, (form.email, _("The operation could not be completed."))
        )
        field.errors = [*field.errors, message]
    return render_template("account/email.html", form=form)
