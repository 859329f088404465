"""Log in (throttled), log out, register, change password."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from app.access import client_address, end_browser_session
from app.auth import bp
from app.auth.forms import ChangePasswordForm, LoginForm, RegisterForm
from app.auth.recovery_routes import verification_mail
from app.extensions import get_graph
from app.services import accounts, recovery
from app.urls import safe_next


def _account_error_message(code: str) -> str:
    return {
        "wrong_password": _("The current password is not correct."),
        "password_too_short": _("The password is too short."),
    }.get(code, _("The operation could not be completed."))


@bp.route("/accedi", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    """Log in with e-mail and password; 10 failures a minute lock the account and address."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        graph = get_graph()
        outcome, user = accounts.authenticate(
            graph, form.email.data or "", form.password.data or "", client_address()
        )
        if outcome is accounts.LoginOutcome.THROTTLED:
            abort(429)
        if user is None:
            form.password.errors.append(_("E-mail or password not correct."))
            return render_template("auth/login.html", form=form), 200
        token = accounts.open_session(graph, user["id"], user["email"], client_address())
        lang = session.get("lang")
        session.clear()  # a fresh session at login: nothing carried over from before
        if lang:
            session["lang"] = lang
        loaded = accounts.load_session_user(graph, token)
        if loaded is None:
            abort(503)
        login_user(loaded, remember=bool(form.remember.data))
        flash(_("Welcome, %(name)s.", name=loaded.name), "success")
        return redirect(safe_next(request.args.get("next")) or url_for("account.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/esci", methods=["POST"])
def logout() -> Response:
    """Log out: the session is revoked on the server, so a copied cookie stops working."""
    accounts.close_session(get_graph(), current_user, client_address())
    end_browser_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/registrati", methods=["GET", "POST"])
def register() -> Response | str:
    """Create an account (its address to confirm); acting for an organisation comes after."""
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        graph = get_graph()
        try:
            user_id = accounts.register(
                graph,
                email=form.email.data or "",
                name=form.name.data or "",
                password=form.password.data or "",
                address=client_address(),
            )
        except accounts.AccountError as exc:
            if exc.code == "throttled":
                abort(429)
            form.email.errors.append(_account_error_message(exc.code))
        else:
            # The same answer whether or not the address already had an account, so
            # registration does not tell who is registered (audit finding 6).
            if user_id is not None:
                recovery.send_verification(
                    graph,
                    secret=current_app.config["SECRET_KEY"],
                    user_id=user_id,
                    email=form.email.data or "",
                    make_mail=verification_mail,
                )
            flash(
                _(
                    "Registration received. If this address had no account, it has one now: "
                    "log in, and confirm the address with the link we sent. If it already "
                    "had one, log in with its password."
                ),
                "success",
            )
            next_url = safe_next(request.args.get("next"))
            return redirect(
                url_for("auth.login", next=next_url) if next_url else url_for("auth.login")
            )
    return render_template("auth/register.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
def change_password() -> Response | str:
    """Change the password; every other session of the account is ended."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                get_graph(),
                current_user,
                form.current.data or "",
                form.password.data or "",
                client_address(),
            )
        except accounts.AccountError as exc:
            if exc.code == "throttled":
                abort(429)
            form.current.errors.append(_account_error_message(exc.code))
        else:
            flash(
                _(
                    "Password changed. Other sessions have been logged out and your API "
                    "tokens revoked."
                ),
                "success",
            )
            return redirect(url_for("account.index"))
    return render_template("auth/change_password.html", form=form)
