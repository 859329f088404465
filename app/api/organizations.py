"""Organisations: the directory, paged and filtered as on its page, and one profile."""

from __future__ import annotations

from typing import Any

from flask import abort

from app.api.common import Blueprint, documented
from app.api.schemas import OrganizationArgs, OrganizationPageSchema, OrganizationSchema
from app.extensions import get_graph
from app.services.organizations import list_organizations as list_page
from app.services.organizations import organization_profile

bp = Blueprint("organizations", __name__, description="The directory of organisations.")


@bp.route("/organizations")
@bp.arguments(OrganizationArgs, location="query")
@bp.response(200, OrganizationPageSchema)
@documented(bp, auth=False)
def list_organizations(args: dict[str, Any]) -> dict[str, Any]:
    """Organisations by name, optionally of one kind or district."""
    result = list_page(get_graph(), page=args["page"], per_page=args["per_page"],
                       kind=args.get("kind"), district=args.get("district"))
    return {"items": result.items, "page": result.page, "per_page": result.per_page,
            "total": result.total}


@bp.route("/organizations/<org_id>")
@bp.response(200, OrganizationSchema)
@documented(bp, 404, auth=False)
def get_organization(org_id: str) -> dict[str, Any]:
    """One organisation: profile, place, themes, partners and consortia."""
    profile = organization_profile(get_graph(), org_id)
    if profile is None:
        abort(404)
    return {**profile["organization"], "municipality": profile["municipality"],
            "district": profile["district"], "themes": profile["themes"],
            "partners": profile["partners"], "consortia": profile["consortia"]}
