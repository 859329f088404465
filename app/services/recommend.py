"""Partner recommendation for an organisation or a consortium, every suggestion explained.

Two stable entry points: :func:`recommend_for_organization` and
:func:`recommend_for_consortium`. Candidates come from one bounded read
(graph/recommend_repo.py), the score is the pure ``app.services.recommend_score`` and
the reasons are worded by ``app.services.recommend_reasons``. docs/recommendation.md
defines the score and reports its evaluation. Live suggestions (no ``as_of``, default
weights) are kept per process and network version (``app.services.memo``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final

from app.services.call_eligibility import admitted_kinds, admitted_roles
from app.services.memo import VersionedMemo
from app.services.recommend_reasons import Reason, set_language
from app.services.recommend_score import (
    Candidate,
    PastProject,
    Target,
    Tie,
    Weights,
    rank,
    reasons,
)
from app.services.rules import effective_rules
from graph import recommend_repo as repo
from graph.driver import Graph
from graph.model import KINDS, SECTOR_OF_KIND, SECTORS

__all__ = ["Reason", "Suggestion", "Weights", "recommend_for_consortium",
           "recommend_for_group", "recommend_for_organization", "set_language"]

#: Intermediaries with more partners than this are not expanded (a regional hub says
#: little about fit and would make the query unbounded).
HUB_CAP: Final = 400
MAX_CANDIDATES: Final = 150
LOCAL_LIMIT: Final = 100


@dataclass(frozen=True)
class Suggestion:
    """One suggested partner: who, how well it fits (``score``, higher is better) and why.

    ``role`` is the role the call admits it in (partner first), for consortia and when a
    call is given; otherwise None.
    """

    org_id: str
    name: str
    kind: str
    sector: str
    score: float
    reasons: list[Reason] = field(default_factory=list)
    role: str | None = None

    def as_dict(self, lang: str = "it") -> dict[str, Any]:
        return {"org_id": self.org_id, "name": self.name, "kind": self.kind,
                "sector": self.sector, "score": round(self.score, 4), "role": self.role,
                "reasons": [r.as_dict(lang) for r in self.reasons]}


#: Live suggestions per network version, organisation, call and limit (a few KB each).
_suggestions: VersionedMemo[list[Suggestion]] = VersionedMemo(1024)


def recommend_for_organization(
    graph: Graph, org_id: str, *, limit: int = 10, call_code: str | None = None,
    as_of: date | None = None, weights: Weights | None = None,
    exclude: Collection[str] = (),
) -> list[Suggestion]:
    """Partners for ``org_id``: never one of its partners nor one of ``exclude`` (e.g. the
    suggestions it dismissed), eligible for ``call_code`` (lead or partner) when given.
    ``as_of`` sees the network as it was on that date."""
    if exclude:
        skip = set(exclude)
        found = recommend_for_organization(graph, org_id, limit=limit + len(skip),
                                           call_code=call_code, as_of=as_of, weights=weights)
        return [s for s in found if s.org_id not in skip][:limit]
    if as_of is None and weights is None:
        return _suggestions.get(graph, (org_id, limit, call_code), lambda: _for_organization(
            graph, org_id, limit=limit, call_code=call_code, as_of=None, weights=None))
    return _for_organization(graph, org_id, limit=limit, call_code=call_code, as_of=as_of,
                             weights=weights)


def _for_organization(graph: Graph, org_id: str, *, limit: int, call_code: str | None,
                      as_of: date | None, weights: Weights | None) -> list[Suggestion]:
    ctx = graph.read(repo.organization_context_tx, org_id=org_id, as_of=as_of)
    if ctx is None:
        return []
    rules = _call_rules(graph, call_code) if call_code else None
    if call_code and rules is None:
        return []
    kinds = sorted(admitted_kinds(rules)) if rules else list(KINDS)
    target = Target(district=ctx["district"], neighbours=frozenset(ctx["neighbours"]),
                    themes=frozenset(t["code"] for t in ctx["themes"]),
                    theme_labels={t["code"]: t for t in ctx["themes"]})
    candidates = _candidates(graph, seeds=[org_id], exclude=ctx["partners"], kinds=kinds,
                             districts=[ctx["district"], *ctx["neighbours"]], as_of=as_of,
                             skip=[], direct=False, rules=rules)
    if rules is not None:
        candidates = [_with_roles(c, rules, None) for c in candidates]
        candidates = [c for c in candidates if {"lead", "partner"} & set(c.roles)]
    return _suggest(graph, candidates, target, weights, limit, with_role=rules is not None)


def recommend_for_consortium(
    graph: Graph, consortium_id: str, *, limit: int = 10,
    missing_sectors: Sequence[str] | None = None, missing_themes: Sequence[str] | None = None,
    exclude: Collection[str] = (),
) -> list[Suggestion]:
    """Partners for a consortium: never a member or invitee, always admitted by the call
    in some role. Without ``missing_sectors``/``missing_themes`` the gaps are computed
    (sectors absent, call themes uncovered) and favoured; given, they are required: only
    organisations of those sectors, working on one of those themes, are suggested."""
    ctx = graph.read(repo.consortium_context_tx, consortium_id=consortium_id)
    if ctx is None:
        return []
    return recommend_for_group(
        graph, members=ctx["members"], rules=json.loads(ctx["rules_json"] or "{}"),
        line=ctx["line"], district=ctx["district"], call_themes=ctx["call_themes"],
        exclude=[*(i for i in ctx["invited"] if i), *exclude], skip_consortia=[consortium_id],
        limit=limit, missing_sectors=missing_sectors, missing_themes=missing_themes)


def recommend_for_group(
    graph: Graph, *, members: Sequence[Mapping[str, Any]], rules: Mapping[str, Any],
    line: str | None, district: str | None, call_themes: Iterable[str],
    exclude: Iterable[str] = (), skip_consortia: Iterable[str] = (), limit: int = 10,
    missing_sectors: Sequence[str] | None = None, missing_themes: Sequence[str] | None = None,
    as_of: date | None = None, weights: Weights | None = None,
) -> list[Suggestion]:
    """Partners for a group of ``members`` (id, kind, role, themes) assembled for a call.

    The consortium entry point reads these from the database; the evaluation harness
    passes a consortium's lead alone, as it was before the others joined.
    """
    active = effective_rules(rules, line)
    kinds_in = admitted_kinds(active)
    sectors = {SECTOR_OF_KIND[k] for k in kinds_in}
    present = {SECTOR_OF_KIND.get(m["kind"], "") for m in members}
    covered = {t for m in members for t in m.get("themes") or ()}
    core_kinds = {m["kind"] for m in members if m.get("role") in ("lead", "partner")}
    lacking_kinds = {k for group in active.get("required_kind_groups") or ()
                     if not set(group) & core_kinds for k in group}
    wanted_sectors = set(missing_sectors if missing_sectors is not None
                         else [s for s in SECTORS if s in sectors and s not in present])
    wanted_themes = set(missing_themes if missing_themes is not None
                        else [t for t in call_themes if t not in covered])
    places = graph.read(repo.district_context_tx, district=district)
    target = Target(for_consortium=True, district=district,
                    neighbours=frozenset(places["neighbours"]),
                    themes=frozenset(wanted_themes), missing_sectors=frozenset(wanted_sectors),
                    missing_kinds=frozenset(lacking_kinds),
                    needs_lead=not any(m.get("role") == "lead" for m in members))
    pool_kinds = [k for k in kinds_in if missing_sectors is None
                  or SECTOR_OF_KIND[k] in wanted_sectors]
    seeds = [str(m["id"]) for m in members]
    candidates = _candidates(graph, seeds=seeds, exclude=list(exclude), kinds=pool_kinds,
                             districts=[d for d in [district, *places["neighbours"]] if d],
                             as_of=as_of, skip=list(skip_consortia), direct=True,
                             rules=active)
    candidates = [_with_roles(c, rules, line, target.needs_lead) for c in candidates]
    candidates = [c for c in candidates if c.roles
                  and (missing_sectors is None or c.sector in wanted_sectors)
                  and (missing_themes is None or c.themes & wanted_themes)]
    target = _with_labels(graph, target, wanted_themes)
    return _suggest(graph, candidates, target, weights, limit, with_role=True)


def _candidates(graph: Graph, *, seeds: list[str], exclude: list[str], kinds: list[str],
                districts: list[str | None], as_of: date | None, skip: list[str],
                direct: bool, rules: Mapping[str, Any] | None) -> list[Candidate]:
    capabilities = sorted((rules or {}).get("partner_capabilities") or [])
    data = graph.read(
        repo.candidate_features_tx, seeds=seeds, exclude=sorted({*exclude, *seeds}),
        districts=[d for d in districts if d], kinds=kinds, as_of=as_of,
        skip_consortia=skip, hub_cap=HUB_CAP, max_candidates=MAX_CANDIDATES,
        local_limit=LOCAL_LIMIT, direct=direct, capabilities=capabilities)
    found = []
    for row in data["features"]:
        cid = row["id"]
        paths = data["paths"].get(cid, {}).get("paths", [])
        found.append(Candidate(
            org_id=cid, name=row["name"] or cid, kind=row["kind"] or "",
            district=row["district"], themes=frozenset(row["themes"]),
            partners=int(row["partners"] or 0),
            paths=tuple(Tie(p["id"], p["name"] or p["id"], p["since"], float(p["weight"]))
                        for p in paths),
            direct=tuple(Tie(t["id"], t["name"] or t["id"], t["since"])
                         for t in data["ties"].get(cid, [])),
            projects=tuple(PastProject(k["id"], k["title"] or k["id"], k["call"] or "",
                                       k["year"], k["with"] or "", float(k["weight"]))
                           for k in data["shared"].get(cid, [])),
            non_profit=row["non_profit"], size_class=row["size_class"],
            capabilities=tuple(row["capabilities"] or ())))
    return found


def _with_roles(c: Candidate, rules: Mapping[str, Any], line: str | None,
                may_lead: bool = True) -> Candidate:
    """The candidate with the roles the call admits it in (lead only when ``may_lead``)."""
    roles = admitted_roles(rules, kind=c.kind, non_profit=c.non_profit,
                           size_class=c.size_class, capabilities=c.capabilities, line=line)
    return replace(c, roles=tuple(r for r in roles if may_lead or r != "lead"))


def _call_rules(graph: Graph, call_code: str) -> dict[str, Any] | None:
    rules_json = graph.read(repo.call_rules_tx, call_code=call_code)
    return json.loads(rules_json) if rules_json else None


def _with_labels(graph: Graph, target: Target, themes: Iterable[str]) -> Target:
    labels = graph.read(repo.theme_labels_tx, codes=sorted(themes)) if themes else {}
    return replace(target, theme_labels=labels)


def _suggest(graph: Graph, candidates: list[Candidate], target: Target,
             weights: Weights | None, limit: int, *, with_role: bool) -> list[Suggestion]:
    """Rank, then word the reasons of the chosen few (district names read for them)."""
    ranked = rank(candidates, target, weights or Weights(), limit)
    codes = sorted({c.district for c, _ in ranked if c.district})
    names = graph.read(repo.district_names_tx, codes=codes) if codes else {}
    target = replace(target, district_names=names)
    return [Suggestion(c.org_id, c.name, c.kind, c.sector, value, reasons(c, target),
                       _role(c) if with_role else None)
            for c, value in ranked]


def _role(c: Candidate) -> str | None:
    """Partner first, then associate; lead only for a group without one."""
    for role in ("partner", "associate", "lead"):
        if role in c.roles:
            return role
    return None
