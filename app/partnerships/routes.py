"""Partnership requests: the inbox, a new request, answers, and ending a partnership."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.access import current_actor, deny
from app.acting import acting_organizations, partnership_side, request_answerer
from app.extensions import get_graph
from app.mail.claim import claim_mail
from app.partnerships import bp
from app.partnerships.forms import EndForm, RequestForm
from app.partnerships.presenting import DONE, STATUS_LABELS
from app.services import partnerships
from app.wording.partnerships import refusal


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
    action = request.form.get("action", "")
    org = request_answerer(request_id, action)
    if org is None:
        abort(400, refusal("action"))
    try:
        status = partnerships.answer(get_graph(), current_actor(), request_id, action)
    except partnerships.PartnershipError as exc:
        flash(refusal(exc.code), "error")
    else:
        flash(str(DONE[status]), "success")
    return redirect(url_for("partnerships.inbox", org=org.id))


@bp.route("/accordi/<partnership_id>/termina", methods=["POST"])
def end_partnership(partnership_id: str) -> Response:
    """Record the end date of a partnership (either organisation may)."""
    _found, org, _other = partnership_side(partnership_id)
    form = EndForm()
    if not form.validate_on_submit():
        flash(refusal("date"), "error")
    else:
        try:
            partnerships.end_partnership(
                get_graph(), current_actor(), partnership_id, form.until.data
            )
        except partnerships.PartnershipError as exc:
            flash(refusal(exc.code), "error")
        else:
            flash(_("The partnership now has an end date."), "success")
    return redirect(url_for("partnerships.inbox", org=org.id))


def _ttl_days() -> int:
    return int(current_app.config["PARTNERSHIP_REQUEST_TTL_DAYS"])
