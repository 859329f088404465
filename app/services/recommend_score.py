"""The recommendation score as pure functions: candidate features in, a ranking out.

    score = ln(epsilon + proximity)
            + w_same * [same district] + w_neighbour * [neighbouring district]
            + w_theme * theme fit              (w_missing_theme for a consortium's gaps)
            + w_sector * [covers a missing sector] + w_kind * [a kind the call requires
              and the consortium lacks] + w_lead * [can lead a consortium without a lead]
            + w_core * [the call admits it as a partner, not only as an associate]

    proximity = sum over paths s - z - c of 1 / ln(deg z) / deg(c)^h  (Adamic-Adar,
                                                      damped for well-connected c)
                + w_direct * number of direct ties c - s           (consortium members s)
                + w_project * sum over past consortia k shared with s of 1 / ln(1 + |k|)

The logarithm makes the bonuses multiplicative: a same-district candidate counts as
if its proximity were e^0.15 = 1.16 times larger. ``epsilon`` lets a candidate with no
path at all be ranked by geography, themes and gaps. See docs/recommendation.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.services.recommend_reasons import Reason
from graph.model import SECTOR_OF_KIND

MAX_REASONS = 4


@dataclass(frozen=True)
class Tie:
    """A tie of the candidate: with an intermediary (``weight`` its Adamic-Adar share) or
    with a seed itself; ``since`` is the year the candidate's tie began."""

    org_id: str
    name: str
    since: int | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class PastProject:
    """A past consortium the candidate shared with a seed organisation."""

    consortium_id: str
    title: str
    call: str
    year: int | None
    with_name: str
    weight: float


@dataclass(frozen=True)
class Candidate:
    """An organisation that could be suggested, with what the score reads."""

    org_id: str
    name: str
    kind: str
    district: str | None = None
    themes: frozenset[str] = frozenset()
    partners: int = 0
    paths: tuple[Tie, ...] = ()
    direct: tuple[Tie, ...] = ()
    projects: tuple[PastProject, ...] = ()
    #: Roles the call admits it in (empty when no call is concerned).
    roles: tuple[str, ...] = ()
    non_profit: bool | None = None
    size_class: str | None = None
    capabilities: tuple[str, ...] = ()

    @property
    def sector(self) -> str:
        return SECTOR_OF_KIND.get(self.kind, "")


@dataclass(frozen=True)
class Target:
    """Whom the suggestions are for: an organisation, or a consortium and its gaps."""

    for_consortium: bool = False
    district: str | None = None
    neighbours: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    missing_sectors: frozenset[str] = frozenset()
    missing_kinds: frozenset[str] = frozenset()
    needs_lead: bool = False
    district_names: Mapping[str, str] = field(default_factory=dict)
    theme_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Weights:
    """The score's constants (docs/recommendation.md says how they were chosen)."""

    epsilon: float = 0.1
    hub_damping: float = 0.1
    direct: float = 1.0
    project: float = 0.5
    same_district: float = 0.15
    neighbour_district: float = 0.05
    theme: float = 0.05
    missing_theme: float = 0.5
    sector_gap: float = 1.0
    kind_gap: float = 1.0
    lead_gap: float = 1.0
    core_role: float = 1.0


def proximity(c: Candidate, w: Weights) -> float:
    """Graph proximity to the seeds: Adamic-Adar paths (damped by the candidate's own
    number of partners, which alone makes shared partners likely), direct ties, past
    consortia.

    >>> proximity(Candidate("c", "C", "SME", paths=(Tie("z", "Z", weight=0.5),),
    ...                     direct=(Tie("s", "S"),)), Weights())
    1.5
    """
    damping = max(c.partners, 1) ** w.hub_damping
    return (sum(t.weight for t in c.paths) / damping + w.direct * len(c.direct)
            + w.project * sum(p.weight for p in c.projects))


