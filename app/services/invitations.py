"""Members of a consortium: invitations (offered, accepted, declined, withdrawn, expired),
budget lines, removal. Every change takes the consortium's lock and is audited."""

from __future__ import annotations

import uuid
from typing import Any

from app.services import audit
from app.services.bounds import EUROS, parse_bounded
from app.services.claims import offer_claim_tx
from app.services.consortia import ConsortiumError, ConsortiumView
from app.services.consortium_watch import failing_rules_tx, notify_new_failures_tx
from app.services.outgoing import OutgoingMail
from app.services.rules import EDITABLE, role_for_kind
from graph.consortium_records import BudgetLine
from graph.consortium_repo import lock_consortium_tx, remove_member_tx, set_member_budget_tx
from graph.driver import Graph
from graph.errors import Conflict
from graph.invitation_records import AddressedInvitation, PendingInvitation
from graph.invitation_repo import (
    answer_invitation_tx,
    create_invitation_tx,
    get_invitation_tx,
    invitation_key,
    pending_invitations_tx,
    withdraw_invitation_tx,
)
from graph.organization_records import Organization
from graph.unit import Tx
from graph.versioning import network_unchanged

INVITED_ROLES = ("partner", "associate")


def parse_euros(text: str) -> int | None:
    """Whole euros as Italians write them, at most ten billion; None when it is not such
    an amount.

    >>> [parse_euros(t) for t in ("100000", "100.000", "1 250 000", "12,00", "12,5", "-3")]
    [100000, 100000, 1250000, 12, None, None]
    >>> parse_euros("9" * 20) is None
    True
    """
    return parse_bounded(text, EUROS)


def _editable_work(tx: Tx, consortium_id: str) -> bool:
    return lock_consortium_tx(tx, consortium_id=consortium_id) in EDITABLE


@network_unchanged  # an offer changes nobody's ties until it is accepted
def _invite_work(
    tx: Tx,
    *,
    consortium_id: str,
    org_id: str,
    invitation: dict[str, Any],
    days: int,
    claim_mail: OutgoingMail | None,
) -> str:
    if not _editable_work(tx, consortium_id):
        return "closed"
    outcome = create_invitation_tx(
        tx, invitation=invitation, consortium_id=consortium_id, org_id=org_id, days=days
    )
    if outcome == "created":
        offer_claim_tx(tx, org_id=org_id, mail=claim_mail)
    return outcome


def invite(
    graph: Graph,
    actor: audit.Actor,
    view: ConsortiumView,
    *,
    org: Organization,
    role: str,
    lines: list[BudgetLine],
    days: int,
    claim_mail: OutgoingMail | None = None,
) -> str:
    """Invite an organisation with a role and budget lines; returns the invitation id.

    ``claim_mail`` goes to the organisation's contact address in the same transaction if
    nobody acts for it (app.services.claims).

    Refused (ConsortiumError) when the consortium is no longer editable, the role is not
    one the call gives to the organisation's kind, an associate is offered a budget, the
    organisation is already a member or already has a pending invitation.
    """
    if role not in INVITED_ROLES:
        raise ConsortiumError("bad_role")
    allowed = role_for_kind(view.rules, org.kind, view.consortium.line)
    kinds_key = "member_kinds" if role == "partner" else "associate_kinds"
    if org.kind not in (view.active_rules.get(kinds_key) or ()):
        raise ConsortiumError("kind_not_allowed", role=role, allowed=allowed)
    if role == "associate" and any(b.amount_eur for b in lines):
        raise ConsortiumError("associate_budget")
    invitation = {
        "id": str(uuid.uuid4()),
        "role": role,
        "pending_key": invitation_key(view.id, org.id),
        "budget_eur": sum(b.amount_eur for b in lines),
        "budget_lines": BudgetLine.dump(lines),
        "invited_by": actor.user_id,
    }
    try:
        outcome = graph.write(
            _invite_work,
            consortium_id=view.id,
            org_id=org.id,
            invitation=invitation,
            days=days,
            claim_mail=claim_mail,
        )
    except Conflict as exc:
        raise ConsortiumError("already_invited") from exc
    if outcome != "created":
        raise ConsortiumError({"closed": "not_editable"}.get(outcome, outcome))
    audit.record(
        graph,
        actor,
        "consortium_invite",
        target_type="consortium",
        target_id=view.id,
        details={"organization": org.id, "role": role, "budget_eur": invitation["budget_eur"]},
    )
    return str(invitation["id"])


def get_invitation(graph: Graph, invitation_id: str) -> AddressedInvitation | None:
    """An invitation with its consortium and organisation (for the access check)."""
    return graph.read(get_invitation_tx, invitation_id=invitation_id)


