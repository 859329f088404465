"""Partnership requests: the inbox, a new request, answers, and ending a partnership."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import policy
from app.access import current_actor, deny
from app.claims.mails import claim_mail
from app.extensions import get_graph
from app.partnerships import bp
from app.partnerships.forms import EndForm, RequestForm
from app.partnerships.messages import DONE, STATUS_LABELS, refusal
from app.services import partnerships
from graph.partnership_records import OrgRef


def acting_organizations(
    wanted: str | None = None,
) -> tuple[list[OrgRef], OrgRef | None]:
    """The organisations the user acts for, and the one asked for with ``wanted``.

    An administrator may ask for any organisation; anyone else asking for one they do
    not act for is refused (403, audited). ``wanted`` unknown to an administrator: 404.
    """
    graph = get_graph()
    ids = policy.acting_organization_ids(current_user)
    if wanted and wanted not in ids and policy.role_of(current_user) == "admin":
        ids = [*ids, wanted]
    orgs = [
        o
        for o in partnerships.organizations(graph, ids)
        if policy.can_act_for_organization(current_user, o.id, o.kind, o.code)
    ]
    if not wanted:
        return orgs, orgs[0] if orgs else None
    chosen = next((o for o in orgs if wanted in (o.id, o.code)), None)
    if chosen is None:
        if policy.role_of(current_user) == "admin":
            abort(404)
        deny("does not act for this organisation", target_type="organization", target_id=wanted)
    return orgs, chosen


@bp.route("/")
def inbox() -> str:
    """Requests received and sent, partnerships and history of one organisation."""
    orgs, org = acting_organizations(request.args.get("org"))
    box = partnerships.inbox(get_graph(), org.id) if org else None
    return render_template(
        "partnerships/inbox.html",
        orgs=orgs,
        org=org,
        box=box,
        end_form=EndForm(),
        status_labels=STATUS_LABELS,
    )


@bp.route("/richiesta/<org_id>", methods=["GET", "POST"])
def new_request(org_id: str) -> Response | str:
    """Propose a partnership to ``org_id`` on behalf of an organisation the user acts for."""
    graph = get_graph()
    target = next(iter(partnerships.organizations(graph, [org_id])), None)
    if target is None or target.id != org_id:
        abort(404)
    orgs, _chosen = acting_organizations(request.args.get("da"))
    senders = [o for o in orgs if o.id != org_id]
    form = RequestForm(from_org=request.args.get("da"))
    form.fill(senders)
    sender_ids = {o.id for o in senders}
    if request.method == "POST" and form.from_org.data and form.from_org.data not in sender_ids:
        deny(
            "does not act for the requesting organisation",
            target_type="organization",
            target_id=str(form.from_org.data),
        )
    if senders and form.validate_on_submit():
        try:
            sender = next(o.name or "" for o in senders if o.id == form.from_org.data)
            partnerships.request_partnership(
                graph,
                current_actor(),
                from_id=form.from_org.data,
                to_id=org_id,
                type_=form.type.data,
                message=form.message.data or "",
                ttl_days=_ttl_days(),
                claim_mail=claim_mail(org_id, event="request", sender=sender),
            )
        except partnerships.PartnershipError as exc:
            flash(refusal(exc.code), "error")
        else:
            flash(_("Request sent to %(name)s.", name=target.name), "success")
            return redirect(url_for("partnerships.inbox", org=form.from_org.data))
    return render_template(
        "partnerships/request.html", form=form, target=target, senders=senders, ttl_days=_ttl_days()
    )


@bp.route("/richieste/<request_id>", methods=["POST"])
def answer_request(request_id: str) -> Response:
    """Accept or decline (the receiver) or withdraw (the sender) a pending request."""
    graph = get_graph()
    found = partnerships.get_request(graph, request_id)
    if found is None:
        abort(404)
    action = request.form.get("action", "")
    org = partnerships.answering_organization(found, action)
    if org is None:
        abort(400, refusal("action"))
    if not policy.can_act_for_organization(current_user, org.id, org.kind, org.code):
        deny(
            f"may not {action} this request",
            target_type="partnership_request",
            target_id=request_id,
        )
    try:
        status = partnerships.answer(graph, current_actor(), request_id, action)
    except partnerships.PartnershipError as exc:
        flash(refusal(exc.code), "error")
    else:
        flash(str(DONE[status]), "success")
    return redirect(url_for("partnerships.inbox", org=org.id))


@bp.route("/accordi/<partnership_id>/termina", methods=["POST"])
def end_partnership(partnership_id: str) -> Response:
    """Record the end date of a partnership (either organisation may)."""
    graph = get_graph()
    found = partnerships.get_partnership(graph, partnership_id)
    if found is None:
        abort(404)
    org = next(
        (
            o
            for o, _partner in found.sides()
            if policy.can_act_for_organization(current_user, o.id, o.kind, o.code)
        ),
        None,
    )
    if org is None:
        deny("not a party to this partnership", target_type="partnership", target_id=partnership_id)
        raise AssertionError("unreachable")  # deny() aborts
    form = EndForm()
    if not form.validate_on_submit():
        flash(refusal("date"), "error")
    else:
        try:
            partnerships.end_partnership(graph, current_actor(), partnership_id, form.until.data)
        except partnerships.PartnershipError as exc:
            flash(refusal(exc.code), "error")
        else:
            flash(_("The partnership now has an end date."), "success")
    return redirect(url_for("partnerships.inbox", org=org.id))


def _ttl_days() -> int:
    return int(current_app.config["PARTNERSHIP_REQUEST_TTL_DAYS"])
