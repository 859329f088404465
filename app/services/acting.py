"""What a user may reach: the organisations they act for, and a consortium they may see
or lead (app.policy's object-level rules applied to the loaded objects). The web layer
(``app/acting.py``) turns a refusal into 404 or an audited 403."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app import policy
from app.services import partnerships
from app.services.consortia import ConsortiumView, load_view
from graph.consortium_records import ConsortiumInvitation, ConsortiumMember
from graph.driver import Graph
from graph.partnership_records import OrgRef


@dataclass(frozen=True)
class Acting:
    """The organisations a user acts for and the one asked for (``chosen``); ``refused``
    says why the one asked for is not there: ``missing`` (an administrator asked for an
    organisation that does not exist) or ``not_acting`` (the user does not act for it)."""

    organizations: list[OrgRef]
    chosen: OrgRef | None
    refused: str | None = None


def acting_organizations(graph: Graph, user: Any, wanted: str | None = None) -> Acting:
    """The organisations ``user`` acts for, and the one asked for with ``wanted`` (an id,
    or a district's code); an administrator may ask for any organisation."""
    ids = policy.acting_organization_ids(user)
    admin = policy.role_of(user) == "admin"
    if wanted and wanted not in ids and admin:
        ids = [*ids, wanted]
    orgs = [
        o
        for o in partnerships.organizations(graph, ids)
        if policy.can_act_for_organization(user, o.id, o.kind, o.code)
    ]
    if not wanted:
        return Acting(orgs, orgs[0] if orgs else None)
    chosen = next((o for o in orgs if wanted in (o.id, o.code)), None)
    if chosen is None:
        return Acting(orgs, None, "missing" if admin else "not_acting")
    return Acting(orgs, chosen)


def may_view_consortium(user: Any, view: ConsortiumView) -> bool:
    """Whether ``user`` may see this consortium."""
    parties: list[ConsortiumMember | ConsortiumInvitation] = [*view.members, *view.pending]
    codes = [p.code for p in parties if p.kind == "District" and p.code]
    if view.district:
        codes.append(view.district.code)
    return policy.can_view_consortium(user, view.lead, [p.org_id for p in parties], codes)


def may_manage_consortium(user: Any, view: ConsortiumView) -> bool:
    """Whether ``user`` leads this consortium (or administers the platform)."""
    return policy.can_manage_consortium(user, view.lead)


def consortium_for(
    graph: Graph,
    user: Any,
    consortium_id: str,
    *,
    manage: bool = False,
    today: date | None = None,
) -> tuple[ConsortiumView | None, bool]:
    """The consortium checked live (None when missing) and whether ``user`` may see it
    (``manage``: lead it)."""
    view = load_view(graph, consortium_id, today)
    if view is None:
        return None, False
    allowed = may_manage_consortium(user, view) if manage else may_view_consortium(user, view)
    return view, allowed
