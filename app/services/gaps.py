"""Gap analysis: the sectors, themes and rules a consortium still lacks, each with
organisations that could fill it.

Suggestions come from the partnerships recommender
(``app.services.recommend.recommend_for_consortium``); every suggestion is kept only if
the call's rules admit it in the role proposed.

An analysis asks the recommender once per gap (a quarter of a second for six gaps on the
seed network), so each process keeps the answers per network version, consortium
membership and call rules (``app.services.memo``): reloading the page, or editing a
budget (which changes verdicts, not who could join), does not ask again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

from app.services.consortia import ConsortiumView, member_facts
from app.services.memo import VersionedMemo
from app.services.rules import eligible_as, role_for_kind
from graph.consortium_repo import member_attributes_tx
from graph.driver import Graph
from graph.model import KINDS, SECTOR_OF_KIND, SECTORS

SuggestFn = Callable[..., Sequence[Any]]
PER_GAP = 5
#: Failing rules that new members can fix: the role the newcomers would take.
_FIXED_BY_NEWCOMERS = {
    "required_kind_groups": "partner",
    "min_members": "partner",
    "member_kinds": "partner",
    "non_profit": "partner",
    "size_classes": "partner",
    "partner_capabilities": "partner",
}


@dataclass(frozen=True)
class Suggestion:
    """An organisation proposed for a gap, with the role the call gives it and why."""

    org_id: str
    name: str
    kind: str
    sector: str
    role: str
    score: float | None
    reasons: tuple[Any, ...]


@dataclass(frozen=True)
class Gap:
    """What is missing (``sector``, ``theme`` or ``rule``) and who could fill it; ``note``
    says why there are no suggestions when none can help (``not_admitted``, ``fix``)."""

    kind: str
    code: str
    params: dict[str, Any]
    suggestions: list[Suggestion]
    note: str | None = None


def recommender() -> SuggestFn:
    """The partnerships recommender (imported here: it imports this module's callers)."""
    from app.services.recommend import recommend_for_consortium

    return recommend_for_consortium


class _Suggester:
    """Asks the recommender once per question and keeps the eligible answers; with
    ``shared``, answers this process gave for the same question, network version and
    consortium state (members, invitations, rules) are given again."""

    def __init__(
        self,
        graph: Graph,
        view: ConsortiumView,
        suggest: SuggestFn,
        shared: bool = False,
        exclude: Collection[str] = (),
    ) -> None:
        self.graph, self.view, self.suggest = graph, view, suggest
        self.exclude = sorted(exclude)
        self.taken = (
            {m.org_id for m in view.members} | {i.org_id for i in view.pending} | set(self.exclude)
        )
        self.line = view.consortium.line
        self.state = state_digest(view) if shared else None

    def __call__(
        self,
        *,
        sectors: list[str] | None = None,
        themes: list[str] | None = None,
        kinds: Sequence[str] | None = None,
        role: str | None = None,
    ) -> list[Suggestion]:
        def ask() -> list[Suggestion]:
            return self._ask(sectors=sectors, themes=themes, kinds=kinds, role=role)

        if self.state is None:
            return ask()
        key = (
            self.state,
            tuple(sectors or ()),
            tuple(themes or ()),
            None if kinds is None else tuple(kinds),
            role,
            tuple(self.exclude),
        )
        return _answers.get(self.graph, key, ask)

    def _ask(
        self,
        *,
        sectors: list[str] | None,
        themes: list[str] | None,
        kinds: Sequence[str] | None,
        role: str | None,
    ) -> list[Suggestion]:
        more = {"exclude": self.exclude} if self.exclude else {}
        found = self.suggest(
            self.graph,
            self.view.id,
            limit=PER_GAP * 4,
            missing_sectors=sectors,
            missing_themes=themes,
            **more,
        )
        found = [
            s for s in found if s.org_id not in self.taken and (kinds is None or s.kind in kinds)
        ]
        attributes = {
            row.org_id: row
            for row in self.graph.read(member_attributes_tx, org_ids=[s.org_id for s in found])
        }
        kept = []
        for item in found:
            row = attributes.get(item.org_id)
            given = role or role_for_kind(self.view.rules, item.kind, self.line)
            if (
                row is None
                or given is None
                or not eligible_as(self.view.rules, member_facts(row, given), self.line)
            ):
                continue
            kept.append(
                Suggestion(
                    item.org_id,
                    item.name,
                    item.kind,
                    SECTOR_OF_KIND.get(item.kind, ""),
                    given,
                    getattr(item, "score", None),
                    tuple(getattr(item, "reasons", ()) or ()),
                )
            )
        return kept[:PER_GAP]


def _sector_gaps(view: ConsortiumView, ask: _Suggester) -> list[Gap]:
    present = {SECTOR_OF_KIND.get(m.kind) for m in view.members}
    gaps = []
    for sector in SECTORS:
        if sector in present:
            continue
        kinds = [
            k
            for k in KINDS
            if SECTOR_OF_KIND[k] == sector and role_for_kind(view.rules, k, ask.line)
        ]
        if not kinds:
            gaps.append(Gap("sector", sector, {}, [], note="not_admitted"))
        else:
            gaps.append(Gap("sector", sector, {"kinds": kinds}, ask(sectors=[sector], kinds=kinds)))
    return gaps


def _theme_gap(view: ConsortiumView, ask: _Suggester) -> list[Gap]:
    covered = {t for m in view.members for t in m.themes}
    missing = [t.code for t in view.call.themes if t.code not in covered]
    if not missing:
        return []
    return [Gap("theme", "themes", {"themes": missing}, ask(themes=missing))]


def _rule_gaps(view: ConsortiumView, ask: _Suggester) -> list[Gap]:
    gaps = []
    for result in view.results:
        if result.status != "fail":
            continue
        role = _FIXED_BY_NEWCOMERS.get(result.rule)
        if role is None:
            note = "deadline" if result.rule == "deadline" else "fix"
            gaps.append(Gap("rule", result.code, {"result": result}, [], note=note))
            continue
        kinds = result.params.get("kinds") if result.rule == "required_kind_groups" else None
        sectors = sorted({SECTOR_OF_KIND[k] for k in kinds}) if kinds else None
        gaps.append(
            Gap(
                "rule",
                result.code,
                {"result": result},
                ask(sectors=sectors, kinds=kinds, role=role),
            )
        )
    return gaps


def gap_analysis(
    graph: Graph,
    view: ConsortiumView,
    suggest: SuggestFn | None = None,
    exclude: Collection[str] = (),
) -> list[Gap]:
    """Missing sectors, missing themes and failing rules, each with suggestions, never one
    of ``exclude`` (what the consortium dismissed or kept: read live, not a network fact,
    so it is part of the memo's key). A caller's own ``suggest`` is asked afresh."""
    ask = _Suggester(graph, view, suggest or recommender(), shared=suggest is None, exclude=exclude)
    return _sector_gaps(view, ask) + _theme_gap(view, ask) + _rule_gaps(view, ask)


#: Suggestions per network version, consortium state and question (a few KB each).
_answers: VersionedMemo[list[Suggestion]] = VersionedMemo(1024)


def state_digest(view: ConsortiumView) -> str:
    """A digest of what, beyond the network version, decides who may be suggested to
    ``view``: its members and pending invitations, the call's rules and the line (not
    the verdicts: a budget changes those and not who could join; a bookkeeping write, it
    leaves the network version as it is)."""
    state = [
        view.id,
        view.rules_version,
        view.consortium.line,
        view.rules,
        sorted([m.org_id, m.kind, m.role, sorted(m.themes)] for m in view.members),
        sorted(i.org_id for i in view.pending),
    ]
    text = json.dumps(state, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Candidate(Suggestion):
    """An organisation proposed once (as first suggested, with its best score), with
    every gap it fills (``fills`` holds the gaps' keys, ``kind:code``) and whether one of
    them blocks the next phase."""

    fills: tuple[str, ...]
    blocking: bool

    @classmethod
    def merged(
        cls, first: Suggestion, score: float | None, fills: tuple[str, ...], blocking: bool
    ) -> Candidate:
        """``first`` with the best score among its suggestions, the gaps it fills."""
        kept = {f.name: getattr(first, f.name) for f in fields(Suggestion)}
        return cls(**{**kept, "score": score}, fills=fills, blocking=blocking)


@dataclass(frozen=True)
class GapReport:
    """Gaps in the order a lead works through them: the failing rules that block the next
    phase, then the soft gaps (sectors, themes, rules that do not block); each candidate
    once, those filling a blocking gap first, then those filling more gaps."""

    blocking: list[Gap]
    soft: list[Gap]
    candidates: list[Candidate]

    @property
    def gaps(self) -> list[Gap]:
        return [*self.blocking, *self.soft]


def gap_key(gap: Gap) -> str:
    """A gap's key, unique in one analysis: ``rule:min_members``, ``sector:business``."""
    return f"{gap.kind}:{gap.code}"


def _blocks(gap: Gap) -> bool:
    return gap.kind == "rule" and bool(gap.params["result"].blocks)


def group_gaps(found: Sequence[Gap]) -> GapReport:
    """Blocking gaps first, then soft ones; the suggestions merged into one candidate per
    organisation, keeping the first role and reasons it was proposed with.

    >>> s = Suggestion("O1", "Uno", "SME", "business", "partner", None, ())
    >>> report = group_gaps([Gap("sector", "business", {}, [s]), Gap("theme", "themes", {}, [s])])
    >>> [(c.org_id, c.fills) for c in report.candidates]
    [('O1', ('sector:business', 'theme:themes'))]
    """
    blocking = [g for g in found if _blocks(g)]
    soft = [g for g in found if not _blocks(g)]
    merged: dict[str, tuple[Suggestion, list[str], bool, float | None]] = {}
    for gap in [*blocking, *soft]:
        for s in gap.suggestions:
            first, fills, blocks, score = merged.get(s.org_id, (s, [], False, None))
            best = max((x for x in (score, s.score) if x is not None), default=None)
            merged[s.org_id] = (first, [*fills, gap_key(gap)], blocks or _blocks(gap), best)
    candidates = [
        Candidate.merged(s, score, tuple(fills), blocks)
        for s, fills, blocks, score in merged.values()
    ]
    candidates.sort(key=lambda c: (not c.blocking, -len(c.fills), -(c.score or 0.0), c.name))
    return GapReport(blocking, soft, candidates)


def gap_report(
    graph: Graph,
    view: ConsortiumView,
    suggest: SuggestFn | None = None,
    exclude: Collection[str] = (),
) -> GapReport:
    """:func:`gap_analysis` grouped for the builder: blockers first, candidates once."""
    return group_gaps(gap_analysis(graph, view, suggest=suggest, exclude=exclude))
