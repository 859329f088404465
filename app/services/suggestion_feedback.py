"""Dismissed and kept suggestions, and suggestions paged without them.

An organisation (whoever acts for it) or a consortium (whoever manages it) dismisses a
suggested partner, never to see it again, or keeps it on a shortlist; both are stored in
Neo4j (``graph.suggestion_feedback_repo``) with who and when, and audited. They are not
the network: they do not bump the network version, so they are read live on every request
and handed to the recommender as ``exclude=``, never taken from a cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from app.services import audit, recommend
from app.services.errors import CodedError
from graph import suggestion_feedback_repo as repo
from graph.driver import Graph
from graph.suggestion_feedback_repo import FeedbackItem, FeedbackPair

__all__ = [
    "KINDS",
    "LISTED",
    "MAX_RESULTS",
    "OWNER_TYPES",
    "Change",
    "Feedback",
    "FeedbackError",
    "FeedbackItem",
    "FeedbackPair",
    "SuggestionPage",
    "apply",
    "clear",
    "feedback",
    "feedback_items",
    "feedback_pairs",
    "record",
    "suggestions_page",
]

OWNER_TYPES: Final = tuple(repo.OWNER_LABELS)
KINDS: Final = tuple(repo.REL_TYPES)
#: The most suggestions ever paged through for one question (20 pages of 10).
MAX_RESULTS: Final = 200
#: Dismissed (and kept) organisations a page lists, newest first; all are left out anyway.
LISTED: Final = 50
_ACTIONS: Final = {
    ("dismissed", True): "suggestion_dismissed",
    ("kept", True): "suggestion_kept",
    ("dismissed", False): "suggestion_restored",
    ("kept", False): "suggestion_unkept",
}


class FeedbackError(CodedError):
    """A refused step: ``missing_owner``, ``missing_candidate``, ``self`` or ``missing``
    (no such dismissal or keep to undo)."""


@dataclass(frozen=True)
class Feedback:
    """What an owner dismissed and kept: every id (``excluded``), and the newest few of
    each with names (``dismissed``, ``kept``; ``*_total`` count them all)."""

    dismissed: list[FeedbackItem] = field(default_factory=list)
    kept: list[FeedbackItem] = field(default_factory=list)
    excluded: frozenset[str] = frozenset()
    dismissed_total: int = 0
    kept_total: int = 0

    def find(self, candidate_id: str, kind: str) -> FeedbackItem | None:
        """One of the listed (newest) dismissed or kept organisations, if it is there."""
        items = self.dismissed if kind == "dismissed" else self.kept
        return next((i for i in items if i.candidate_id == candidate_id), None)


@dataclass(frozen=True)
class SuggestionPage:
    """One page of suggestions; ``capped`` when more exist beyond MAX_RESULTS."""

    items: list[recommend.Suggestion]
    page: int
    per_page: int
    has_next: bool
    capped: bool
    feedback: Feedback


def _check(owner_type: str, kind: str) -> None:
    if owner_type not in OWNER_TYPES or kind not in KINDS:
        raise ValueError(f"unknown owner type or feedback kind: {owner_type}, {kind}")


def feedback(graph: Graph, owner_type: str, owner_id: str, *, listed: int = LISTED) -> Feedback:
    """What ``owner_id`` (an organisation or a consortium) dismissed and kept, read live:
    every id, and the newest ``listed`` of each kind with names."""
    _check(owner_type, "kept")
    found = graph.read(
        repo.feedback_summary_tx, owner_type=owner_type, owner_id=owner_id, listed=listed
    )
    ids = found["ids"]
    return Feedback(
        dismissed=found["dismissed"],
        kept=found["kept"],
        excluded=frozenset([*ids["dismissed"], *ids["kept"]]),
        dismissed_total=len(ids["dismissed"]),
        kept_total=len(ids["kept"]),
    )


def feedback_items(
    graph: Graph,
    owner_type: str,
    owner_id: str,
    kind: str,
    *,
    skip: int = 0,
    limit: int = LISTED,
    candidate_id: str | None = None,
) -> list[FeedbackItem]:
    """What ``owner_id`` dismissed (or kept), newest first, a slice at a time; with
    ``candidate_id``, that organisation alone (or nothing)."""
    _check(owner_type, kind)
    return graph.read(
        repo.feedback_of_tx,
        owner_type=owner_type,
        owner_id=owner_id,
        kind=kind,
        skip=skip,
        limit=limit,
        candidate_id=candidate_id,
    )


@dataclass(frozen=True)
class Change:
    """One feedback to record or clear: ``kind`` (dismissed, kept) of ``candidate_id``
    for ``owner_id`` (an organisation or a consortium, ``owner_type``)."""

    owner_type: str
    owner_id: str
    candidate_id: str
    kind: str


def record(
    graph: Graph, actor: audit.Actor, change: Change, *, now: datetime | None = None
) -> bool:
    """Dismiss (``kind='dismissed'``) or keep the change's candidate for its owner; a kept
    one dismissed leaves the shortlist, and the other way round. True when this changed
    anything. The caller has checked that the actor may act for the owner."""
    _check(change.owner_type, change.kind)
    outcome = graph.write(
        repo.set_feedback_tx,
        owner_type=change.owner_type,
        owner_id=change.owner_id,
        candidate_id=change.candidate_id,
        kind=change.kind,
        by=actor.user_id,
        at=now or datetime.now(UTC),
    )
    if outcome not in ("created", "unchanged"):
        raise FeedbackError(outcome)
    if outcome == "created":
        _audit(graph, actor, change, added=True)
    return outcome == "created"


def clear(graph: Graph, actor: audit.Actor, change: Change) -> None:
    """Undo a dismissal (``kind='dismissed'``) or take the candidate off the shortlist
    (``'kept'``); FeedbackError ``missing`` when there is nothing to undo."""
    _check(change.owner_type, change.kind)
    if not graph.write(
        repo.clear_feedback_tx,
        owner_type=change.owner_type,
        owner_id=change.owner_id,
        candidate_id=change.candidate_id,
        kind=change.kind,
    ):
        raise FeedbackError("missing")
    _audit(graph, actor, change, added=False)


def apply(graph: Graph, actor: audit.Actor, change: Change, *, added: bool) -> None:
    """:func:`record` the change (``added``) or :func:`clear` it."""
    if added:
        record(graph, actor, change)
    else:
        clear(graph, actor, change)


def _audit(graph: Graph, actor: audit.Actor, change: Change, *, added: bool) -> None:
    audit.record(
        graph,
        actor,
        _ACTIONS[(change.kind, added)],
        target_type=change.owner_type,
        target_id=change.owner_id,
        details={"candidate": change.candidate_id},
    )


def feedback_pairs(graph: Graph) -> list[FeedbackPair]:
    """Every dismissal and keep, oldest first: feedback for the recommender's trainer."""
    return graph.read(repo.feedback_pairs_tx)


