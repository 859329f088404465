"""The user's data-protection pages: export of their data, erasure, consent to the notice."""

from __future__ import annotations

import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import client_address, end_browser_session
from app.account import bp
from app.account.privacy_forms import ConsentForm, EraseForm
from app.extensions import get_graph
from app.services import accounts
from app.services import personal_data as personal_data_module
from app.urls import safe_next


@bp.route("/dati")
def personal_data_page() -> str:
    """What the user can do with their data: download it, or ask for erasure."""
    return render_template("account/personal_data.html", form=EraseForm())


@bp.route("/dati.json")
def personal_data() -> Response:
    """Download every personal datum held on the user, as JSON."""
    data = personal_data_module.export(get_graph(), current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": "attachment; filename=wecare-personal-data.json",
            "Cache-Control": "no-store",
        },
    )


@bp.route("/dati/cancella", methods=["POST"])
def erase() -> Response | str | tuple[str, int]:
    """Erase the account after the password is confirmed; the user is logged out."""
    form = EraseForm()
    if not form.validate_on_submit():
        return render_template("account/personal_data.html", form=form), 400
    try:
        personal_data_module.erase(
            get_graph(),
            current_user,
            form.password.data or "",
            secret_key=current_app.config["SECRET_KEY"],
            address=client_address(),
        )
    except accounts.AccountError:  # too many wrong passwords
        abort(429)
    except personal_data_module.ErasureRefused:
        form.password.errors = [_("The password is not correct.")]
        return render_template("account/personal_data.html", form=form), 400
    end_browser_session()
    flash(_("Your account and personal data have been erased."), "info")
    return redirect(url_for("main.index"))


@bp.route("/privacy", methods=["GET", "POST"])
def privacy_consent() -> Response | str:
    """Ask the user to accept the current version of the privacy notice."""
    form = ConsentForm()
    if form.validate_on_submit():
        personal_data_module.accept(get_graph(), current_user, client_address())
        flash(_("Thank you: your consent has been recorded."), "success")
        return redirect(safe_next(request.args.get("next")) or url_for("account.index"))
    return render_template(
        "account/privacy_consent.html",
        form=form,
        version=personal_data_module.CURRENT_VERSION,
        accepted=current_user.privacy_version,
    )
