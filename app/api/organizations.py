"""Organisations: the directory, paged and filtered as on its page, and one profile."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Response
from flask_babel import gettext as _

from app.access import current_actor
from app.api.common import Blueprint, documented
from app.api.errors import error_response
from app.api.schemas import OrganizationArgs, OrganizationPageSchema, OrganizationSchema
from app.api.schemas_proposals import NewProposalSchema, ProposalSchema
from app.extensions import get_graph
from app.lookup import found_or_404
from app.messages import tax_code_message
from app.services import profiles, reference
from app.services.organizations import list_organizations as list_page
from app.services.organizations import organization_profile
from app.services.taxcodes import normalize_tax_code, validate_tax_code
from graph.driver import Graph

bp = Blueprint("organizations", __name__, description="The directory of organisations.")


@bp.route("/organizations")
@bp.arguments(OrganizationArgs, location="query")
@bp.response(200, OrganizationPageSchema)
@documented(bp, auth=False)
def list_organizations(args: dict[str, Any]) -> dict[str, Any]:
    """Organisations by name, optionally of one kind or district."""
    result = list_page(
        get_graph(),
        page=args["page"],
        per_page=args["per_page"],
        kind=args.get("kind"),
        district=args.get("district"),
    )
    return {
        "items": result.items,
        "page": result.page,
        "per_page": result.per_page,
        "total": result.total,
    }


@bp.route("/organizations/<org_id>")
@bp.response(200, OrganizationSchema)
@documented(bp, 404, auth=False)
def get_organization(org_id: str) -> dict[str, Any]:
    """One organisation: profile, place, themes, partners and consortia."""
    profile = found_or_404(organization_profile(get_graph(), org_id))
    links = asdict(profile)
    del links["organization"]
    # The properties the node has (those it lacks stay out of the answer), then its links.
    return {**profile.organization.properties(), **links}


@bp.route("/proposals", methods=["POST"])
@bp.arguments(NewProposalSchema)
@bp.response(201, ProposalSchema)
@documented(bp, 404, 409)
def propose_organization(body: dict[str, Any]) -> tuple[dict[str, Any], int] | Response:
    """Propose a new organisation, as on the proposal page: an administrator approves it.

    409 when another organisation holds the tax code (``errors.duplicates.holder``), or when
    similar names exist in the same municipality or district and ``confirm_distinct`` is
    not true (``errors.duplicates.similar``)."""
    graph = get_graph()
    unknown = _unknown_codes(graph, body)
    if unknown:
        return error_response(404, _("Unknown codes: see errors."), errors={"json": unknown})
    fields = {k: body[k] for k in profiles.EDITABLE_FIELDS if k in body}
    fields["name"] = body["name"].strip()
    if not fields["name"]:
        message = _("The name is empty.")
        return error_response(409, message, errors={"json": {"name": [message]}})
    fields["tax_code"] = normalize_tax_code(body["tax_code"] or "") or None
    problem = validate_tax_code(fields["tax_code"]) if fields["tax_code"] else None
    if problem:
        message = str(tax_code_message(problem))
        return error_response(409, message, errors={"json": {"tax_code": [message]}})
    data = profiles.ProfileData(fields, body["municipality"], list(body["themes"]))
    try:
        proposal_id = profiles.propose_organization(
            graph, current_actor(), body["kind"], data, confirmed_distinct=body["confirm_distinct"]
        )
    except profiles.DuplicateOrganization as exc:
        check = exc.check
        detail = (
            _("An organisation with this tax code is already in the network.")
            if check.holder
            else _(
                "Organisations with a similar name are already recorded in the same "
                "municipality or district: ask to join one of them, or send the "
                "proposal again with confirm_distinct."
            )
        )
        duplicates = {
            "holder": asdict(check.holder) if check.holder else None,
            "similar": [asdict(c) for c in check.similar],
        }
        return error_response(409, detail, errors={"duplicates": duplicates})
    except profiles.ProfileError as exc:
        message = (
            _("Choose the size of the enterprise.")
            if exc.code == "size_class_required"
            else _("The proposal could not be saved.")
        )
        return error_response(409, message, errors={"json": {exc.field or "name": [message]}})
    return {
        "id": proposal_id,
        "status": "pending",
        "name": body["name"],
        "kind": body["kind"],
        "municipality": body["municipality"],
    }, 201


def _unknown_codes(graph: Graph, body: dict[str, Any]) -> dict[str, list[str]]:
    towns = {m["istat"] for m in reference.municipalities(graph)}
    themes = {t["code"] for t in reference.themes(graph)}
    problems: dict[str, list[str]] = {}
    if body["municipality"] not in towns:
        problems["municipality"] = [_("No municipality has this ISTAT code.")]
    if set(body["themes"]) - themes:
        problems["themes"] = [_("Unknown theme code.")]
    return problems
