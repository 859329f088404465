"""Consortia: open one for a call, see it checked live against the call's rules, move it
through the call's phases (refused while a blocking rule fails), list them."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.services import audit
from app.services.calls import first_deadline_passed, get_call, phase_facts
from app.services.errors import CodedError
from app.services.rules import (
    EDITABLE,
    SUBMITTED,
    ConsortiumFacts,
    MemberFacts,
    RuleResult,
    Transition,
    effective_rules,
    evaluate,
    transitions,
)
from graph.call_records import Call
from graph.consortium_records import (
    Consortium,
    ConsortiumInvitation,
    ConsortiumListing,
    ConsortiumMember,
    ConsortiumSnapshot,
    DistrictRef,
    LeadCandidate,
    MemberAttributes,
)
from graph.consortium_repo import (
    all_consortia_tx,
    consortia_for_tx,
    consortium_by_key_tx,
    consortium_facts_tx,
    create_consortium_tx,
    delete_draft_tx,
    lead_candidate_tx,
    lock_consortium_tx,
    set_status_tx,
)
from graph.driver import Graph
from graph.errors import Conflict
from graph.unit import Tx


class ConsortiumError(CodedError):
    """A refused operation, with a code the routes turn into a message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.params = params


@dataclass(frozen=True)
class ConsortiumView:
    """A consortium as its page shows it, with the verdict of every rule."""

    consortium: Consortium
    call: Call
    district: DistrictRef | None
    members: tuple[ConsortiumMember, ...]
    invitations: tuple[ConsortiumInvitation, ...]
    rules: dict[str, Any]
    rules_version: int
    results: list[RuleResult]
    transitions: list[Transition]
    facts: ConsortiumFacts

    @property
    def id(self) -> str:
        return self.consortium.id

    @property
    def status(self) -> str:
        return self.consortium.status

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def lead(self) -> ConsortiumMember | None:
        return next((m for m in self.members if m.role == "lead"), None)

    @property
    def total_budget(self) -> int:
        return sum(m.budget_eur for m in self.members)

    @property
    def blocking(self) -> list[RuleResult]:
        return [r for r in self.results if r.blocks]

    @property
    def pending(self) -> list[ConsortiumInvitation]:
        return [i for i in self.invitations if i.status == "pending"]

    @property
    def active_rules(self) -> dict[str, Any]:
        """The rules with the consortium's line applied."""
        return effective_rules(self.rules, self.consortium.line)

    def member(self, org_id: str) -> ConsortiumMember | None:
        """The member organisation ``org_id``, if it is one."""
        return next((m for m in self.members if m.org_id == org_id), None)

    def names(self) -> dict[str, str]:
        """Organisation id to name, for members and invitees."""
        parties: list[ConsortiumMember | ConsortiumInvitation] = [
            *self.members,
            *self.invitations,
        ]
        return {o.org_id: o.name for o in parties}


def member_facts(member: MemberAttributes, role: str, budget_eur: int = 0) -> MemberFacts:
    """What the per-member rules read of an organisation in ``role``."""
    return MemberFacts(
        org_id=member.org_id,
        name=member.name,
        kind=member.kind,
        role=role,
        non_profit=member.non_profit,
        size_class=member.size_class,
        capabilities=frozenset(member.capabilities),
        themes=frozenset(member.themes),
        budget_eur=budget_eur,
    )


