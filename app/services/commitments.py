"""Over-commitment: organisations in more bids of one call than a set number, and
districts that would lead two consortia of the same call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.services.consortia import ConsortiumView
from graph.commitment_repo import bids_of_tx
from graph.driver import Graph


@dataclass(frozen=True)
class Commitment:
    """An organisation's bids for one call and edition: ``bids`` counts the consortia it
    is a member of or invited to; ``leads`` the ids of those it leads. ``over`` says the
    bids exceed the limit; ``second_lead`` that a district leads more than one."""

    org_id: str
    name: str
    kind: str
    bids: int
    leads: tuple[str, ...]
    over: bool
    second_lead: bool

    @property
    def flagged(self) -> bool:
        return self.over or self.second_lead


def commitments(
    graph: Graph,
    call_code: str,
    year: int,
    org_ids: Iterable[str],
    *,
    limit: int,
    adding: str | None = None,
) -> list[Commitment]:
    """The bids of each organisation of ``org_ids`` for the call and edition. ``adding``
    names a consortium the organisations are about to join (an invitation being written):
    it counts as one more bid unless they are already in it."""
    ids = sorted(set(org_ids))
    if not ids:
        return []
    found = []
    for row in graph.read(bids_of_tx, call_code=call_code, year=year, org_ids=ids):
        consortia = {c["id"] for c in row["joined"]} | set(row["invited"])
        if adding is not None:
            consortia.add(adding)
        leads = tuple(sorted(c["id"] for c in row["joined"] if c["role"] == "lead"))
        found.append(
            Commitment(
                row["org_id"],
                row["name"],
                row["kind"],
                len(consortia),
                leads,
                len(consortia) > limit,
                row["kind"] == "District" and len(leads) > 1,
            )
        )
    return found


def flagged_for(graph: Graph, view: ConsortiumView, *, limit: int) -> list[Commitment]:
    """The members and invitees of a consortium that are over-committed for its call."""
    org_ids = [m.org_id for m in view.members] + [i.org_id for i in view.pending]
    year = int(view.consortium.year or 0)
    return [c for c in commitments(graph, view.call.code, year, org_ids, limit=limit) if c.flagged]


def for_invitee(
    graph: Graph, view: ConsortiumView, org_id: str, *, limit: int
) -> Commitment | None:
    """The invitee's commitment if it were invited to ``view``, when that over-commits it."""
    year = int(view.consortium.year or 0)
    found = commitments(graph, view.call.code, year, [org_id], limit=limit, adding=view.id)
    return next((c for c in found if c.flagged), None)
