"""Feedback on suggested partners: ``(:Organization|Consortium)-[:DISMISSED_SUGGESTION|
KEPT_SUGGESTION {at, by}]->(:Organization)``, ``by`` being the user's id.

Bookkeeping writes: feedback is not the network, so it leaves the network version (and
every cache filed under it) as it is; whoever needs it reads it live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from neo4j import ManagedTransaction

from graph.records import native
from graph.versioning import network_unchanged

#: The relationship of each kind of feedback (the only types these queries interpolate).
REL_TYPES: Final = {"dismissed": "DISMISSED_SUGGESTION", "kept": "KEPT_SUGGESTION"}
#: The label of each kind of owner (the only labels these queries interpolate).
OWNER_LABELS: Final = {"organization": "Organization", "consortium": "Consortium"}


@dataclass(frozen=True)
class FeedbackPair:
    """One piece of feedback, for the ranker: ``owner_id`` (an organisation or a
    consortium) dismissed or kept ``candidate_id`` at ``at``."""

    owner_id: str
    candidate_id: str
    kind: str
    at: datetime

    @classmethod
    def from_record(cls, row: Any) -> FeedbackPair:
        return cls(row["owner_id"], row["candidate_id"], row["kind"], native(row["at"]))


@dataclass(frozen=True)
class FeedbackItem:
    """A dismissed or kept organisation as an owner's page lists it."""

    candidate_id: str
    name: str
    org_kind: str
    kind: str
    at: datetime
    by: str | None

    @classmethod
    def from_record(cls, row: Any) -> FeedbackItem:
        return cls(
            row["candidate_id"],
            row["name"] or row["candidate_id"],
            row["org_kind"] or "",
            row["kind"],
            native(row["at"]),
            row["by"],
        )


def _owner(owner_type: str) -> str:
    return OWNER_LABELS[owner_type]  # KeyError for anything else: never interpolated


def _rel(kind: str) -> str:
    return REL_TYPES[kind]


@network_unchanged
def set_feedback_tx(
    tx: ManagedTransaction,
    *,
    owner_type: str,
    owner_id: str,
    candidate_id: str,
    kind: str,
    by: str | None,
    at: datetime,
) -> str:
    """Record that ``owner_id`` dismissed or kept ``candidate_id`` (the other kind, if
    any, is replaced). ``created``, ``unchanged`` (already so: its first ``at`` stays),
    ``missing_owner``, ``missing_candidate`` or ``self``."""
    owner = tx.run(
        f"MATCH (o:{_owner(owner_type)} {{id: $owner_id}}) "
        "SET o._feedback_lock = true REMOVE o._feedback_lock RETURN o.id AS id",
        owner_id=owner_id,
    ).single()
    if owner is None:
        return "missing_owner"
    if owner_id == candidate_id:
        return "self"
    other = _rel("kept" if kind == "dismissed" else "dismissed")
    record = tx.run(
        f"""
        MATCH (o:{_owner(owner_type)} {{id: $owner_id}})
        MATCH (c:Organization {{id: $candidate_id}})
        OPTIONAL MATCH (o)-[old:{other}]->(c)
        DELETE old
        WITH DISTINCT o, c
        OPTIONAL MATCH (o)-[same:{_rel(kind)}]->(c)
        WITH o, c, same IS NOT NULL AS existed
        MERGE (o)-[f:{_rel(kind)}]->(c)
        ON CREATE SET f.at = $at, f.by = $by
        RETURN existed
        """,
        owner_id=owner_id,
        candidate_id=candidate_id,
        at=at,
        by=by,
    ).single()
    if record is None:
        return "missing_candidate"
    return "unchanged" if record["existed"] else "created"


@network_unchanged
def clear_feedback_tx(
    tx: ManagedTransaction, *, owner_type: str, owner_id: str, candidate_id: str, kind: str
) -> bool:
    """Undo a dismissal or take an organisation off the shortlist; False when there was
    no such feedback."""
    record = tx.run(
        f"""
        MATCH (:{_owner(owner_type)} {{id: $owner_id}})-[f:{_rel(kind)}]->
              (:Organization {{id: $candidate_id}})
        DELETE f
        RETURN count(*) AS n
        """,
        owner_id=owner_id,
        candidate_id=candidate_id,
    ).single()
    return bool(record and record["n"])


def feedback_ids_tx(
    tx: ManagedTransaction, *, owner_type: str, owner_id: str
) -> dict[str, list[str]]:
    """The ids of every organisation ``owner_id`` dismissed and kept (one small record:
    what the recommender must leave out)."""
    record = tx.run(
        f"""
        MATCH (:{_owner(owner_type)} {{id: $owner_id}})
              -[f:DISMISSED_SUGGESTION|KEPT_SUGGESTION]->(c:Organization)
        RETURN collect(CASE type(f) WHEN 'DISMISSED_SUGGESTION' THEN c.id END) AS dismissed,
               collect(CASE type(f) WHEN 'KEPT_SUGGESTION' THEN c.id END) AS kept
        """,
        owner_id=owner_id,
    ).single()
    if record is None:
        return {"dismissed": [], "kept": []}
    return {"dismissed": list(record["dismissed"]), "kept": list(record["kept"])}


def feedback_of_tx(
    tx: ManagedTransaction,
    *,
    owner_type: str,
    owner_id: str,
    kind: str,
    skip: int = 0,
    limit: int = 100,
    candidate_id: str | None = None,
) -> list[FeedbackItem]:
    """What ``owner_id`` dismissed (or kept), newest first, ``skip``/``limit`` at a time;
    with ``candidate_id``, that organisation alone."""
    result = tx.run(
        f"""
        MATCH (:{_owner(owner_type)} {{id: $owner_id}})-[f:{_rel(kind)}]->(c:Organization)
        WHERE $candidate_id IS NULL OR c.id = $candidate_id
        RETURN c.id AS candidate_id, c.name AS name, c.kind AS org_kind, $kind AS kind,
               f.at AS at, f.by AS by
        ORDER BY f.at DESC, c.name, c.id
        SKIP $skip LIMIT $limit
        """,
        owner_id=owner_id,
        kind=kind,
        skip=skip,
        limit=limit,
        candidate_id=candidate_id,
    )
    return [FeedbackItem.from_record(row) for row in result]


def feedback_summary_tx(
    tx: ManagedTransaction, *, owner_type: str, owner_id: str, listed: int
) -> dict[str, Any]:
    """In one transaction: every dismissed and kept id, and the newest ``listed`` of each
    with their names (a page shows those)."""
    ids = feedback_ids_tx(tx, owner_type=owner_type, owner_id=owner_id)
    found: dict[str, Any] = {"ids": ids}
    for kind in REL_TYPES:
        found[kind] = (
            feedback_of_tx(tx, owner_type=owner_type, owner_id=owner_id, kind=kind, limit=listed)
            if ids[kind] and listed
            else []
        )
    return found


def feedback_pairs_tx(tx: ManagedTransaction) -> list[FeedbackPair]:
    """Every dismissal and keep on the platform, oldest first (the ranker's feedback)."""
    result = tx.run(
        """
        MATCH (o)-[f:DISMISSED_SUGGESTION|KEPT_SUGGESTION]->(c:Organization)
        WHERE o:Organization OR o:Consortium
        RETURN o.id AS owner_id, c.id AS candidate_id,
               CASE type(f) WHEN 'KEPT_SUGGESTION' THEN 'kept' ELSE 'dismissed' END AS kind,
               f.at AS at
        ORDER BY f.at, owner_id, candidate_id
        """
    )
    return [FeedbackPair.from_record(row) for row in result]