def build_view(
    data: ConsortiumSnapshot, today: date | None, target: str | None = None
) -> ConsortiumView:
    """Check the consortium's facts (as read by consortium_facts_tx) against its rules.

    Once submitted, a consortium is judged by the rules version recorded at submission;
    before that, by the rules in force.
    """
    consortium, call = data.consortium, data.call
    rules_json, version = call.rules_json, call.rules_version
    if consortium.status in SUBMITTED and data.checked_rules_json:
        rules_json = data.checked_rules_json
        version = int(consortium.rules_checked_version or version)
    rules = json.loads(rules_json)
    facts = ConsortiumFacts(
        members=tuple(member_facts(m, m.role, m.budget_eur) for m in data.members),
        status=consortium.status,
        line=consortium.line,
        district_code=data.district.code if data.district else None,
        funded_in_edition=data.funded_in_edition,
        target_status=target,
        phases=phase_facts(call.phases),
        today=today,
        practice=call.practice_mode,
    )
    return ConsortiumView(
        consortium=consortium,
        call=call,
        district=data.district,
        members=data.members,
        invitations=data.invitations,
        rules=rules,
        rules_version=version,
        results=evaluate(rules, facts),
        transitions=transitions(consortium.status, len(call.phases)),
        facts=facts,
    )


def load_view(graph: Graph, consortium_id: str, today: date | None = None) -> ConsortiumView | None:
    """The consortium checked live, or None when there is no such consortium."""
    data = graph.read(consortium_facts_tx, consortium_id=consortium_id)
    return build_view(data, today or date.today()) if data else None


def find_lead(graph: Graph, org_id: str) -> LeadCandidate | None:
    """An organisation (or a district, by code) that would lead a consortium."""
    return graph.read(lead_candidate_tx, org_id=org_id)


def edition_of(call: Call, today: date) -> int:
    """A call's edition: the year of its first deadline (today's year when it has none)."""
    deadlines = [p.deadline for p in call.phases if p.deadline]
    return deadlines[0].year if deadlines else today.year


def create_consortium(
    graph: Graph,
    actor: audit.Actor,
    *,
    call_code: str,
    lead: LeadCandidate,
    title: str,
    line: str | None,
    today: date | None = None,
) -> str:
    """Open a draft consortium led by ``lead``; returns its id.

    Where the call allows one consortium per district, concurrent requests queue on
    the call (see ``create_consortium_tx``), backed by the uniqueness constraint on
    ``district_call_key``: the loser gets ``ConsortiumError('district_taken',
    existing=...)``.
    """
    today = today or date.today()
    found = get_call(graph, call_code)
    if found is None:
        raise ConsortiumError("unknown_call")
    call = found.call
    lines = [candidate["code"] for candidate in call.rules.get("lines") or ()]
    if lines and line not in lines:
        raise ConsortiumError("line_required")
    line = line if lines else None
    passed = None if call.practice_mode else first_deadline_passed(call.phases, today)
    if passed is not None:
        raise ConsortiumError("deadline_passed", deadline=passed)
    if lead.kind not in effective_rules(call.rules, line)["lead_kinds"]:
        raise ConsortiumError("lead_not_eligible", kinds=call.rules["lead_kinds"])
    district = lead.district_code
    edition = edition_of(call, today)
    key = None
    if call.rules.get("one_per_district"):
        if district is None:
            raise ConsortiumError("no_district")
        key = f"{call_code}:{edition}:{district}"
    consortium_id = f"CNS-{call_code}-{edition}-{secrets.token_hex(4).upper()}"
    row = {
        "id": consortium_id,
        "call_code": call_code,
        "title": title.strip(),
        "status": "draft",
        "year": edition,
        "district_code": district,
        "district_call_key": key,
        "line": line,
        "created_by": actor.user_id,
        "rules_checked_version": call.rules_version,
    }
    try:
        holder = graph.write(create_consortium_tx, consortium=row, lead_id=lead.id)
    except Conflict as exc:  # a writer outside create_consortium_tx got there first
        existing = graph.read(consortium_by_key_tx, key=key) if key else None
        raise ConsortiumError("district_taken", existing=existing) from exc
    if holder is not None:
        raise ConsortiumError("district_taken", existing=holder)
    audit.record(
        graph,
        actor,
        "consortium_create",
        target_type="consortium",
        target_id=consortium_id,
        details={"call": call_code, "lead": lead.id},
    )
    return consortium_id


