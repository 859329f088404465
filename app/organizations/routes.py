"""Organisation directory and profiles; members edit theirs and decide join requests."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.validators import Optional

from app import policy
from app.access import current_actor, deny
from app.bounds import query_int
from app.extensions import get_graph
from app.lookup import found_or_404
from app.organizations import bp
from app.organizations.forms import OrganizationForm, fill_choices, profile_fields
from app.services import memberships, profiles, reference
from app.services import merge as merging
from app.services.organizations import (
    district_choices,
    list_organizations,
    organization_profile,
    page_of,
)
from graph.model import KINDS


@bp.route("/")
def index() -> str:
    """Paged directory of organisations."""
    page = query_int("page")
    kind = request.args.get("kind") or None
    district = request.args.get("district") or None
    if kind is not None and kind not in KINDS:
        abort(400, _("Unknown organisation kind."))
    graph = get_graph()
    result = list_organizations(
        graph,
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
        kind=kind,
        district=district,
    )
    return render_template(
        "organizations/index.html",
        result=result,
        kind=kind,
        district=district,
        kinds=KINDS,
        districts=district_choices(graph),
    )


#: Partners listed per page of a profile (the biggest hubs of the 100,000-organisation
#: graph have about 170; a real regional hub may have more).
PARTNERS_PER_PAGE = 50


@bp.route("/<org_id>")
def detail(org_id: str) -> Response | str:
    """Profile of one organisation with its partners and consortia; a merged organisation's
    old address moves permanently (301) to the organisation it was merged into."""
    profile = organization_profile(get_graph(), org_id)
    if profile is None:
        survivor = found_or_404(merging.merged_into(get_graph(), org_id))
        return redirect(url_for("organizations.detail", org_id=survivor), 301)
    o = profile.organization
    return render_template(
        "organizations/detail.html",
        profile=profile,
        can_edit=policy.can_edit_organization(current_user, org_id),
        acts_for=policy.can_act_for_organization(current_user, org_id, o.kind, o.code),
        partners=page_of(list(profile.partners), query_int("partner_page"), PARTNERS_PER_PAGE),
    )


@bp.route("/<org_id>/modifica", methods=["GET", "POST"])
def edit(org_id: str) -> Response | str:
    """Edit an organisation's profile (its own members, or an administrator)."""
    graph = get_graph()
    current = found_or_404(profiles.editable_profile(graph, org_id))
    if not policy.can_edit_organization(current_user, org_id):
        deny("not a member of this organisation", target_type="organization", target_id=org_id)
    org = current.organization
    form = OrganizationForm(
        data={
            **org.properties(),
            "municipality": current.municipality,
            "themes": list(current.themes),
            "capabilities": list(org.capabilities or ()),
        }
    )
    fill_choices(form, reference.themes(graph), reference.municipalities(graph))
    if org.country not in (None, "IT"):  # abroad (imported): no Piemonte municipality
        form.municipality.validators = [Optional()]
    if form.validate_on_submit():
        data = profiles.ProfileData(
            profile_fields(form), form.municipality.data or "", list(form.themes.data or [])
        )
        try:
            profiles.update_profile(graph, current_actor(), org_id, org.kind, data)
        except profiles.ProfileError as exc:
            _attach_error(form, exc)
        else:
            flash(_("Profile saved."), "success")
            return redirect(url_for("organizations.detail", org_id=org_id))
    return render_template("organizations/edit.html", form=form, org=org)


@bp.route("/<org_id>/richieste")
def join_requests(org_id: str) -> str:
    """Pending requests to act for this organisation."""
    graph = get_graph()
    profile = found_or_404(organization_profile(graph, org_id))
    if not policy.can_decide_join_request(current_user, org_id):
        deny("not a member of this organisation", target_type="organization", target_id=org_id)
    return render_template(
        "organizations/join_requests.html",
        org=profile.organization,
        requests=memberships.pending_for(graph, org_id),
    )


@bp.route("/<org_id>/richieste/<request_id>", methods=["POST"])
def decide_join_request(org_id: str, request_id: str) -> Response:
    """Approve or decline one request."""
    if not policy.can_decide_join_request(current_user, org_id):
        deny("not a member of this organisation", target_type="organization", target_id=org_id)
    approve = request.form.get("decision") == "approve"
    if not memberships.decide(get_graph(), current_actor(), org_id, request_id, approve):
        abort(404)
    flash(_("Request approved.") if approve else _("Request declined."), "success")
    return redirect(url_for("organizations.join_requests", org_id=org_id))


def _attach_error(form: OrganizationForm, exc: profiles.ProfileError) -> None:
    messages = {
        "tax_code_taken": _("Another organisation already has this tax code."),
        "size_class_required": _("Choose the size of the enterprise."),
    }
    field = getattr(form, exc.field or "name", form.name)
    field.errors = [*field.errors, messages.get(exc.code, _("The profile could not be saved."))]
