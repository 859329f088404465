"""Forgotten password (a link by e-mail) and confirmation of e-mail addresses."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import client_address, end_browser_session
from app.account_mails import absolute_url, current_locale, render_mail
from app.auth import bp
from app.auth.recovery_forms import ForgotPasswordForm, ResetPasswordForm
from app.extensions import get_graph
from app.services import accounts, recovery
from app.services.outgoing import OutgoingMail


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _link_mail(template: str, user: dict[str, Any], endpoint: str, token: str) -> OutgoingMail:
    """An account mail to ``user`` carrying a link to ``endpoint``, in the asker's
    language."""
    return render_mail(
        template,
        to=user["email"],
        locale=current_locale(),
        category="account",
        email=user["email"],
        link=absolute_url(endpoint, token=token),
    )


def reset_mail(user: dict[str, Any], token: str) -> OutgoingMail:
    """The mail carrying a reset link, in the asker's language."""
    return _link_mail("reset", user, "auth.reset_password", token)


def verification_mail(user: dict[str, Any], token: str) -> OutgoingMail:
    """The mail carrying a link that confirms ``user["email"]``."""
    return _link_mail("verify", user, "auth.verify_email", token)


@bp.route("/password/dimenticata", methods=["GET", "POST"])
def forgot_password() -> Response | str:
    """Ask for a reset link; the answer does not tell whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if not recovery.request_reset(
            get_graph(),
            secret=_secret(),
            email=form.email.data or "",
            address=client_address(),
            make_mail=reset_mail,
        ):
            abort(429)
        flash(
            _(
                "If an account uses this address, a link to choose a new password is on its "
                "way. It is valid for one hour."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/nuova/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Response | tuple[str, int] | str:
    """Choose a new password through a reset link (valid one hour, once)."""
    graph = get_graph()
    account = recovery.reset_account(graph, secret=_secret(), token=token)
    if account is None:
        return render_template("auth/link_invalid.html", reset=True), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            done = recovery.complete_reset(
                graph,
                secret=_secret(),
                token=token,
                password=form.password.data or "",
                address=client_address(),
            )
        except accounts.AccountError:
            form.password.errors.append(_("The password is too short."))
        else:
            if not done:
                return render_template("auth/link_invalid.html", reset=True), 400
            if current_user.is_authenticated:
                end_browser_session()
            flash(_("Password changed. Log in with the new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, email=account["email"])


@bp.route("/email/conferma/<token>")
def verify_email(token: str) -> Response | tuple[str, int]:
    """Follow a confirmation link (works without logging in)."""
    outcome = recovery.verify(get_graph(), secret=_secret(), token=token, address=client_address())
    if outcome == "verified":
        flash(_("Thank you: your e-mail address is confirmed."), "success")
    elif outcome == "changed":
        flash(_("Your new e-mail address is confirmed: use it to log in."), "success")
    elif outcome == "taken":
        flash(_("Another account uses this address meanwhile: it cannot be yours."), "error")
    else:
        return render_template("auth/link_invalid.html"), 400
    return redirect(
        url_for("account.index") if current_user.is_authenticated else url_for("auth.login")
    )