def _transition_work(
    tx: Tx,
    *,
    consortium_id: str,
    target: str,
    allowed_by: list[str],
    today: date,
    actor_id: str | None,
) -> tuple[str, list[RuleResult], int]:
    """Lock, re-read, re-check and move, all in one transaction (no check-then-write)."""
    status = lock_consortium_tx(tx, consortium_id=consortium_id)
    data = consortium_facts_tx(tx, consortium_id=consortium_id) if status else None
    if data is None:
        return "missing", [], 0
    view = build_view(data, today, target=target)
    move = next((t for t in view.transitions if t.target == target), None)
    if move is None:
        return "not_allowed", [], view.rules_version
    if move.by not in allowed_by:
        return "forbidden", [], view.rules_version
    blocking = view.blocking if move.checked else []
    if any(r.rule == "deadline" for r in blocking):
        return "deadline", blocking, view.rules_version
    if blocking:
        return "refused", blocking, view.rules_version
    set_status_tx(
        tx,
        consortium_id=consortium_id,
        from_status=view.status,
        to_status=target,
        rules_version=view.rules_version,
        checked=move.checked,
        actor_id=actor_id,
    )
    return "ok", [], view.rules_version


def change_status(
    graph: Graph,
    actor: audit.Actor,
    consortium_id: str,
    target: str,
    *,
    allowed_by: list[str],
    today: date | None = None,
) -> tuple[str, list[RuleResult]]:
    """Move a consortium to ``target`` if the lifecycle, the actor and the rules allow.

    Returns ``(outcome, blocking results)``; outcome is ``ok``, ``refused`` (blocking rules
    fail), ``deadline`` (the phase's deadline has passed and the call is not in practice
    mode), ``not_allowed`` (no such move from here), ``forbidden`` or ``missing``.
    """
    outcome, blocking, version = graph.write(
        _transition_work,
        consortium_id=consortium_id,
        target=target,
        allowed_by=allowed_by,
        today=today or date.today(),
        actor_id=actor.user_id,
    )
    if outcome in ("ok", "refused", "deadline"):
        audit.record(
            graph,
            actor,
            "consortium_status",
            target_type="consortium",
            target_id=consortium_id,
            outcome="ok" if outcome == "ok" else "refused",
            details={
                "target": target,
                "rules_version": version,
                "blocking": [r.code for r in blocking],
            },
        )
    return outcome, blocking


def delete_draft(graph: Graph, actor: audit.Actor, consortium_id: str) -> bool:
    """Delete a draft (and so free its district-and-call place)."""
    deleted = graph.write(delete_draft_tx, consortium_id=consortium_id)
    if deleted:
        audit.record(
            graph, actor, "consortium_delete", target_type="consortium", target_id=consortium_id
        )
    return bool(deleted)


def consortia_for(
    graph: Graph, org_ids: list[str], district_codes: list[str], limit: int = 200
) -> list[ConsortiumListing]:
    """The consortia a user is involved in."""
    return graph.read(consortia_for_tx, org_ids=org_ids, district_codes=district_codes, limit=limit)


def all_consortia(
    graph: Graph, *, call: str | None = None, status: str | None = None, limit: int = 200
) -> list[ConsortiumListing]:
    """Every consortium (newest first), optionally of one call or status."""
    return graph.read(all_consortia_tx, call=call, status=status, limit=limit)


def live_state(view: ConsortiumView) -> dict[str, Any]:
    """What a consortium page shows that others can change (members, invitations,
    status, verdicts), as counts and a digest that changes whenever any of it does."""
    state = [
        view.status,
        sorted([m.org_id, m.role, m.budget_eur] for m in view.members),
        sorted([i.id, i.status] for i in view.invitations),
        [[r.code, r.status] for r in view.results],
    ]
    digest = hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()[:16]
    return {
        "digest": digest,
        "status": view.status,
        "members": len(view.members),
        "pending": len(view.pending),
        "blocking": len(view.blocking),
    }
