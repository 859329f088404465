"""A consortium's suggested partners a page at a time, with dismiss, keep and undo."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app.acting import consortium_or_404
from app.consortia import bp
from app.extensions import get_graph
from app.partnerships.feedback import (
    PER_PAGE,
    apply_feedback,
    back_to_suggestions,
    dismissed_notice,
    page_arg,
    page_values,
)
from app.services import suggestion_feedback as feedback_service


@bp.route("/<consortium_id>/suggerimenti")
def suggestions(consortium_id: str) -> str:
    """Partners suggested for a consortium one manages, its gaps first; the shortlist and
    the dismissed ones below."""
    view = consortium_or_404(consortium_id, manage=True)
    page, beyond = page_arg(request.args.get("page"))
    found = feedback_service.suggestions_page(
        get_graph(), "consortium", view.id, page=page, per_page=PER_PAGE
    )
    return render_template("consortia/suggestions.html", view=view, **page_values(found, beyond))


@bp.route("/<consortium_id>/suggerimenti", methods=["POST"])
def suggestion_feedback(consortium_id: str) -> Response:
    """Dismiss, keep, restore or take off the shortlist a suggestion for the consortium,
    then back to the page it came from (the suggestions, or the consortium's gaps)."""
    view = consortium_or_404(consortium_id, manage=True)
    action, candidate = apply_feedback("consortium", view.id)
    notice = dismissed_notice(action, candidate)
    if request.form.get("ritorno") == "scheda":
        return redirect(
            url_for("consortia.detail", consortium_id=view.id, **notice, _anchor="gaps-h")
        )
    return back_to_suggestions("consortia.suggestions", action, candidate, consortium_id=view.id)
