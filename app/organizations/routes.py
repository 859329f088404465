"""Organisation list (paged, filtered by kind and district) and profile page."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _

from app.extensions import get_graph
from app.organizations import bp
from app.services.organizations import (
    district_choices,
    list_organizations,
    organization_profile,
)
from graph.model import KINDS


@bp.route("/")
def index() -> str:
    """Paged directory of organisations."""
    page = request.args.get("page", 1, type=int) or 1
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


@bp.route("/<org_id>")
def detail(org_id: str) -> str:
    """Profile of one organisation with its partners and consortia."""
    profile = organization_profile(get_graph(), org_id)
    if profile is None:
        abort(404)
    return render_template("organizations/detail.html", profile=profile)
