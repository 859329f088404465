"""Consortia: my consortia and invitations, open one, its page, its status, delete a draft."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import policy
from app.access import current_actor, deny
from app.acting import consortium_or_404, may_manage
from app.consortia import bp
from app.consortia.forms import NewConsortiumForm
from app.consortia.presenting import refusal, transition_message
from app.extensions import get_graph
from app.services import calls, commitments, consortia, gaps, invitations, suggestion_feedback
from app.services.organizations import district_choices
from app.template_helpers import call_choice


@bp.route("/")
def index() -> str:
    """My invitations and consortia; the Region sees every consortium."""
    graph = get_graph()
    org_ids = sorted(current_user.organization_ids)
    codes = sorted(current_user.district_codes)
    everything = None
    if policy.can_decide_funding(current_user):
        everything = consortia.all_consortia(
            graph, call=request.args.get("call") or None, status=request.args.get("status") or None
        )
    return render_template(
        "consortia/index.html",
        invitations=invitations.pending_for(graph, org_ids, codes),
        mine=consortia.consortia_for(graph, org_ids, codes),
        everything=everything,
    )


def _lead_choices() -> list[tuple[str, str]]:
    if policy.role_of(current_user) == "admin":
        return [(d.code, d.name) for d in district_choices(get_graph())]
    return [(d["code"], d["name"]) for d in current_user.districts] + [
        (o["id"], o["name"]) for o in current_user.organizations
    ]


def _new_form() -> NewConsortiumForm:
    """The form with the calls, the user's possible leads and the calls' lines."""
    all_calls = [row.call for row in calls.list_calls(get_graph())]
    form = NewConsortiumForm(call=request.args.get("call"))
    lang = str(get_locale() or "it")
    form.call.choices = [(c.code, call_choice(c)) for c in all_calls]
    form.lead.choices = _lead_choices()
    form.line.choices = [("", "—")] + [
        (line["code"], line[f"label_{lang}"]) for c in all_calls for line in c.rules["lines"]
    ]
    return form


@bp.route("/nuovo", methods=["GET", "POST"])
def new() -> Response | str:
    """Open a consortium for a call, led by one of the user's organisations or districts."""
    graph = get_graph()
    form = _new_form()
    if form.validate_on_submit():
        lead = consortia.find_lead(graph, form.lead.data or "")
        if lead is None or not policy.can_manage_consortium(current_user, lead):
            deny(
                "cannot lead for this organisation",
                target_type="organization",
                target_id=form.lead.data,
            )
        assert lead is not None
        try:
            consortium_id = consortia.create_consortium(
                graph,
                current_actor(),
                call_code=form.call.data or "",
                lead=lead,
                title=form.title.data or "",
                line=form.line.data or None,
            )
        except consortia.ConsortiumError as exc:
            form.call.errors = [*form.call.errors, refusal(exc)]
            return render_template(
                "consortia/new.html", form=form, existing=exc.params.get("existing")
            )
        flash(_("Consortium opened: now invite its members."), "success")
        return redirect(url_for("consortia.detail", consortium_id=consortium_id))
    return render_template("consortia/new.html", form=form, existing=None)


@bp.route("/<consortium_id>")
def detail(consortium_id: str) -> str:
    """The consortium: members, invitations, live rule checks, gaps with suggestions."""
    view = consortium_or_404(consortium_id)
    manage = may_manage(view)
    report, undo = None, None
    if manage and view.editable:
        known = suggestion_feedback.feedback(get_graph(), "consortium", view.id)
        report = gaps.gap_report(get_graph(), view, exclude=known.excluded)
        undo = known.find(request.args.get("scartato", ""), "dismissed")
    over = commitments.flagged_for(get_graph(), view, limit=current_app.config["MAX_BIDS_PER_CALL"])
    return render_template(
        "consortia/detail.html",
        view=view,
        manage=manage,
        report=report,
        decide=policy.can_decide_funding(current_user),
        undo=undo,
        themes={t.code: t for t in view.call.themes},
        over=over,
        bid_limit=current_app.config["MAX_BIDS_PER_CALL"],
        live_digest=consortia.live_state(view)["digest"],
        poll_seconds=current_app.config["CONSORTIUM_POLL_SECONDS"],
    )


@bp.route("/<consortium_id>/stato.json")
def live_state(consortium_id: str) -> Response:
    """A digest of members, invitations, status and verdicts: the page polls it and reloads
    its live parts when the digest changes (a member accepted, a rule turned)."""
    view = consortium_or_404(consortium_id)
    response = jsonify(consortia.live_state(view))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<consortium_id>/regole")
def rules_panel(consortium_id: str) -> str:
    """The rules panel alone, for the page to refresh itself."""
    view = consortium_or_404(consortium_id)
    return render_template("consortia/_rules.html", view=view)


@bp.route("/<consortium_id>/stato", methods=["POST"])
def transition(consortium_id: str) -> Response:
    """Move the consortium to its next status (refused while a blocking rule fails)."""
    view = consortium_or_404(consortium_id)
    allowed_by = (["lead"] if may_manage(view) else []) + (
        ["region"] if policy.can_decide_funding(current_user) else []
    )
    if not allowed_by:
        deny(
            "cannot change this consortium's status",
            target_type="consortium",
            target_id=consortium_id,
        )
    outcome, _blocking = consortia.change_status(
        get_graph(),
        current_actor(),
        consortium_id,
        request.form.get("target", ""),
        allowed_by=allowed_by,
    )
    if outcome == "missing":
        abort(404)
    text, category = transition_message(outcome)
    flash(text, category)
    return redirect(url_for("consortia.detail", consortium_id=consortium_id))


@bp.route("/<consortium_id>/elimina", methods=["POST"])
def delete(consortium_id: str) -> Response:
    """Delete a draft consortium."""
    consortium_or_404(consortium_id, manage=True)
    if not consortia.delete_draft(get_graph(), current_actor(), consortium_id):
        flash(_("Only a draft can be deleted."), "error")
        return redirect(url_for("consortia.detail", consortium_id=consortium_id))
    flash(_("Draft deleted."), "info")
    return redirect(url_for("consortia.index"))
