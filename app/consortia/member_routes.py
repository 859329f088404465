"""Members of a consortium: invite, withdraw, answer an invitation, budget lines, remove."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import policy
from app.access import current_actor, deny
from app.acting import consortium_or_404
from app.consortia import bp
from app.consortia.forms import BudgetForm, InviteForm, fill_lines
from app.consortia.presenting import answer_message, refusal
from app.extensions import get_graph
from app.lookup import found_or_404
from app.mail.claim import claim_mail
from app.services import commitments, consortia, invitations, memberships, organizations


@bp.route("/<consortium_id>/invita", methods=["GET", "POST"])
def invite(consortium_id: str) -> Response | str:
    """Find an organisation and invite it with a role and budget lines."""
    view = consortium_or_404(consortium_id, manage=True)
    graph = get_graph()
    form = InviteForm(org_id=request.args.get("org_id"), role=request.args.get("role"))
    profile = organizations.organization_profile(graph, form.org_id.data or "")
    org = profile.organization if profile else None
    if form.validate_on_submit() and org is not None:
        try:
            invitations.invite(
                graph,
                current_actor(),
                view,
                org=org,
                role=form.role.data or "",
                lines=form.budget_lines(),
                days=current_app.config["INVITATION_DAYS"],
                claim_mail=claim_mail(
                    org.id,
                    event="invitation",
                    sender=view.lead.name if view.lead else "",
                    title=str(view.consortium.title),
                ),
            )
        except consortia.ConsortiumError as exc:
            form.role.errors = [*form.role.errors, refusal(exc)]
        else:
            flash(_("Invitation sent to %(name)s.", name=org.name), "success")
            return redirect(url_for("consortia.detail", consortium_id=consortium_id))
    query = request.args.get("q", "")
    limit = current_app.config["MAX_BIDS_PER_CALL"]
    over = commitments.for_invitee(graph, view, org.id, limit=limit) if org else None
    return render_template(
        "consortia/invite.html",
        view=view,
        form=form,
        org=org,
        query=query,
        matches=memberships.find_organizations(graph, query),
        over=over,
        bid_limit=limit,
    )


@bp.route("/<consortium_id>/inviti/<invitation_id>/ritira", methods=["POST"])
def withdraw_invitation(consortium_id: str, invitation_id: str) -> Response:
    """Withdraw a pending invitation."""
    consortium_or_404(consortium_id, manage=True)
    if not invitations.withdraw(get_graph(), current_actor(), consortium_id, invitation_id):
        abort(404)
    flash(_("Invitation withdrawn."), "info")
    return redirect(url_for("consortia.detail", consortium_id=consortium_id))


@bp.route("/inviti/<invitation_id>", methods=["POST"])
def answer_invitation(invitation_id: str) -> Response:
    """Accept or decline an invitation on behalf of the invited organisation."""
    graph = get_graph()
    invitation = found_or_404(invitations.get_invitation(graph, invitation_id))
    if not policy.can_answer_invitation(
        current_user, invitation.org_id, invitation.org_kind, invitation.org_code
    ):
        deny(
            "not a member of the invited organisation",
            target_type="invitation",
            target_id=invitation_id,
        )
    accept = request.form.get("answer") == "accept"
    text, category = answer_message(invitations.answer(graph, current_actor(), invitation, accept))
    flash(text, category)
    if accept and category == "success":
        return redirect(url_for("consortia.detail", consortium_id=invitation.consortium_id))
    return redirect(url_for("consortia.index"))


@bp.route("/<consortium_id>/membri/<org_id>/budget", methods=["GET", "POST"])
def member_budget(consortium_id: str, org_id: str) -> Response | str:
    """Edit one member's budget lines."""
    view = consortium_or_404(consortium_id, manage=True)
    member = found_or_404(view.member(org_id))
    form = BudgetForm()
    if request.method == "GET":
        fill_lines(form, member.budget_lines)
    if form.validate_on_submit():
        try:
            invitations.set_budget(get_graph(), current_actor(), view, org_id, form.budget_lines())
        except consortia.ConsortiumError as exc:
            flash(refusal(exc), "error")
        else:
            flash(_("Budget saved."), "success")
            return redirect(url_for("consortia.detail", consortium_id=consortium_id))
    return render_template("consortia/budget.html", view=view, member=member, form=form)


@bp.route("/<consortium_id>/membri/<org_id>/rimuovi", methods=["POST"])
def remove_member(consortium_id: str, org_id: str) -> Response:
    """Take a partner or associate out of the consortium."""
    view = consortium_or_404(consortium_id, manage=True)
    try:
        invitations.remove_member(get_graph(), current_actor(), view, org_id)
    except consortia.ConsortiumError as exc:
        flash(refusal(exc), "error")
    else:
        flash(_("Member removed."), "info")
    return redirect(url_for("consortia.detail", consortium_id=consortium_id))