def _answer_work(
    tx: Tx, *, consortium_id: str, invitation_id: str, accept: bool, decided_by: str | None
) -> str:
    if not _editable_work(tx, consortium_id) and accept:
        return "closed"
    before = failing_rules_tx(tx, consortium_id=consortium_id) if accept else None
    outcome = str(
        answer_invitation_tx(tx, invitation_id=invitation_id, accept=accept, decided_by=decided_by)
    )
    if outcome == "accepted":
        notify_new_failures_tx(tx, consortium_id=consortium_id, before=before, actor_id=decided_by)
    return outcome


def answer(graph: Graph, actor: audit.Actor, invitation: AddressedInvitation, accept: bool) -> str:
    """Accept or decline; returns accepted, declined, expired, not_pending or closed."""
    outcome = str(
        graph.write(
            _answer_work,
            consortium_id=invitation.consortium_id,
            invitation_id=invitation.id,
            accept=accept,
            decided_by=actor.user_id,
        )
    )
    audit.record(
        graph,
        actor,
        "invitation_answer",
        target_type="consortium",
        target_id=invitation.consortium_id,
        outcome="ok" if outcome in ("accepted", "declined") else "refused",
        details={
            "invitation": invitation.id,
            "organization": invitation.org_id,
            "answer": outcome,
        },
    )
    return outcome


def withdraw(graph: Graph, actor: audit.Actor, consortium_id: str, invitation_id: str) -> bool:
    """Withdraw a pending invitation."""
    done = bool(
        graph.write(
            withdraw_invitation_tx,
            invitation_id=invitation_id,
            consortium_id=consortium_id,
            decided_by=actor.user_id,
        )
    )
    if done:
        audit.record(
            graph,
            actor,
            "invitation_withdraw",
            target_type="consortium",
            target_id=consortium_id,
            details={"invitation": invitation_id},
        )
    return done


# Budgets are not part of the analysed network: cached analyses stay valid. (graph.write
# reads the mark on the function it is given, so it goes here, not on the statement.)
@network_unchanged
def _budget_work(
    tx: Tx, *, consortium_id: str, org_id: str, total: int, text: str, actor_id: str | None = None
) -> bool:
    if not _editable_work(tx, consortium_id):
        return False
    before = failing_rules_tx(tx, consortium_id=consortium_id)
    done = bool(
        set_member_budget_tx(
            tx, consortium_id=consortium_id, org_id=org_id, budget_eur=total, budget_lines=text
        )
    )
    if done:
        notify_new_failures_tx(tx, consortium_id=consortium_id, before=before, actor_id=actor_id)
    return done


def set_budget(
    graph: Graph, actor: audit.Actor, view: ConsortiumView, org_id: str, lines: list[BudgetLine]
) -> None:
    """Replace a member's budget lines (associates carry no budget)."""
    member = view.member(org_id)
    if member is None:
        raise ConsortiumError("not_member")
    if member.role == "associate" and any(b.amount_eur for b in lines):
        raise ConsortiumError("associate_budget")
    total = sum(b.amount_eur for b in lines)
    if not graph.write(
        _budget_work,
        consortium_id=view.id,
        org_id=org_id,
        total=total,
        text=BudgetLine.dump(lines),
        actor_id=actor.user_id,
    ):
        raise ConsortiumError("not_editable")
    audit.record(
        graph,
        actor,
        "consortium_budget",
        target_type="consortium",
        target_id=view.id,
        details={"organization": org_id, "budget_eur": total},
    )


def _remove_work(tx: Tx, *, consortium_id: str, org_id: str, actor_id: str | None = None) -> bool:
    if not _editable_work(tx, consortium_id):
        return False
    before = failing_rules_tx(tx, consortium_id=consortium_id)
    done = bool(remove_member_tx(tx, consortium_id=consortium_id, org_id=org_id))
    if done:
        notify_new_failures_tx(tx, consortium_id=consortium_id, before=before, actor_id=actor_id)
    return done


def remove_member(graph: Graph, actor: audit.Actor, view: ConsortiumView, org_id: str) -> None:
    """Take a partner or associate out of the consortium (never the lead)."""
    if not graph.write(_remove_work, consortium_id=view.id, org_id=org_id, actor_id=actor.user_id):
        raise ConsortiumError("not_removable")
    audit.record(
        graph,
        actor,
        "consortium_remove_member",
        target_type="consortium",
        target_id=view.id,
        details={"organization": org_id},
    )


def pending_for(
    graph: Graph, org_ids: list[str], district_codes: list[str]
) -> list[PendingInvitation]:
    """Live invitations to organisations (or districts) a user answers for."""
    return graph.read(pending_invitations_tx, org_ids=org_ids, district_codes=district_codes)
