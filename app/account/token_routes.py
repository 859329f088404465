"""The user's API tokens: create one (shown once), see them, revoke one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import current_actor
from app.account import bp
from app.account.token_forms import NewTokenForm, RevokeTokenForm
from app.extensions import get_graph
from app.services import api_tokens


def _page(form: NewTokenForm, secret: str | None = None) -> Response:
    """The page, never cached: it may show a token."""
    tokens = api_tokens.tokens_of(get_graph(), current_user.id)
    body = render_template(
        "account/api_tokens.html",
        form=form,
        tokens=tokens,
        secret=secret,
        max_tokens=api_tokens.MAX_TOKENS,
    )
    return Response(body, headers={"Cache-Control": "no-store"})


@bp.route("/token-api", methods=["GET", "POST"])
def api_tokens_page() -> Response:
    """The user's API tokens and a form to create one; a new token is shown once."""
    form = NewTokenForm()
    if form.validate_on_submit():
        try:
            new = api_tokens.create_token(
                get_graph(), current_actor(), user_id=current_user.id, name=form.name.data or ""
            )
        except api_tokens.ApiTokenError as exc:
            form.name.errors = [
                _(
                    "You already have %(count)s tokens: revoke one first.",
                    count=api_tokens.MAX_TOKENS,
                )
                if exc.code == "too_many"
                else _("The token could not be created.")
            ]
        else:
            return _page(NewTokenForm(formdata=None), secret=new.secret)
    return _page(form)


@bp.route("/token-api/revoca", methods=["POST"])
def revoke_api_token() -> Response:
    """Revoke one of the user's tokens: it stops working at once."""
    form = RevokeTokenForm()
    if form.validate_on_submit() and api_tokens.revoke_token(
        get_graph(), current_actor(), user_id=current_user.id, token_id=form.token_id.data or ""
    ):
        flash(_("Token revoked: it no longer works."), "success")
    else:
        flash(_("This token does not exist, or it has already been revoked."), "error")
    return redirect(url_for("account.api_tokens_page"))
