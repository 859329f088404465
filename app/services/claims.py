"""Organisations without users, claimed by their people.

A partnership request or consortium invitation to an organisation nobody acts for is
mailed to its contact address, in the same transaction, with a signed link to claim the
organisation. Whoever follows it registers or logs in (with a confirmed address) and
claims it; the claim waits for an administrator (``CLAIM_APPROVAL=admin``, the default)
or, with ``CLAIM_APPROVAL=email-domain``, is approved at once when the claimant's
confirmed address is at the domain of the organisation's contact address (not a public
mail provider's). Once approved, the claimant acts for the organisation and finds the
request or invitation waiting.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from app.services import audit, memberships, tokens
from app.services.accounts import CurrentUser, normalise_email
from app.services.outgoing import OutgoingMail, queue_tx
from graph.claim_repo import (
    claim_target_tx,
    count_pending_queue_tx,
    join_request_tx,
    pending_queue_tx,
    submit_claim_tx,
    unclaimed_contact_tx,
)
from graph.driver import Graph
from graph.errors import Conflict
from graph.membership_repo import is_pending_clash
from graph.unit import Tx

APPROVAL_MODES: Final = ("admin", "email-domain")
#: Mail providers anyone can have an address at: a match proves nothing.
PUBLIC_DOMAINS: Final = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.it",
        "outlook.com",
        "outlook.it",
        "live.com",
        "live.it",
        "yahoo.com",
        "yahoo.it",
        "icloud.com",
        "libero.it",
        "virgilio.it",
        "tiscali.it",
        "alice.it",
        "tim.it",
        "fastwebnet.it",
        "email.it",
        "inwind.it",
        "gmx.com",
        "pec.it",
        "legalmail.it",
        "proton.me",
        "protonmail.com",
    }
)
QUEUE_LIMIT: Final = 500


def domain_matches(user_email: str, contact_email: str | None) -> bool:
    """True when both addresses share a domain that is not a public provider's.

    >>> domain_matches("anna@coopalfa.it", "info@CoopAlfa.it")
    True
    >>> domain_matches("anna@gmail.com", "coopalfa@gmail.com"), domain_matches("a@x.it", None)
    (False, False)
    """
    if not contact_email or "@" not in contact_email or "@" not in user_email:
        return False
    domain = normalise_email(user_email).rsplit("@", 1)[1]
    return domain == normalise_email(contact_email).rsplit("@", 1)[1] and (
        domain not in PUBLIC_DOMAINS
    )


def needs_claim_mail(graph: Graph, org_id: str) -> dict[str, Any] | None:
    """The organisation (with its contact ``email``) if nobody acts for it and it has a
    contact address: a request or invitation to it should carry a claim link."""
    org = graph.read(claim_target_tx, org_id=org_id)
    return org if org and org["unclaimed"] and org["email"] else None


def claim_token(secret: str, org_id: str, contact: str) -> str:
    """The signed claim link's token for one organisation and its contact address."""
    return tokens.make(secret, tokens.CLAIM, {"org": org_id, "to": contact})


def offer_claim_tx(tx: Tx, *, org_id: str, mail: OutgoingMail | None) -> bool:
    """Queue the claim mail in the caller's transaction if the organisation is still
    unclaimed and ``mail`` goes to its contact address; True when queued."""
    if mail is None:
        return False
    contact = unclaimed_contact_tx(tx, org_id=org_id)
    if contact is None or normalise_email(contact) != normalise_email(mail.to):
        return False
    queue_tx(tx, mail)
    return True


def target(graph: Graph, *, secret: str, token: str) -> dict[str, Any] | None:
    """The organisation a claim link names (with ``contact``), or None if it is invalid."""
    payload = tokens.read(secret, tokens.CLAIM, token)
    if payload is None:
        return None
    org = graph.read(claim_target_tx, org_id=str(payload.get("org")))
    if org is None:
        return None
    return {**org, "contact": str(payload.get("to") or "")}


def submit(
    graph: Graph,
    actor: audit.Actor,
    *,
    user: CurrentUser,
    org: dict[str, Any],
    mode: str,
    queue_link: str,
) -> str:
    """Claim ``org`` (as ``target`` gives it) for ``user``: ``created`` (waits for an
    administrator), ``approved``, ``pending``, ``member``, ``claimed`` or ``unverified``."""
    if not user.email_verified:
        return "unverified"
    approve = mode == "email-domain" and domain_matches(user.email, org.get("email"))
    try:
        outcome = str(
            graph.write(
                submit_claim_tx,
                request_id=str(uuid.uuid4()),
                user_id=user.id,
                user_name=user.name,
                org=org,
                approve=approve,
                link=queue_link,
            )
        )
    except Conflict as exc:  # a concurrent claim or join request for the pair won
        if not is_pending_clash(exc):
            raise
        return "pending"
    if outcome in ("created", "approved"):
        audit.record(
            graph,
            actor,
            "organization_claim",
            target_type="organization",
            target_id=org["id"],
            outcome=outcome,
            details={"contact": org["contact"], "mode": mode},
        )
    return outcome


def queue(graph: Graph) -> tuple[list[dict[str, Any]], int]:
    """Pending join requests and claims of every organisation (oldest first), and how many."""
    return (graph.read(pending_queue_tx, limit=QUEUE_LIMIT), graph.read(count_pending_queue_tx))


def decide(graph: Graph, actor: audit.Actor, request_id: str, approve: bool) -> bool:
    """Approve or decline any pending join request or claim; False if none is pending."""
    found = graph.read(join_request_tx, request_id=request_id)
    if found is None or found["status"] != "pending":
        return False
    return memberships.decide(graph, actor, found["org_id"], request_id, approve)
