"""Training examples from the network's own history: the past predicting its own future.

For a window of dates [start, end): the network as it stood at ``start`` gives the
features, and what happened inside the window gives the answers. *Organisation* examples
ask, for an organisation with partners at ``start``, which organisations became new
partners within the window; *consortium* examples ask, for each consortium of the
window's years given its lead and its call, who the other members were. Pure functions.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np

from app.services.recommend_features import FEATURES, Query, candidates
from app.services.recommend_snapshot import Snapshot, View

__all__ = ["TASKS", "Examples", "consortium_queries", "examples", "organization_queries"]

TASKS: Final = ("organization", "consortium")


@dataclass(frozen=True)
class Examples:
    """Feature rows, 0/1 labels and the size of each query's group of rows."""

    X: np.ndarray
    y: np.ndarray
    groups: np.ndarray

    @property
    def positives(self) -> int:
        return int(self.y.sum())

    @classmethod
    def empty(cls) -> Examples:
        return cls(
            np.zeros((0, len(FEATURES)), dtype=np.float32),
            np.zeros(0, dtype=np.int8),
            np.zeros(0, dtype=np.int64),
        )

    @classmethod
    def concat(cls, parts: Iterable[Examples]) -> Examples:
        parts = [p for p in parts if len(p.y)]
        if not parts:
            return cls.empty()
        return cls(
            np.concatenate([p.X for p in parts]),
            np.concatenate([p.y for p in parts]),
            np.concatenate([p.groups for p in parts]),
        )


@dataclass(frozen=True)
class Labelled:
    """One query and the organisations that answered it in the window."""

    query: Query
    relevant: frozenset[int]


def organization_queries(
    snap: Snapshot, view: View, end: date, *, limit: int, seed: int
) -> list[Labelled]:
    """Organisations with partners before the view's day and new partners before ``end``
    (at most ``limit``, drawn with ``seed``)."""
    window = (snap.edge_day >= view.day) & (snap.edge_day < end.toordinal())
    later: dict[int, set[int]] = defaultdict(set)
    for a, b in zip(snap.edge_a[window].tolist(), snap.edge_b[window].tolist(), strict=True):
        later[a].add(b)
        later[b].add(a)
    found = []
    for q in sorted(later):
        if view.deg[q] == 0:
            continue
        fresh = later[q] - set(view.partners(q).tolist()) - {q}
        if fresh:
            found.append(Labelled(Query(seeds=(q,)), frozenset(fresh)))
    return _sample(found, limit, seed)


def consortium_queries(
    snap: Snapshot, view: View, end: date, *, limit: int, seed: int
) -> list[Labelled]:
    """Consortia of the years [view's year, ``end``'s year) with a lead and others: the
    lead alone with the call and line asks for the others."""
    years = (snap.member_year >= view.year) & (snap.member_year < end.year)
    members: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    call_of: dict[int, tuple[int, int]] = {}
    for row in np.flatnonzero(years).tolist():
        cons = int(snap.member_cons[row])
        members[cons].append((int(snap.member_org[row]), bool(snap.member_lead[row])))
        call_of[cons] = (int(snap.member_call[row]), int(snap.member_line[row]))
    found = []
    for cons in sorted(members):
        leads = [o for o, lead in members[cons] if lead]
        others = {o for o, lead in members[cons] if not lead}
        if len(leads) == 1 and others - set(leads):
            call, line = call_of[cons]
            found.append(
                Labelled(
                    Query(
                        seeds=(leads[0],), call=call, line=line, skip_partners=False, district=-1
                    ),
                    frozenset(others - set(leads)),
                )
            )
    return _sample(found, limit, seed)


#: Negative rows kept per query (drawn at random): every positive, and enough of the rest
#: to rank against, keeps training time proportional to the number of queries.
NEGATIVES: Final = 200


def examples(
    view: View,
    labelled: list[Labelled],
    feedback: dict[int, dict[int, int]] | None = None,
    seed: int = 0,
) -> Examples:
    """Feature rows for each query's candidates, labelled 1 for the organisations that
    answered it. ``feedback`` (query seed -> candidate -> 1 kept / 0 dismissed) overrides
    the label of a candidate a user judged. Queries with no answer among their
    candidates teach a ranker nothing and are left out."""
    parts = []
    rng = np.random.default_rng(seed)
    for item in labelled:
        block = candidates(view, item.query)
        if len(block.ids) == 0:
            continue
        y = np.isin(block.ids, list(item.relevant)).astype(np.int8)
        judged = (feedback or {}).get(item.query.seeds[0], {})
        for candidate, label in judged.items():
            y[block.ids == candidate] = label
        if y.any() and not y.all():
            negatives = np.flatnonzero(y == 0)
            if len(negatives) > NEGATIVES:
                keep = np.sort(
                    np.concatenate(
                        [np.flatnonzero(y == 1), rng.choice(negatives, NEGATIVES, replace=False)]
                    )
                )
                X, y = block.X[keep], y[keep]
            else:
                X = block.X
            parts.append(Examples(X, y, np.array([len(y)], dtype=np.int64)))
    return Examples.concat(parts)


def _sample(items: list[Labelled], limit: int, seed: int) -> list[Labelled]:
    if len(items) <= limit:
        return items
    return random.Random(seed).sample(items, limit)
