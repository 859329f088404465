"""Organisation profiles: members edit their own, users propose new ones, admins approve."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from app.services import audit, dedupe
from app.services.errors import CodedError
from graph.driver import Graph
from graph.errors import Conflict
from graph.membership_records import PendingProposal
from graph.membership_repo import (
    approve_proposal_tx,
    close_proposal_tx,
    create_proposal_tx,
    get_proposal_tx,
    pending_proposals_tx,
)
from graph.model import KINDS, SME_SIZES
from graph.organization_records import EditableOrganization
from graph.organization_write_repo import (
    get_editable_organization_tx,
    update_organization_tx,
)

#: The only properties a profile form may set. Kind, id, ownership and timestamps are
#: never taken from a form, so they cannot be mass-assigned.
EDITABLE_FIELDS = (
    "name",
    "legal_form",
    "tax_code",
    "description",
    "website",
    "email",
    "size_class",
    "non_profit",
    "capabilities",
)


class ProfileError(CodedError):
    """A refused profile change, with a code the routes turn into a message."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.field = field


@dataclass(frozen=True)
class ProfileData:
    """A validated profile as the forms deliver it."""

    fields: dict[str, Any]
    municipality: str
    themes: list[str]


def clean_profile(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Keep only editable fields and apply the kind's rules (size class for SMEs only).

    >>> clean_profile("ThirdSector", {"name": "A", "role": "admin", "size_class": "micro"})
    {'name': 'A', 'size_class': None, 'non_profit': True}
    >>> clean_profile("SME", {"name": "B", "size_class": "small", "non_profit": False})
    {'name': 'B', 'size_class': 'small', 'non_profit': False}
    """
    fields = {key: data[key] for key in EDITABLE_FIELDS if key in data}
    if kind == "SME":
        if fields.get("size_class") not in SME_SIZES:
            raise ProfileError("size_class_required", "size_class")
    else:
        fields["size_class"] = None
        # Third sector and foundations are non-profit by definition; public bodies too.
        fields["non_profit"] = True
    for key in ("tax_code", "website", "email", "legal_form", "description"):
        if key in fields and isinstance(fields[key], str):
            fields[key] = fields[key].strip() or None
    return fields


def editable_profile(graph: Graph, org_id: str) -> EditableOrganization | None:
    """An organisation as its profile form starts from it, or None when there is none."""
    return graph.read(get_editable_organization_tx, org_id=org_id)


def update_profile(
    graph: Graph, actor: audit.Actor, org_id: str, kind: str, profile: ProfileData
) -> None:
    """Save a member's changes to their organisation and audit which fields changed."""
    before = editable_profile(graph, org_id)
    if before is None:
        raise ProfileError("not_found")
    fields = clean_profile(kind, profile.fields)
    try:
        graph.write(
            update_organization_tx,
            org_id=org_id,
            props=fields,
            municipality=profile.municipality,
            themes=profile.themes,
        )
    except Conflict as exc:
        raise ProfileError("tax_code_taken", "tax_code") from exc
    old = before.organization.properties()
    changed = sorted(k for k, v in fields.items() if old.get(k) != v)
    if (before.municipality or "") != profile.municipality:
        changed.append("municipality")
    if sorted(before.themes) != sorted(profile.themes):
        changed.append("themes")
    audit.record(
        graph,
        actor,
        "organization_update",
        target_type="organization",
        target_id=org_id,
        details={"changed": changed},
    )


class DuplicateOrganization(ProfileError):
    """The proposed organisation may exist already: ``check.holder`` holds its tax code
    (refused), or ``check.similar`` lists similar names nearby (confirm to go on)."""

    def __init__(self, check: dedupe.DuplicateCheck) -> None:
        super().__init__(
            "tax_code_taken" if check.holder else "similar_names",
            "tax_code" if check.holder else "name",
        )
        self.check = check


def propose_organization(
    graph: Graph,
    actor: audit.Actor,
    kind: str,
    profile: ProfileData,
    *,
    confirmed_distinct: bool = False,
) -> str:
    """Record a new organisation proposed by a user, pending an administrator.

    A tax code another organisation holds is refused; a name like one in the same
    municipality or district is refused until the proposer confirms it is another
    organisation (``confirmed_distinct``). Both raise :class:`DuplicateOrganization`.
    """
    if kind not in KINDS or kind == "District":
        raise ProfileError("kind_not_allowed", "kind")
    if actor.user_id is None:
        raise ProfileError("login_required")
    data = clean_profile(kind, profile.fields)
    check = dedupe.check_new_organization(
        graph,
        name=data.get("name") or "",
        istat=profile.municipality,
        tax_code=data.get("tax_code"),
    )
    if check.holder or (check.similar and not confirmed_distinct):
        raise DuplicateOrganization(check)
    proposal_id = str(uuid.uuid4())
    data.update(
        kind=kind,
        municipality=profile.municipality,
        themes=profile.themes,
        similar_confirmed=[c.id for c in check.similar],
    )
    graph.write(create_proposal_tx, proposal_id=proposal_id, user_id=actor.user_id, data=data)
    audit.record(
        graph,
        actor,
        "organization_propose",
        target_type="proposal",
        target_id=proposal_id,
        details={"name": data.get("name")},
    )
    return proposal_id


def decide_proposal(
    graph: Graph, actor: audit.Actor, proposal_id: str, approve: bool
) -> str | None:
    """Approve (create the organisation, the proposer acts for it) or decline a proposal."""
    found = graph.read(get_proposal_tx, proposal_id=proposal_id)
    if found is None:
        raise ProfileError("not_found")
    proposal = found.proposal
    org_id = None
    if approve:
        org_id = f"ORG-{uuid.uuid4().hex[:10].upper()}"
        props = {key: _stored(getattr(proposal, key)) for key in EDITABLE_FIELDS}
        props.update(id=org_id, fictional=False)
        try:
            done = graph.write(
                approve_proposal_tx,
                proposal_id=proposal_id,
                decided_by=actor.user_id or "",
                user_id=found.user_id,
                org_id=org_id,
                kind=proposal.kind,
                props=props,
                municipality=proposal.municipality,
                themes=list(proposal.themes),
            )
        except Conflict as exc:
            raise ProfileError("tax_code_taken", "tax_code") from exc
    else:
        done = graph.write(
            close_proposal_tx,
            proposal_id=proposal_id,
            status="declined",
            decided_by=actor.user_id or "",
            org_id=None,
        )
    if not done:
        raise ProfileError("not_found")
    audit.record(
        graph,
        actor,
        "organization_proposal_decision",
        target_type="proposal",
        target_id=proposal_id,
        details={"approved": approve, "organization_id": org_id},
    )
    return org_id


def _stored(value: Any) -> Any:
    """A record's value as a property is written: lists for tuples."""
    return list(value) if isinstance(value, tuple) else value


def pending_proposals(graph: Graph) -> list[PendingProposal]:
    """Proposals waiting for an administrator, oldest first."""
    return graph.read(pending_proposals_tx)
