"""Proposed organisations as their proposer and the administrators see them: the outcome,
and the organisations each proposal may duplicate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.services import dedupe, profiles
from graph.dedupe_repo import municipality_names_tx, user_proposals_tx
from graph.driver import Graph
from graph.membership_records import OwnProposal, Proposal


def user_proposals(graph: Graph, user_id: str) -> list[OwnProposal]:
    """The user's proposals, newest first: pending, approved (with the organisation) or
    declined."""
    return graph.read(user_proposals_tx, user_id=user_id)


@dataclass(frozen=True)
class QueuedProposal:
    """A pending proposal with what the administrator needs to decide it."""

    proposal: Proposal
    email: str | None
    user_name: str | None
    municipality: str | None
    holder: dedupe.Candidate | None
    similar: list[dedupe.Candidate] = field(default_factory=list)

    @property
    def created_at(self) -> datetime | None:
        return self.proposal.created_at


def review_queue(graph: Graph) -> list[QueuedProposal]:
    """Pending proposals, oldest first, each with the organisation holding its tax code and
    the similar names in its municipality or district, as they stand now."""
    rows = profiles.pending_proposals(graph)
    towns = graph.read(
        municipality_names_tx,
        istats=sorted({r.proposal.municipality or "" for r in rows}),
    )
    queue = []
    for row in rows:
        p = row.proposal
        check = dedupe.check_new_organization(
            graph, name=p.name or "", istat=p.municipality, tax_code=p.tax_code
        )
        queue.append(
            QueuedProposal(
                p,
                row.email,
                row.user_name,
                towns.get(p.municipality or ""),
                check.holder,
                check.similar,
            )
        )
    return queue
