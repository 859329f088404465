"""Partner recommendation for an organisation or a consortium, every suggestion explained.

Two stable entry points: :func:`recommend_for_organization` and
:func:`recommend_for_consortium` (:func:`recommend_for_group` is the consortium case
without a stored consortium). Candidates and their features come from the network
snapshot (``recommend_snapshot``, ``recommend_features``); a ranker learned from the
network's own history orders them, or a tuned formula where there is too little history
(``recommend_model``; each suggestion says which answered); ``recommend_explain``
words the reasons and keeps the list diverse. docs/recommendation.md explains the model
and reports its evaluation. Live rankings are kept per process and network version.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final

import numpy as np

from app.services import recommend_store as store
from app.services.call_eligibility import admitted_kinds, admitted_roles
from app.services.memo import VersionedMemo
from app.services.recommend_explain import (
    Ranked,
    diversify,
    explain,
    intermediaries,
    seeds_partners,
    with_newcomer,
)
from app.services.recommend_features import Query, candidates
from app.services.recommend_model import FormulaRanker, Ranker
from app.services.recommend_reasons import Reason
from app.services.recommend_snapshot import Snapshot, View
from app.services.rules import effective_rules
from graph import recommend_repo as repo
from graph.driver import Graph
from graph.model import KINDS, SECTOR_OF_KIND

__all__ = [
    "MAX_RANKED",
    "Reason",
    "Suggestion",
    "recommend_for_consortium",
    "recommend_for_group",
    "recommend_for_organization",
]

#: The longest ranked list kept for one question (pages beyond it are not offered).
MAX_RANKED: Final = 200
_LIVE: Final = date.max.toordinal()


@dataclass(frozen=True)
class Suggestion:
    """One suggested partner: who, how well it fits (``score``, higher is better; scores
    compare within one answer only) and why. ``role`` is the role the call admits it in
    (partner first), for consortia and when a call is given; ``ranker`` says what ranked
    it: ``learned`` (the model trained on the network's history) or ``formula``."""

    org_id: str
    name: str
    kind: str
    sector: str
    score: float
    reasons: list[Reason] = field(default_factory=list)
    role: str | None = None
    ranker: str = "formula"


@dataclass
class _Answer:
    """A question's ranking, worded a page at a time: explaining a suggestion (each
    feature's contribution) costs about a millisecond, so only what is shown is worded,
    once. Kept per network version and shared by requests, hence the lock."""

    view: View
    seeds: list[int]
    ranker: Ranker
    order: list[Ranked]
    names: dict[int, list[int]]
    for_consortium: bool
    call_code: str | None
    line: str | None
    themes: frozenset[str]
    worded: dict[int, Suggestion] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def first(self, graph: Graph, limit: int, exclude: Collection[str] = ()) -> list[Suggestion]:
        """The first ``limit`` suggestions that are not in ``exclude``, worded."""
        ids = self.view.snap.ids
        chosen = [r for r in self.order if ids[r.index] not in exclude][:limit]
        with self.lock:
            missing = [r for r in chosen if r.index not in self.worded]
        if missing:
            made = _word(graph, self, missing)
            with self.lock:
                self.worded.update(made)
        return [self.worded[r.index] for r in chosen]


#: Live answers per network version and question (up to MAX_RANKED suggestions each).
_answers: VersionedMemo[_Answer | None] = VersionedMemo(512)


def recommend_for_organization(
    graph: Graph,
    org_id: str,
    *,
    limit: int = 10,
    call_code: str | None = None,
    as_of: date | None = None,
    exclude: Collection[str] = (),
) -> list[Suggestion]:
    """Partners for ``org_id``: never one of its partners nor one of ``exclude`` (e.g. the
    suggestions it dismissed), eligible for ``call_code`` (lead or partner) when given.
    ``as_of`` sees the network as it was on that date, ranked by what it knew then."""

    def compute() -> _Answer | None:
        return _for_organization(graph, org_id, call_code=call_code, as_of=as_of)

    answer = (
        compute() if as_of is not None else _answers.get(graph, ("org", org_id, call_code), compute)
    )
    return answer.first(graph, limit, frozenset(exclude)) if answer else []


def _for_organization(
    graph: Graph, org_id: str, *, call_code: str | None, as_of: date | None
) -> _Answer | None:
    snap = _snapshot_with(graph, [org_id])
    i = snap.index.get(org_id)
    if i is None:
        return None
    rules = _call_rules(snap, call_code) if call_code else None
    if call_code and rules is None:
        return None
    view = snap.at(as_of)
    partners: Sequence[str] = ()
    if as_of is None and not store.is_current(graph, snap):
        # An older snapshot answers while a newer one is read: partners made since must
        # still never be suggested.
        partners = graph.read(repo.partner_ids_tx, org_id=org_id)
    kinds = sorted(admitted_kinds(rules)) if rules else list(KINDS)
    themes = frozenset(snap.rows.themes[i])
    query = Query(
        seeds=(i,),
        call=snap.call_code.get(call_code or "", -1),
        exclude=_indices(snap, partners),
        kinds=frozenset(KINDS.index(k) for k in kinds),
        themes=frozenset(snap.theme_code[t] for t in themes if t in snap.theme_code),
    )
    cold = view.deg[i] == 0 and view.consortia[i] == 0
    ranker = FormulaRanker() if cold else store.ranker_for(graph, snap, "organization", as_of)

    def roles(kind: str, j: int) -> tuple[str, ...]:
        found = _roles(snap, j, rules, None, True) if rules else ()
        return found if not rules or {"lead", "partner"} & set(found) else ()

    ranked = _rank(view, query, ranker, rules is not None, roles)
    return _answer(
        view,
        ranked,
        seeds=[i],
        ranker=ranker,
        for_consortium=False,
        call_code=call_code,
        line=None,
        themes=themes,
    )


def recommend_for_consortium(
    graph: Graph,
    consortium_id: str,
    *,
    limit: int = 10,
    missing_sectors: Sequence[str] | None = None,
    missing_themes: Sequence[str] | None = None,
    exclude: Collection[str] = (),
) -> list[Suggestion]:
    """Partners for a consortium: never a member, invitee or one of ``exclude``, always
    admitted by the call in some role. Without ``missing_sectors``/``missing_themes``
    the gaps (sectors absent, call themes uncovered) are features the ranker weighs;
    given, they are required: only organisations of those sectors, working on one of
    those themes, are suggested."""
    ctx = graph.read(repo.consortium_context_tx, consortium_id=consortium_id)
    if ctx is None:
        return []
    return recommend_for_group(
        graph,
        members=ctx["members"],
        rules=json.loads(ctx["rules_json"] or "{}"),
        line=ctx["line"],
        district=ctx["district"],
        call_themes=ctx["call_themes"],
        call_code=ctx["call_code"],
        exclude=[*(i for i in ctx["invited"] if i), *exclude],
        limit=limit,
        missing_sectors=missing_sectors,
        missing_themes=missing_themes,
    )


def recommend_for_group(
    graph: Graph,
    *,
    members: Sequence[Mapping[str, Any]],
    rules: Mapping[str, Any],
    line: str | None,
    district: str | None,
    call_themes: Iterable[str],
    call_code: str | None = None,
    exclude: Iterable[str] = (),
    limit: int = 10,
    missing_sectors: Sequence[str] | None = None,
    missing_themes: Sequence[str] | None = None,
    as_of: date | None = None,
) -> list[Suggestion]:
    """Partners for a group of ``members`` (id, kind, role, themes) assembled for a call.

    The consortium entry point reads these from the database; the evaluation passes a
    consortium's lead alone, as it was before the others joined (consortia of later years
    are invisible to ``as_of``).
    """
    active = effective_rules(rules, line)
    kinds_in = admitted_kinds(active)
    covered = {t for m in members for t in m.get("themes") or ()}
    wanted_sectors = set(missing_sectors or ())
    wanted_themes = set(
        missing_themes
        if missing_themes is not None
        else [t for t in call_themes if t not in covered]
    )
    ids = [str(m["id"]) for m in members]
    snap = _snapshot_with(graph, ids)
    view = snap.at(as_of)
    seeds = tuple(snap.index[m] for m in ids if m in snap.index)
    pool = [k for k in kinds_in if not wanted_sectors or SECTOR_OF_KIND[k] in wanted_sectors]
    query = Query(
        seeds=seeds,
        call=snap.call_code.get(call_code or "", -1),
        line=snap.line_code.get(line or "", -1),
        exclude=_indices(snap, [*exclude, *ids]),
        skip_partners=False,
        kinds=frozenset(KINDS.index(k) for k in pool),
        district=snap.district_code.get(district or "", -1),
        themes=frozenset(snap.theme_code[t] for t in wanted_themes if t in snap.theme_code),
    )
    cold = not seeds or all(view.deg[s] == 0 and view.consortia[s] == 0 for s in seeds)
    ranker = FormulaRanker() if cold else store.ranker_for(graph, snap, "consortium", as_of)
    needs_lead = not any(m.get("role") == "lead" for m in members)

    def roles(kind: str, j: int) -> tuple[str, ...]:
        found = _roles(snap, j, rules, line, needs_lead)
        if missing_themes is not None and not set(snap.rows.themes[j]) & wanted_themes:
            return ()
        return found

    ranked = _rank(view, query, ranker, True, roles)
    answer = _answer(
        view,
        ranked,
        seeds=list(seeds),
        ranker=ranker,
        for_consortium=True,
        call_code=call_code,
        line=line,
        themes=frozenset(wanted_themes),
    )
    return answer.first(graph, limit)


def _snapshot_with(graph: Graph, org_ids: Sequence[str]) -> Snapshot:
    """The snapshot, read afresh if it does not know one of ``org_ids`` yet."""
    snap = store.snapshot(graph)
    if any(o not in snap.index for o in org_ids):
        snap = store.snapshot(graph, fresh=True)
    return snap


def _indices(snap: Snapshot, org_ids: Iterable[str]) -> frozenset[int]:
    return frozenset(snap.index[o] for o in org_ids if o in snap.index)


def _roles(
    snap: Snapshot, j: int, rules: Mapping[str, Any] | None, line: str | None, may_lead: bool
) -> tuple[str, ...]:
    if not rules:
        return ()
    rows = snap.rows
    found = admitted_roles(
        rules,
        kind=rows.kinds[j],
        non_profit=rows.non_profit[j],
        size_class=rows.size_classes[j],
        capabilities=rows.capabilities[j],
        line=line,
    )
    return tuple(r for r in found if may_lead or r != "lead")


def _rank(view: View, query: Query, ranker: Ranker, with_call: bool, roles: Any) -> list[Ranked]:
    """Candidates scored and ordered (ties: more partners, then id), the call's rules
    applied, at most MAX_RANKED."""
    block = candidates(view, query)
    if len(block.ids) == 0:
        return []
    scores = ranker.score(block.X)
    order = np.lexsort(
        (
            np.array(view.snap.ids, dtype=object)[block.ids].astype(str),
            -view.deg[block.ids],
            -scores,
        )
    )
    chosen = []
    for row in order.tolist():
        j = int(block.ids[row])
        given = roles(view.snap.rows.kinds[j], j) if with_call else ()
        if with_call and not given:
            continue
        chosen.append((row, j, given))
        if len(chosen) == MAX_RANKED:
            break
    return [Ranked(j, float(scores[row]), block.X[row], given) for row, j, given in chosen]


def _answer(
    view: View,
    ranked: list[Ranked],
    *,
    seeds: list[int],
    ranker: Ranker,
    for_consortium: bool,
    call_code: str | None,
    line: str | None,
    themes: frozenset[str],
) -> _Answer:
    """Diversity and a newcomer's place; the wording waits for a page to be shown."""
    order, names = diversify(view, seeds, ranked)
    return _Answer(
        view,
        seeds,
        ranker,
        with_newcomer(order, ranked),
        names,
        for_consortium,
        call_code,
        line,
        themes,
    )


def _word(graph: Graph, answer: _Answer, items: list[Ranked]) -> dict[int, Suggestion]:
    """Suggestions with their reasons for ``items`` (contributions computed together)."""
    view, snap = answer.view, answer.view.snap
    contributions = answer.ranker.contributions(np.vstack([r.features for r in items]))
    items = [replace(r, contributions=contributions[k]) for k, r in enumerate(items)]
    district_names = snap.rows.district_names
    labels = snap.rows.theme_labels
    projects = _shared_projects(graph, view, items, answer.seeds)
    near = seeds_partners(view, answer.seeds)
    made = {}
    for item in items:
        j = item.index
        kind = snap.rows.kinds[j]
        names = (
            answer.names[j]
            if j in answer.names
            else intermediaries(view, near, j)[:3]
            if item.feature("common_neighbours")
            else []
        )
        reasons = explain(
            view,
            item,
            seeds=answer.seeds,
            names=names,
            for_consortium=answer.for_consortium,
            call_code=answer.call_code,
            line_code=answer.line,
            theme_labels=labels,
            target_themes=answer.themes,
            district_names=district_names,
        )
        reasons = [_named_project(r, projects.get(snap.ids[j])) for r in reasons]
        made[j] = Suggestion(
            snap.ids[j],
            snap.rows.names[j],
            kind,
            SECTOR_OF_KIND.get(kind, ""),
            item.score,
            reasons,
            _role(item.roles) if (answer.for_consortium or answer.call_code) else None,
            answer.ranker.name,
        )
    return made


def _shared_projects(
    graph: Graph, view: View, order: list[Ranked], seeds: list[int]
) -> dict[str, repo.SharedProject]:
    """The latest project each of the first page's candidates shared with the seeds."""
    wanted = [view.snap.ids[r.index] for r in order if r.feature("shared_consortia") > 0]
    if not wanted:
        return {}
    return graph.read(
        repo.latest_shared_projects_tx,
        seeds=[view.snap.ids[s] for s in seeds],
        candidates=wanted,
        before_year=view.year if view.day < _LIVE else None,
    )


def _named_project(reason: Reason, project: repo.SharedProject | None) -> Reason:
    """A count of shared projects becomes the latest one by name, when it is known."""
    if reason.code != "past_consortia" or project is None:
        return reason
    return Reason(
        "past_consortium",
        {
            "title": project.title,
            "call": project.call,
            "year": project.year,
            "with": project.with_name,
        },
    )


def _call_rules(snap: Snapshot, call_code: str) -> dict[str, Any] | None:
    rules_json = snap.rows.call_rules.get(call_code)
    return dict(json.loads(rules_json)) if rules_json else None


def _role(roles: tuple[str, ...]) -> str | None:
    """Partner first, then associate; lead only for a group without one."""
    for role in ("partner", "associate", "lead"):
        if role in roles:
            return role
    return None
