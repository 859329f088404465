"""What the current user may reach, for the pages and the API alike: the organisations
they act for, a side of a partnership request or of a partnership, a consortium they may
see or lead; 404 when missing, 403 (audited) when not allowed (the rules are
app/policy.py's, applied by app/services/acting.py)."""

from __future__ import annotations

from datetime import date

from flask import abort
from flask_login import current_user

from app import policy
from app.access import deny
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import acting, partnerships
from app.services.consortia import ConsortiumView
from graph.partnership_records import OrgRef, PartnershipOf


def acting_organizations(
    wanted: str | None = None,
) -> tuple[list[OrgRef], OrgRef | None]:
    """The organisations the user acts for, and the one asked for with ``wanted``.

    An administrator may ask for any organisation; anyone else asking for one they do
    not act for is refused (403, audited). ``wanted`` unknown to an administrator: 404.
    """
    found = acting.acting_organizations(get_graph(), current_user, wanted)
    if found.refused == "missing":
        abort(404)
    if found.refused:
        deny("does not act for this organisation", target_type="organization", target_id=wanted)
    return found.organizations, found.chosen


def request_answerer(request_id: str, action: str) -> OrgRef | None:
    """The side of a pending partnership request that may take ``action`` (None for an
    unknown action); 404 when there is no such request, 403 (audited) when the user does
    not act for that side."""
    found = found_or_404(partnerships.get_request(get_graph(), request_id))
    org = partnerships.answering_organization(found, action)
    if org is not None and not policy.can_act_for_organization(
        current_user, org.id, org.kind, org.code
    ):
        deny(
            f"may not {action} this request",
            target_type="partnership_request",
            target_id=request_id,
        )
    return org


def partnership_side(
    partnership_id: str,
) -> tuple[PartnershipOf, OrgRef, OrgRef]:
    """A partnership (as ``partnerships.get_partnership`` gives it), the side the user acts
    for and the other; 404 when there is no such partnership, 403 (audited) when the user
    acts for neither side."""
    found = found_or_404(partnerships.get_partnership(get_graph(), partnership_id))
    for org, other in found.sides():
        if policy.can_act_for_organization(current_user, org.id, org.kind, org.code):
            return found, org, other
    deny("not a party to this partnership", target_type="partnership", target_id=partnership_id)
    raise AssertionError("unreachable")  # deny() aborts


def consortium_or_404(
    consortium_id: str, *, manage: bool = False, today: date | None = None
) -> ConsortiumView:
    """The consortium, checked live; 404 when missing, 403 (audited) when not allowed."""
    view, allowed = acting.consortium_for(
        get_graph(), current_user, consortium_id, manage=manage, today=today
    )
    if view is None:
        abort(404)
    if not allowed:
        deny("not allowed on this consortium", target_type="consortium", target_id=consortium_id)
    return view


def may_manage(view: ConsortiumView) -> bool:
    """Whether the current user leads this consortium (or administers the platform)."""
    return acting.may_manage_consortium(current_user, view)
