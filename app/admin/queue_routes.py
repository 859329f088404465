"""One queue of join requests and claims across all organisations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.access import current_actor
from app.admin import bp
from app.extensions import get_graph
from app.services import claims


@bp.route("/richieste")
def requests_queue() -> str:
    """Every pending join request and claim, oldest first."""
    items, total = claims.queue(get_graph())
    return render_template(
        "admin/requests.html", items=items, total=total, domain_matches=claims.domain_matches
    )


@bp.route("/richieste/<request_id>", methods=["POST"])
def decide_request(request_id: str) -> Response:
    """Approve or decline one join request or claim."""
    approve = request.form.get("decision") == "approve"
    if not claims.decide(get_graph(), current_actor(), request_id, approve):
        abort(404)
    flash(_("Request approved.") if approve else _("Request declined."), "success")
    return redirect(url_for("admin.requests_queue"))
