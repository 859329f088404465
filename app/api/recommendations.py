"""Suggested partners, each with its reasons: for an organisation, and for a consortium."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale

from app.api.common import Blueprint, documented
from app.api.schemas_network import (
    ConsortiumSuggestionsSchema,
    LimitArgs,
    OrganizationSuggestionsSchema,
    SuggestionArgs,
)
from app.consortia.access import consortium_or_404
from app.extensions import get_graph
from app.partnerships.routes import acting_organizations
from app.services import recommend

bp = Blueprint("recommendations", __name__,
               description="Partners suggested by the recommender, with their reasons.")


def _items(found: list[recommend.Suggestion]) -> list[dict[str, Any]]:
    lang = str(get_locale() or "it")
    return [s.as_dict(lang) for s in found]


@bp.route("/organizations/<org_id>/recommendations")
@bp.arguments(SuggestionArgs, location="query")
@bp.response(200, OrganizationSuggestionsSchema)
@documented(bp, 404)
def for_organization(args: dict[str, Any], org_id: str) -> dict[str, Any]:
    """Partners suggested for an organisation you act for (optionally for one call)."""
    _orgs, org = acting_organizations(org_id)
    assert org is not None  # acting_organizations refuses an organisation it cannot act for
    call = args.get("call")
    found = recommend.recommend_for_organization(get_graph(), org["id"], limit=args["limit"],
                                                 call_code=call)
    return {"organization": org["id"], "call": call, "items": _items(found)}


@bp.route("/consortia/<consortium_id>/recommendations")
@bp.arguments(LimitArgs, location="query")
@bp.response(200, ConsortiumSuggestionsSchema)
@documented(bp, 404)
def for_consortium(args: dict[str, Any], consortium_id: str) -> dict[str, Any]:
    """Partners suggested for a consortium you lead: its missing sectors and themes first."""
    view = consortium_or_404(consortium_id, manage=True)
    found = recommend.recommend_for_consortium(get_graph(), view.id, limit=args["limit"])
    return {"consortium": view.id, "items": _items(found)}
