"""Partnerships between organisations: request, accept, decline, withdraw, expire, end.

Who may act for which side is the policy's business (``app.policy``); this module keeps
the state machine (pending -> accepted | declined | withdrawn | expired) and writes every
change to the audit log. Expiry is applied lazily before every read and by
``flask partnerships expire``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from app.services import audit
from app.services.claims import offer_claim_tx
from app.services.errors import CodedError
from app.services.outgoing import OutgoingMail
from graph import partnership_repo as repo
from graph.driver import Graph
from graph.errors import Conflict
from graph.model import PARTNERSHIP_TYPES
from graph.partnership_records import OrgRef, PartnershipOf, RequestBetween
from graph.unit import Tx
from graph.versioning import network_unchanged

MAX_MESSAGE: Final = 1000
HISTORY_LIMIT: Final = 200
#: Strength recorded for a partnership made on the platform, by type (the middle of the
#: ranges the seed uses; the analysis reads it as a tie weight).
STRENGTH: Final[dict[str, float]] = {
    "formal_agreement": 0.75,
    "joint_project": 0.65,
    "subsidiarity_pact": 0.75,
    "informal": 0.3,
}
_ROME: Final = ZoneInfo("Europe/Rome")
#: The side that may take each answer: the receiver accepts or declines, the sender withdraws.
ANSWER_SIDE: Final[dict[str, str]] = {"accept": "to", "decline": "to", "withdraw": "from"}


class PartnershipError(CodedError):
    """A refused step, with a code the routes turn into a message."""


@dataclass(frozen=True)
class Inbox:
    """What one organisation sees: requests waiting on it, its own, history, partners."""

    incoming: list[RequestBetween]
    outgoing: list[RequestBetween]
    history: list[RequestBetween]
    partnerships: list[PartnershipOf]


def utc_now() -> datetime:
    return datetime.now(UTC)


def today_in_italy() -> date:
    return datetime.now(_ROME).date()


def request_partnership(
    graph: Graph,
    actor: audit.Actor,
    *,
    from_id: str,
    to_id: str,
    type_: str,
    message: str,
    ttl_days: int,
    now: datetime | None = None,
    claim_mail: OutgoingMail | None = None,
) -> str:
    """Open a request from ``from_id`` to ``to_id`` and return its id.

    ``claim_mail`` goes to the receiver's contact address in the same transaction if
    nobody acts for the receiver (app.services.claims).

    Raises PartnershipError: ``self``, ``type``, ``message_too_long``, ``missing``,
    ``partners`` (already active partners) or ``pending`` (a request waits already).
    """
    now = now or utc_now()
    if from_id == to_id:
        raise PartnershipError("self")
    if type_ not in PARTNERSHIP_TYPES:
        raise PartnershipError("type")
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise PartnershipError("message_too_long")
    expire_pending(graph, now=now)
    request: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "from_id": from_id,
        "to_id": to_id,
        "type": type_,
        "message": message,
        "created_at": now,
        "expires_at": now + timedelta(days=ttl_days),
        "requested_by": actor.user_id,
        "pending_key": repo.pair_key(from_id, to_id),
    }
    try:
        outcome = graph.write(
            _request_work, request=request, today=_today(now), claim_mail=claim_mail
        )
    except Conflict:
        outcome = "pending"
    if outcome != "created":
        raise PartnershipError(outcome)
    audit.record(
        graph,
        actor,
        "partnership_requested",
        target_type="partnership_request",
        target_id=request["id"],
        details={"from": from_id, "to": to_id, "type": type_},
    )
    return str(request["id"])


@network_unchanged
def _request_work(
    tx: Tx, *, request: dict[str, Any], today: date, claim_mail: OutgoingMail | None
) -> str:
    outcome = str(repo.create_request_tx(tx, request=request, today=today))
    if outcome == "created":
        offer_claim_tx(tx, org_id=request["to_id"], mail=claim_mail)
    return outcome


def get_request(
    graph: Graph, request_id: str, *, now: datetime | None = None
) -> RequestBetween | None:
    """One request (expiry applied first) with ``from_org`` and ``to_org``."""
    expire_pending(graph, now=now)
    return graph.read(repo.get_request_tx, request_id=request_id)


def answering_organization(found: RequestBetween, action: str) -> OrgRef | None:
    """The organisation of request ``found`` (as ``get_request`` gives it) that may take
    ``action``: the receiver accepts or declines, the sender withdraws; None for an
    unknown action. Whether the user acts for it is the caller's policy check.

    >>> from graph.partnership_records import PartnershipRequest
    >>> asked = PartnershipRequest("R", "pending", None, None, None, None, None, None)
    >>> found = RequestBetween(asked, OrgRef("ORG-A", None, None, None),
    ...                        OrgRef("ORG-B", None, None, None))
    >>> [getattr(answering_organization(found, a), "id", None) for a in
    ...  ("accept", "decline", "withdraw", "end")]
    ['ORG-B', 'ORG-B', 'ORG-A', None]
    """
    side = ANSWER_SIDE.get(action)
    if side is None:
        return None
    return found.to_org if side == "to" else found.from_org


def answer(
    graph: Graph,
    actor: audit.Actor,
    request_id: str,
    action: str,
    *,
    now: datetime | None = None,
) -> str:
    """Accept, decline or withdraw a pending request; returns the new status.

    Raises PartnershipError: ``action`` (unknown), ``closed`` (no longer pending).
    Accepting creates the partnership (source ``platform``, since today) in the same
    transaction; if the two became partners meanwhile none is added (``partners``).
    """
    if action not in ANSWER_SIDE:
        raise PartnershipError("action")
    now = now or utc_now()
    expire_pending(graph, now=now)
    request = graph.read(repo.get_request_tx, request_id=request_id)
    if request is None or request.request.status != "pending":
        raise PartnershipError("closed")
    if action == "accept":
        partnership = {
            "id": f"PLT-{uuid.uuid4().hex[:16]}",
            "strength": STRENGTH.get(request.request.type or "", 0.5),
        }
        outcome = graph.write(
            repo.accept_request_tx,
            request_id=request_id,
            actor_id=actor.user_id,
            now=now,
            today=_today(now),
            partnership=partnership,
        )
        if outcome == "closed":
            raise PartnershipError("closed")
        status = "accepted"
        details = {"partnership_id": partnership["id"] if outcome == "accepted" else None}
    else:
        status = "declined" if action == "decline" else "withdrawn"
        if not graph.write(
            repo.close_request_tx,
            request_id=request_id,
            status=status,
            actor_id=actor.user_id,
            now=now,
        ):
            raise PartnershipError("closed")
        details = {}
    audit.record(
        graph,
        actor,
        f"partnership_{status}",
        target_type="partnership_request",
        target_id=request_id,
        details={"from": request.from_org.id, "to": request.to_org.id, **details},
    )
    return status


def get_partnership(graph: Graph, partnership_id: str) -> PartnershipOf | None:
    """One partnership with its two organisations, or None."""
    return graph.read(repo.get_partnership_tx, partnership_id=partnership_id)


def end_partnership(
    graph: Graph,
    actor: audit.Actor,
    partnership_id: str,
    until: date,
    *,
    now: datetime | None = None,
) -> None:
    """Record the end date of an open partnership.

    Raises PartnershipError: ``missing``, ``ended_before`` or ``before_start``.
    """
    outcome = graph.write(
        repo.end_partnership_tx,
        partnership_id=partnership_id,
        until=until,
        actor_id=actor.user_id,
        now=now or utc_now(),
    )
    if outcome != "ended":
        raise PartnershipError(outcome)
    audit.record(
        graph,
        actor,
        "partnership_ended",
        target_type="partnership",
        target_id=partnership_id,
        details={"until": until.isoformat()},
    )


def expire_pending(graph: Graph, *, now: datetime | None = None) -> int:
    """Expire every pending request past its time; each expiry is audited. Returns how many."""
    expired = graph.write(repo.expire_requests_tx, now=now or utc_now())
    for row in expired:
        audit.record(
            graph,
            audit.Actor(),
            "partnership_request_expired",
            target_type="partnership_request",
            target_id=row.id,
            details={"from": row.from_id, "to": row.to_id},
        )
    return len(expired)


def organizations(graph: Graph, org_ids: list[str]) -> list[OrgRef]:
    """The named organisations (district codes resolve to their district), by name."""
    return graph.read(repo.organizations_tx, org_ids=sorted(set(org_ids))) if org_ids else []


def inbox(graph: Graph, org_id: str, *, now: datetime | None = None) -> Inbox:
    """Requests and partnerships of one organisation, expiry applied first."""
    expire_pending(graph, now=now)
    requests = graph.read(repo.requests_of_tx, org_ids=[org_id], limit=HISTORY_LIMIT)
    pending = [r for r in requests if r.request.status == "pending"]
    return Inbox(
        incoming=[r for r in pending if r.to_org.id == org_id],
        outgoing=[r for r in pending if r.from_org.id == org_id],
        history=[r for r in requests if r.request.status != "pending"],
        partnerships=graph.read(repo.partnerships_of_tx, org_id=org_id),
    )


def _today(now: datetime) -> date:
    return now.astimezone(_ROME).date()
