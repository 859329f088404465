"""Loading a consortium for the current user, with the object-level checks of app.policy."""

from __future__ import annotations

from datetime import date

from flask import abort
from flask_login import current_user

from app import policy
from app.access import deny
from app.extensions import get_graph
from app.services.consortia import ConsortiumView, load_view
from graph.consortium_records import ConsortiumInvitation, ConsortiumMember


def may_view(view: ConsortiumView) -> bool:
    """Whether the current user may see this consortium."""
    parties: list[ConsortiumMember | ConsortiumInvitation] = [*view.members, *view.pending]
    codes = [p.code for p in parties if p.kind == "District" and p.code]
    if view.district:
        codes.append(view.district.code)
    return policy.can_view_consortium(current_user, view.lead, [p.org_id for p in parties], codes)


def may_manage(view: ConsortiumView) -> bool:
    """Whether the current user leads this consortium (or administers the platform)."""
    return policy.can_manage_consortium(current_user, view.lead)


def consortium_or_404(
    consortium_id: str, *, manage: bool = False, today: date | None = None
) -> ConsortiumView:
    """The consortium, checked live; 404 when missing, 403 (audited) when not allowed."""
    view = load_view(get_graph(), consortium_id, today)
    if view is None:
        abort(404)
    allowed = may_manage(view) if manage else may_view(view)
    if not allowed:
        deny("not allowed on this consortium", target_type="consortium", target_id=consortium_id)
    return view
