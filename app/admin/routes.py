"""Users and roles, organisation proposals, audit log."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.access import current_actor
from app.admin import bp
from app.admin.forms import RoleForm
from app.bounds import query_int
from app.extensions import get_graph
from app.services import audit, profiles, users
from app.services import proposals as proposals_service
from app.services.organizations import Page


@bp.route("/")
def index() -> str:
    """Administration home."""
    return render_template("admin/index.html")


@bp.route("/utenti")
def users_page() -> str:
    """All users with their roles."""
    page = query_int("page")
    per_page = current_app.config["PAGE_SIZE"]
    items, total = users.list_users(get_graph(), page=page, per_page=per_page)
    return render_template(
        "admin/users.html", result=Page(items, page, per_page, total), form=RoleForm()
    )


@bp.route("/utenti/<user_id>/ruolo", methods=["POST"])
def set_role(user_id: str) -> Response:
    """Change a user's role and link an organisation or district."""
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, _("Invalid role form."))
    try:
        users.assign_role(
            get_graph(),
            current_actor(),
            user_id,
            form.role.data or "",
            organization=(form.organization.data or "").strip() or None,
            district=(form.district.data or "").strip() or None,
        )
    except users.UserAdminError as exc:
        messages = {
            "unknown_user": _("No such user."),
            "unknown_organization": _("No organisation has this id."),
            "unknown_district": _("No district has this code."),
        }
        flash(messages.get(exc.code, _("The role could not be changed.")), "error")
    else:
        flash(_("Role saved."), "success")
    return redirect(url_for("admin.users_page"))


@bp.route("/proposte")
def proposals() -> str:
    """Organisations proposed by users, waiting for a decision."""
    return render_template(
        "admin/proposals.html", proposals=proposals_service.review_queue(get_graph())
    )


@bp.route("/proposte/<proposal_id>", methods=["POST"])
def decide_proposal(proposal_id: str) -> Response:
    """Approve or decline a proposed organisation."""
    approve = request.form.get("decision") == "approve"
    try:
        org_id = profiles.decide_proposal(get_graph(), current_actor(), proposal_id, approve)
    except profiles.ProfileError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(_("Another organisation already has this tax code."), "error")
        return redirect(url_for("admin.proposals"))
    if org_id:
        flash(_("Organisation created."), "success")
        return redirect(url_for("organizations.detail", org_id=org_id))
    flash(_("Proposal declined."), "info")
    return redirect(url_for("admin.proposals"))


@bp.route("/registro")
def audit_log() -> str:
    """The audit log, newest first."""
    page = query_int("page")
    action = request.args.get("action") or None
    per_page = 50
    items, total = audit.events(get_graph(), page=page, per_page=per_page, action=action)
    return render_template(
        "admin/audit.html", result=Page(items, page, per_page, total), action=action
    )
