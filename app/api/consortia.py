"""Consortia the caller may see, one consortium, and its live checks against the call's rules."""

from __future__ import annotations

from typing import Any, Final

from flask_login import current_user

from app import policy
from app.acting import consortium_or_404
from app.api.common import Blueprint, documented
from app.api.schemas import paged
from app.api.schemas_network import (
    ConsortiumArgs,
    ConsortiumPageSchema,
    ConsortiumSchema,
    RulesSchema,
)
from app.extensions import get_graph
from app.services import consortia
from app.services.consortia import ConsortiumView
from app.wording.rules import RULE_TITLES, explain

bp = Blueprint(
    "consortia",
    __name__,
    description="Consortia for the calls, checked live against the call's rules.",
)
#: Consortia listed at most (newest first), before paging.
MAX_LISTED: Final = 5000
_MEMBER_FIELDS: Final = ("org_id", "name", "kind", "code", "role", "status", "budget_eur")


def rules_of(view: ConsortiumView) -> dict[str, Any]:
    """The verdict of every rule, explained in the request's language."""
    items = [
        {
            "rule": r.rule,
            "code": r.code,
            "title": str(RULE_TITLES.get(r.rule, r.rule)),
            "status": r.status,
            "explanation": explain(r),
            "members": list(r.members),
            "blocking": r.blocking,
        }
        for r in view.results
    ]
    return {
        "consortium": view.id,
        "rules_version": view.rules_version,
        "blocking": [r.code for r in view.blocking],
        "items": items,
    }


@bp.route("/consortia")
@bp.arguments(ConsortiumArgs, location="query")
@bp.response(200, ConsortiumPageSchema)
@documented(bp)
def list_consortia(args: dict[str, Any]) -> dict[str, Any]:
    """Your consortia (member, invited, or your district's); the Region sees all of them."""
    graph = get_graph()
    call, status = args.get("call"), args.get("status")
    if policy.can_decide_funding(current_user):
        rows = consortia.all_consortia(graph, call=call, status=status, limit=MAX_LISTED)
    else:
        rows = [
            row
            for row in consortia.consortia_for(
                graph,
                sorted(current_user.organization_ids),
                sorted(current_user.district_codes),
                limit=MAX_LISTED,
            )
            if call in (None, row.call) and status in (None, row.status)
        ]
    return paged(rows, args)


@bp.route("/consortia/<consortium_id>")
@bp.response(200, ConsortiumSchema)
@documented(bp, 404)
def get_consortium(consortium_id: str) -> dict[str, Any]:
    """One consortium: members, pending invitations, the moves open, its rule checks."""
    view = consortium_or_404(consortium_id)
    data, call, lead, district = view.consortium, view.call, view.lead, view.district
    return {
        "id": view.id,
        "title": data.title,
        "status": view.status,
        "year": data.year,
        "line": data.line,
        "call": call.code,
        "call_title_it": call.title_it,
        "call_title_en": call.title_en,
        "district": district.name if district else None,
        "district_code": district.code if district else None,
        "lead": lead.name if lead else None,
        "size": len(view.members),
        "total_budget": view.total_budget,
        # A member has no status: the key stays, null, as the schema documents it.
        "members": [{k: getattr(m, k, None) for k in _MEMBER_FIELDS} for m in view.members],
        "invitations": [{k: getattr(i, k, None) for k in _MEMBER_FIELDS} for i in view.pending],
        "transitions": [
            {"target": t.target, "by": t.by, "checked": t.checked} for t in view.transitions
        ],
        "rules": rules_of(view),
    }


@bp.route("/consortia/<consortium_id>/rules")
@bp.response(200, RulesSchema)
@documented(bp, 404)
def consortium_rules(consortium_id: str) -> dict[str, Any]:
    """The consortium's rule checks: pass, fail or warning, why, and whom they concern."""
    return rules_of(consortium_or_404(consortium_id))
