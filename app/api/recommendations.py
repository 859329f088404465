"""Suggested partners, each with its reasons, a page at a time: for an organisation, and for
a consortium; and the suggestions each dismissed (never suggested again) or kept."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app import policy
from app.access import current_actor
from app.acting import acting_organizations, consortium_or_404
from app.api.common import Blueprint, documented
from app.api.schemas import PageArgs
from app.api.schemas_network import (
    ConsortiumSuggestionsSchema,
    FeedbackListSchema,
    FeedbackSchema,
    NewFeedbackSchema,
    OrganizationSuggestionsSchema,
    SuggestionArgs,
    SuggestionPageArgs,
)
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import partnerships
from app.services import suggestion_feedback as feedback_service
from app.services.suggestion_feedback import FeedbackError, FeedbackItem, SuggestionPage
from app.wording.reasons import suggestion_json
from graph.partnership_records import OrgRef

bp = Blueprint(
    "recommendations",
    __name__,
    description="Partners suggested by the recommender, with their reasons; the "
    "suggestions dismissed and kept.",
)

DEFAULT_PER_PAGE = 10
_FEEDBACK = "<any(dismissed,kept):feedback>"


def _page(args: dict[str, Any], owner_type: str, owner_id: str, **options: Any) -> dict[str, Any]:
    per_page = args.get("per_page") or args.get("limit") or DEFAULT_PER_PAGE
    found: SuggestionPage = feedback_service.suggestions_page(
        get_graph(), owner_type, owner_id, page=args["page"], per_page=per_page, listed=0, **options
    )
    return {
        "items": [suggestion_json(s) for s in found.items],
        "page": found.page,
        "per_page": found.per_page,
        "has_next": found.has_next,
        "capped": found.capped,
    }


def _organization(org_id: str, *, read: bool) -> OrgRef:
    """The organisation: to read its suggestions, any one for staff and administrators;
    otherwise one the caller acts for (403 for another, audited)."""
    if read and policy.can_read_any_suggestions(current_user):
        found = partnerships.organizations(get_graph(), [org_id])
        chosen = found_or_404(next((o for o in found if org_id in (o.id, o.code)), None))
        return chosen
    _orgs, org = acting_organizations(org_id)
    assert org is not None  # acting_organizations refuses an organisation it cannot act for
    return org


def _item(item: FeedbackItem) -> dict[str, Any]:
    return {"org_id": item.candidate_id, "name": item.name, "kind": item.org_kind, "at": item.at}


def _listed(owner_type: str, owner_id: str, feedback: str, args: dict[str, Any]) -> dict[str, Any]:
    graph = get_graph()
    page, per_page = args["page"], args["per_page"]
    items = feedback_service.feedback_items(
        graph, owner_type, owner_id, feedback, skip=(page - 1) * per_page, limit=per_page
    )
    known = feedback_service.feedback(graph, owner_type, owner_id, listed=0)
    total = known.dismissed_total if feedback == "dismissed" else known.kept_total
    return {
        "owner": owner_id,
        "feedback": feedback,
        "items": [_item(i) for i in items],
        "page": page,
        "per_page": per_page,
        "total": total,
    }


def _refused(exc: FeedbackError) -> NoReturn:
    if exc.code == "self":
        abort(422, _("An organisation cannot be suggested to itself."))
    abort(404)


def _change(owner_type: str, owner_id: str, feedback: str, candidate: str, added: bool) -> None:
    change = feedback_service.Change(owner_type, owner_id, candidate, feedback)
    try:
        feedback_service.apply(get_graph(), current_actor(), change, added=added)
    except FeedbackError as exc:
        _refused(exc)


def _add(owner_type: str, owner_id: str, feedback: str, candidate: str) -> dict[str, Any]:
    _change(owner_type, owner_id, feedback, candidate, True)
    found = feedback_service.feedback_items(
        get_graph(), owner_type, owner_id, feedback, candidate_id=candidate
    )
    if not found:  # undone by someone else in between
        abort(404)
    return _item(found[0])


def _remove(owner_type: str, owner_id: str, feedback: str, candidate: str) -> None:
    _change(owner_type, owner_id, feedback, candidate, False)


@bp.route("/organizations/<org_id>/recommendations")
@bp.arguments(SuggestionArgs, location="query")
@bp.response(200, OrganizationSuggestionsSchema)
@documented(bp, 404)
def for_organization(args: dict[str, Any], org_id: str) -> dict[str, Any]:
    """Partners suggested for an organisation you act for (regional staff and
    administrators: any organisation), optionally for one call; never one it dismissed or
    kept."""
    org = _organization(org_id, read=True)
    call = args.get("call")
    return {
        "organization": org.id,
        "call": call,
        **_page(args, "organization", org.id, call_code=call),
    }


@bp.route(f"/organizations/<org_id>/recommendations/{_FEEDBACK}")
@bp.arguments(PageArgs, location="query")
@bp.response(200, FeedbackListSchema)
@documented(bp, 404)
def organization_feedback(args: dict[str, Any], org_id: str, feedback: str) -> dict[str, Any]:
    """The suggestions an organisation dismissed, or kept on its shortlist, newest first."""
    return _listed("organization", _organization(org_id, read=True).id, feedback, args)


@bp.route(f"/organizations/<org_id>/recommendations/{_FEEDBACK}", methods=["POST"])
@bp.arguments(NewFeedbackSchema)
@bp.response(201, FeedbackSchema)
@documented(bp, 404)
def add_organization_feedback(body: dict[str, Any], org_id: str, feedback: str) -> dict[str, Any]:
    """Dismiss a suggestion for an organisation you act for (never suggested again), or
    keep it on the shortlist (not suggested either); the other list loses it."""
    owner = _organization(org_id, read=False).id
    return _add("organization", owner, feedback, body["org_id"])


@bp.route(f"/organizations/<org_id>/recommendations/{_FEEDBACK}/<candidate_id>", methods=["DELETE"])
@bp.response(204)
@documented(bp, 404)
def remove_organization_feedback(org_id: str, feedback: str, candidate_id: str) -> None:
    """Undo a dismissal (the organisation may be suggested again) or take it off the
    shortlist."""
    _remove("organization", _organization(org_id, read=False).id, feedback, candidate_id)


@bp.route("/consortia/<consortium_id>/recommendations")
@bp.arguments(SuggestionPageArgs, location="query")
@bp.response(200, ConsortiumSuggestionsSchema)
@documented(bp, 404)
def for_consortium(args: dict[str, Any], consortium_id: str) -> dict[str, Any]:
    """Partners suggested for a consortium you lead: its missing sectors and themes first;
    never one it dismissed or kept."""
    view = consortium_or_404(consortium_id, manage=True)
    return {"consortium": view.id, **_page(args, "consortium", view.id)}


@bp.route(f"/consortia/<consortium_id>/recommendations/{_FEEDBACK}")
@bp.arguments(PageArgs, location="query")
@bp.response(200, FeedbackListSchema)
@documented(bp, 404)
def consortium_feedback(args: dict[str, Any], consortium_id: str, feedback: str) -> dict[str, Any]:
    """The suggestions a consortium you lead dismissed, or kept on its shortlist."""
    view = consortium_or_404(consortium_id, manage=True)
    return _listed("consortium", view.id, feedback, args)


@bp.route(f"/consortia/<consortium_id>/recommendations/{_FEEDBACK}", methods=["POST"])
@bp.arguments(NewFeedbackSchema)
@bp.response(201, FeedbackSchema)
@documented(bp, 404)
def add_consortium_feedback(
    body: dict[str, Any], consortium_id: str, feedback: str
) -> dict[str, Any]:
    """Dismiss or keep a suggestion for a consortium you lead."""
    view = consortium_or_404(consortium_id, manage=True)
    return _add("consortium", view.id, feedback, body["org_id"])


@bp.route(
    f"/consortia/<consortium_id>/recommendations/{_FEEDBACK}/<candidate_id>", methods=["DELETE"]
)
@bp.response(204)
@documented(bp, 404)
def remove_consortium_feedback(consortium_id: str, feedback: str, candidate_id: str) -> None:
    """Undo a consortium's dismissal, or take an organisation off its shortlist."""
    view = consortium_or_404(consortium_id, manage=True)
    _remove("consortium", view.id, feedback, candidate_id)