def theme_fit(c: Candidate, target: Target) -> float:
    """Share of the target's themes the candidate works on (0 when the target has none).

    >>> theme_fit(Candidate("c", "C", "SME", themes=frozenset({"a", "x"})),
    ...           Target(themes=frozenset({"a", "b"})))
    0.5
    """
    if not target.themes:
        return 0.0
    return len(c.themes & target.themes) / len(target.themes)


def geography(c: Candidate, target: Target) -> str | None:
    """``same`` or ``neighbour`` district, or None."""
    if c.district and c.district == target.district:
        return "same"
    if c.district and c.district in target.neighbours:
        return "neighbour"
    return None


def fills_kind(c: Candidate, target: Target) -> bool:
    """A kind the call requires and the consortium lacks, in a core role."""
    return c.kind in target.missing_kinds and bool({"lead", "partner"} & set(c.roles))


def can_lead(c: Candidate, target: Target) -> bool:
    return target.needs_lead and "lead" in c.roles


def core_role(c: Candidate, target: Target) -> bool:
    """For a consortium: the call admits the candidate as a partner (not only an associate,
    who brings no budget and counts for no rule)."""
    return target.for_consortium and "partner" in c.roles


def score(c: Candidate, target: Target, w: Weights) -> float:
    """The candidate's score for ``target`` (higher is better)."""
    value = math.log(w.epsilon + proximity(c, w))
    place = geography(c, target)
    value += w.same_district if place == "same" else 0.0
    value += w.neighbour_district if place == "neighbour" else 0.0
    value += (w.missing_theme if target.for_consortium else w.theme) * theme_fit(c, target)
    if c.sector in target.missing_sectors:  # an associate covers a sector half as much
        value += w.sector_gap * (1.0 if core_role(c, target) or not c.roles else 0.5)
    value += w.kind_gap if fills_kind(c, target) else 0.0
    value += w.lead_gap if can_lead(c, target) else 0.0
    value += w.core_role if core_role(c, target) else 0.0
    return value


def rank(candidates: Iterable[Candidate], target: Target, w: Weights, limit: int
         ) -> list[tuple[Candidate, float]]:
    """The best ``limit`` candidates, ties broken by partnerships, then name and id."""
    scored = [(c, score(c, target, w)) for c in candidates]
    scored.sort(key=lambda item: (-item[1], -item[0].partners, item[0].name, item[0].org_id))
    return scored[:limit]


def reasons(c: Candidate, target: Target) -> list[Reason]:
    """Why ``c`` is suggested, strongest first (at most MAX_REASONS)."""
    found: list[Reason] = []
    if c.direct:
        found.append(_tie_reason("direct_partner", c.direct))
    if c.paths:
        found.append(_tie_reason("member_partners" if target.for_consortium
                                 else "shared_partners", c.paths))
    if c.projects:
        best = max(c.projects, key=lambda p: (p.weight, p.year or 0))
        found.append(Reason("past_consortium", {"title": best.title, "call": best.call,
                                                "year": best.year, "with": best.with_name}))
    if c.sector in target.missing_sectors:
        found.append(Reason("covers_sector", {"sector": c.sector}))
    if fills_kind(c, target):
        found.append(Reason("required_kind", {"kind": c.kind}))
    if can_lead(c, target):
        found.append(Reason("can_lead", {}))
    shared = sorted(c.themes & target.themes)
    if shared:
        labels = {lang: [target.theme_labels.get(t, {}).get(lang, t) for t in shared]
                  for lang in ("it", "en")}
        found.append(Reason("themes", {"themes": shared, "labels": labels}))
    place = geography(c, target)
    if place is not None and c.district:
        name = target.district_names.get(c.district, c.district)
        found.append(Reason(f"{place}_district", {"district": name, "code": c.district}))
    return found[:MAX_REASONS]


def _tie_reason(code: str, ties: tuple[Tie, ...]) -> Reason:
    """Names of the strongest ties, and the earliest year among them."""
    best = sorted(ties, key=lambda t: (-t.weight, t.name))
    shown = best[:3]
    years = [t.since for t in shown if t.since]
    return Reason(code, {"names": [t.name for t in shown], "count": len(ties),
                         "since": min(years) if years else None})
