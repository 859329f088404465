"""Partnerships: those of the organisations the caller acts for, requests and their answers,
and ending a partnership, with the same checks as the partnership pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, NoReturn

from flask import abort, current_app

from app.access import current_actor
from app.acting import acting_organizations, partnership_side, request_answerer
from app.api.common import Blueprint, documented
from app.api.schemas import paged
from app.api.schemas_network import (
    EndSchema,
    NewRequestSchema,
    PartnershipArgs,
    PartnershipPageSchema,
    PartnershipRequestSchema,
    PartnershipSchema,
    RequestArgs,
    RequestPageSchema,
)
from app.extensions import get_graph
from app.lookup import found_or_404
from app.mail.claim import claim_mail
from app.services import partnerships
from app.wording.partnerships import refusal
from graph.partnership_records import OrgRef, RequestBetween

bp = Blueprint(
    "partnerships",
    __name__,
    description="Partnerships and partnership requests between organisations.",
)


def _mine(wanted: str | None) -> list[OrgRef]:
    """The organisation asked for (403 unless the caller acts for it), or all of theirs."""
    orgs, chosen = acting_organizations(wanted)
    return [chosen] if wanted and chosen else orgs


def _refused(exc: partnerships.PartnershipError) -> NoReturn:
    """A refused step: 404 when an organisation has gone, otherwise 409, with the reason."""
    abort(404 if exc.code == "missing" else 409, refusal(exc.code))


def _request(request_id: str) -> dict[str, Any]:
    """One request as the API shows it."""
    found = found_or_404(partnerships.get_request(get_graph(), request_id))
    return _request_json(found)


def _request_json(found: RequestBetween) -> dict[str, Any]:
    return {
        **asdict(found.request),
        "from_org": asdict(found.from_org),
        "to_org": asdict(found.to_org),
    }


@bp.route("/partnerships")
@bp.arguments(PartnershipArgs, location="query")
@bp.response(200, PartnershipPageSchema)
@documented(bp, 404)
def list_partnerships(args: dict[str, Any]) -> dict[str, Any]:
    """Partnerships, past and present, of the organisations you act for."""
    graph = get_graph()
    items = [
        {
            **asdict(row.partnership),
            "organization": org.id,
            # as listed: the partner's id, name and kind (no code)
            "partner": {"id": row.partner.id, "name": row.partner.name, "kind": row.partner.kind},
        }
        for org in _mine(args.get("org"))
        for row in partnerships.inbox(graph, org.id).partnerships
    ]
    return paged(items, args)


@bp.route("/partnerships/requests")
@bp.arguments(RequestArgs, location="query")
@bp.response(200, RequestPageSchema)
@documented(bp, 404)
def list_requests(args: dict[str, Any]) -> dict[str, Any]:
    """Requests sent and received by the organisations you act for, newest first."""
    graph = get_graph()
    found: dict[str, dict[str, Any]] = {}
    for org in _mine(args.get("org")):
        box = partnerships.inbox(graph, org.id)
        for row in [*box.incoming, *box.outgoing, *box.history]:
            found[row.request.id] = _request_json(row)
    items = sorted(
        found.values(), key=lambda r: (str(r.get("created_at") or ""), r["id"]), reverse=True
    )
    status = args.get("status")
    return paged([r for r in items if status is None or r["status"] == status], args)


@bp.route("/partnerships", methods=["POST"])
@bp.arguments(NewRequestSchema)
@bp.response(201, PartnershipRequestSchema)
@documented(bp, 404, 409)
def request_partnership(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Propose a partnership to another organisation; it waits for their answer."""
    graph = get_graph()
    target = next(iter(partnerships.organizations(graph, [body["to_org"]])), None)
    if target is None or target.id != body["to_org"]:
        abort(404)
    _orgs, sender = acting_organizations(body["from_org"])
    assert sender is not None  # acting_organizations refuses an organisation it cannot act for
    try:
        request_id = partnerships.request_partnership(
            graph,
            current_actor(),
            from_id=sender.id,
            to_id=target.id,
            type_=body["type"],
            message=body["message"],
            ttl_days=int(current_app.config["PARTNERSHIP_REQUEST_TTL_DAYS"]),
            claim_mail=claim_mail(target.id, event="request", sender=sender.name or ""),
        )
    except partnerships.PartnershipError as exc:
        _refused(exc)
    return _request(request_id), 201


def _answer(request_id: str, action: str) -> dict[str, Any]:
    """Take ``action`` on a pending request for the side that may take it."""
    if request_answerer(request_id, action) is None:  # the routes below pass known actions only
        raise ValueError(f"unknown action {action!r}")
    try:
        partnerships.answer(get_graph(), current_actor(), request_id, action)
    except partnerships.PartnershipError as exc:
        _refused(exc)
    return _request(request_id)


@bp.route("/partnerships/requests/<request_id>/accept", methods=["POST"])
@bp.response(200, PartnershipRequestSchema)
@documented(bp, 404, 409)
def accept_request(request_id: str) -> dict[str, Any]:
    """Accept a request made to an organisation you act for: the partnership starts today."""
    return _answer(request_id, "accept")


@bp.route("/partnerships/requests/<request_id>/decline", methods=["POST"])
@bp.response(200, PartnershipRequestSchema)
@documented(bp, 404, 409)
def decline_request(request_id: str) -> dict[str, Any]:
    """Decline a request made to an organisation you act for."""
    return _answer(request_id, "decline")


@bp.route("/partnerships/requests/<request_id>/withdraw", methods=["POST"])
@bp.response(200, PartnershipRequestSchema)
@documented(bp, 404, 409)
def withdraw_request(request_id: str) -> dict[str, Any]:
    """Withdraw a request made by an organisation you act for."""
    return _answer(request_id, "withdraw")


@bp.route("/partnerships/<partnership_id>/end", methods=["POST"])
@bp.arguments(EndSchema)
@bp.response(200, PartnershipSchema)
@documented(bp, 404, 409)
def end_partnership(body: dict[str, Any], partnership_id: str) -> dict[str, Any]:
    """Record the end date of a partnership of an organisation you act for."""
    graph = get_graph()
    found, org, partner = partnership_side(partnership_id)
    try:
        partnerships.end_partnership(graph, current_actor(), partnership_id, body["until"])
    except partnerships.PartnershipError as exc:
        _refused(exc)
    ended = partnerships.get_partnership(graph, partnership_id) or found
    # as before: the partnership without ended_at, the partner with its code
    shown = {k: v for k, v in asdict(ended.partnership).items() if k != "ended_at"}
    return {**shown, "organization": org.id, "partner": asdict(partner)}