def suggestions_page(
    graph: Graph,
    owner_type: str,
    owner_id: str,
    *,
    page: int = 1,
    per_page: int = 10,
    call_code: str | None = None,
    listed: int = LISTED,
    **options: Any,
) -> SuggestionPage:
    """Page ``page`` (from 1) of the suggestions for an organisation or a consortium,
    without what it dismissed or kept. ``options`` go to the recommender (``call_code``
    is for an organisation only); ``listed``: how many dismissed and kept ones to name
    (0: none, for a caller that shows only suggestions). ``capped``: the page ends at the
    MAX_RESULTS-th suggestion and more exist, or it lies past it (then empty, without
    asking)."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    known = feedback(graph, owner_type, owner_id, listed=listed)
    start = (page - 1) * per_page
    limit = min(page * per_page, MAX_RESULTS) + 1  # one more: is there a next page?
    if start >= MAX_RESULTS:  # past what is ever served: not worth asking
        return SuggestionPage([], page, per_page, has_next=False, capped=True, feedback=known)
    found: list[Any] = _ask(graph, owner_type, owner_id, limit, call_code, known.excluded, options)
    end = min(start + per_page, MAX_RESULTS)
    items = list(found[start:end])
    more = len(found) > end
    at_cap = end >= MAX_RESULTS
    return SuggestionPage(
        items, page, per_page, has_next=more and not at_cap, capped=more and at_cap, feedback=known
    )


def _ask(
    graph: Graph,
    owner_type: str,
    owner_id: str,
    limit: int,
    call_code: str | None,
    excluded: frozenset[str],
    options: dict[str, Any],
) -> list[Any]:
    exclude = sorted(excluded)
    if owner_type == "organization":
        return recommend.recommend_for_organization(
            graph, owner_id, limit=limit, call_code=call_code, exclude=exclude, **options
        )
    return recommend.recommend_for_consortium(
        graph, owner_id, limit=limit, exclude=exclude, **options
    )
