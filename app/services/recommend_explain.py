"""From a ranked list to what a person reads: reasons from the features that contributed
most, no intermediary explaining more than three suggestions of a page of ten, and a
place for an organisation new to the network.

Reasons group the ranker's per-feature contributions (SHAP values for the learned
ranker, the additive terms for the formula): the groups with the largest positive part
are worded, strongest first. Pure functions on the snapshot's view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from app.services.recommend_features import COLUMN
from app.services.recommend_reasons import Reason
from app.services.recommend_snapshot import View
from graph.model import SECTORS

__all__ = [
    "GROUPS",
    "Ranked",
    "diversify",
    "explain",
    "intermediaries",
    "seeds_partners",
    "with_newcomer",
]

#: Page size over which diversity is kept, and the most suggestions of one page that
#: a single intermediary may explain.
PAGE: Final = 10
MAX_PER_INTERMEDIARY: Final = 3
#: Pages kept diverse; further down the ranking stays as it is (rarely seen, and the
#: intermediaries of two hundred candidates of a hub cost more than the rest).
DIVERSE_PAGES: Final = 5
MAX_REASONS: Final = 4
#: Reason groups and the features whose contributions they add up.
GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "paths": (
        "common_neighbours",
        "adamic_adar",
        "resource_allocation",
        "adamic_adar_recent",
        "salton",
        "project_paths",
        "adamic_adar_rel",
        "project_paths_rel",
    ),
    "ties": ("repeat_partnerships", "seeds_tied", "repeat_rel", "project_ties", "project_ties_rel"),
    "consortia": ("shared_consortia", "shared_line_consortia"),
    "call": ("call_consortia", "line_consortia", "line_consortia_rel"),
    "programmes": ("programme_similarity", "programme_popularity", "programme_popularity_rel"),
    "activity": (
        "degree",
        "recent_partnerships",
        "years_since_last",
        "consortia",
        "leads",
        "degree_rel",
        "recent_rel",
        "country_partners",
    ),
    "place": (
        "same_municipality",
        "same_district",
        "neighbour_district",
        "same_province",
        "same_country",
    ),
    "themes": ("theme_share",),
    "sector": ("sector_missing",),
    "newcomer": ("newcomer",),
}


@dataclass(frozen=True)
class Ranked:
    """One ranked candidate: its snapshot index, score, feature row, the roles the call
    admits it in and (once it is to be worded) each feature's contribution."""

    index: int
    score: float
    features: np.ndarray
    roles: tuple[str, ...] = ()
    contributions: np.ndarray | None = None

    def feature(self, name: str) -> float:
        return float(self.features[COLUMN[name]])

    def group(self, name: str) -> float:
        if self.contributions is None:
            return 0.0
        return float(sum(self.contributions[COLUMN[f]] for f in GROUPS[name]))

    @property
    def through_paths(self) -> bool:
        """Whether shared partners are its evidence (rather than ties or projects of its
        own with the seeds): what diversity limits."""
        return (
            self.feature("common_neighbours") > 0
            and self.feature("repeat_partnerships") == 0
            and self.feature("shared_consortia") == 0
        )


def seeds_partners(view: View, seeds: Sequence[int]) -> np.ndarray:
    """The seeds' partners (the possible intermediaries), seeds left out, sorted."""
    if not seeds:
        return np.zeros(0, dtype=np.int64)
    near = np.unique(np.concatenate([view.partners(s) for s in seeds]))
    return near[~np.isin(near, seeds)]


def intermediaries(view: View, near: np.ndarray, candidate: int) -> list[int]:
    """The seeds' partners (``near``) that are also the candidate's, most telling first
    (partners with few partners of their own say more: Adamic-Adar's weight)."""
    shared = np.intersect1d(view.partners(candidate), near, assume_unique=True)
    order = np.lexsort((shared, -view.inv_log_deg[shared]))
    return [int(z) for z in shared[order]]


def diversify(
    view: View, seeds: Sequence[int], ranked: Sequence[Ranked]
) -> tuple[list[Ranked], dict[int, list[int]]]:
    """The same suggestions, reordered page by page so that no intermediary explains more
    than MAX_PER_INTERMEDIARY of a page; and, per suggestion, the intermediaries its
    reason may name. A suggestion that comes only through shared partners, all of them
    used up, moves to the next page (it is not dropped); when too few others are left
    to fill a page, it stays, with those partners unnamed."""
    order: list[Ranked] = []
    names: dict[int, list[int]] = {}
    near = seeds_partners(view, seeds)
    waiting = list(ranked)
    while waiting and len(order) < PAGE * DIVERSE_PAGES:
        used: Counter[int] = Counter()
        page: list[Ranked] = []
        deferred: list[Ranked] = []
        for item in waiting:
            if len(page) == PAGE:
                deferred.append(item)
                continue
            via = (
                intermediaries(view, near, item.index)
                if item.feature("common_neighbours") > 0
                else []
            )
            free = [z for z in via if used[z] < MAX_PER_INTERMEDIARY]
            if via and not free and item.through_paths:
                deferred.append(item)
                continue
            shown = free[:3]
            used.update(shown)
            names[item.index] = shown
            page.append(item)
        # Too few others to fill the page: the deferred ones complete it, their used-up
        # intermediaries left unnamed (other reasons explain them).
        while len(page) < PAGE and deferred:
            item = deferred.pop(0)
            via = (
                intermediaries(view, near, item.index)
                if item.feature("common_neighbours") > 0
                else []
            )
            shown = [z for z in via if used[z] < MAX_PER_INTERMEDIARY][:3]
            used.update(shown)
            names[item.index] = shown
            page.append(item)
        order.extend(page)
        waiting = deferred
    return order + waiting, names  # the names of the rest: when they are worded


def with_newcomer(ranked: list[Ranked], pool: Sequence[Ranked]) -> list[Ranked]:
    """Make room on the first page for the best-placed newcomer of ``pool`` (an
    organisation new to the network, with nothing yet for a ranker to learn from) when
    the page has none and the newcomer fits by theme or place."""
    first = ranked[:PAGE]
    if any(r.feature("newcomer") > 0 for r in first):
        return ranked
    fits = [
        r
        for r in pool
        if r.feature("newcomer") > 0
        and r not in first
        and (
            r.feature("theme_share") > 0
            or r.feature("same_district") > 0
            or r.feature("neighbour_district") > 0
            or r.feature("same_municipality") > 0
        )
    ]
    if not fits:
        return ranked
    chosen = fits[0]
    rest = [r for r in ranked if r.index != chosen.index]
    slot = min(PAGE - 1, len(rest))
    return rest[:slot] + [chosen] + rest[slot:]


def explain(
    view: View,
    item: Ranked,
    *,
    seeds: Sequence[int],
    names: Sequence[int],
    for_consortium: bool,
    call_code: str | None,
    line_code: str | None,
    theme_labels: Mapping[str, Mapping[str, str]],
    target_themes: frozenset[str],
    district_names: Mapping[str, str],
) -> list[Reason]:
    """Up to MAX_REASONS reasons, from the groups that raised the score most."""
    snap = view.snap
    i = item.index
    found: list[tuple[float, Reason]] = []

    def add(group: str, reason: Reason | None) -> None:
        weight = item.group(group)
        if reason is not None and weight > 0:
            found.append((weight, reason))

    if names:
        add(
            "paths",
            Reason(
                "member_partners" if for_consortium else "shared_partners",
                {
                    "names": [snap.rows.names[z] for z in names],
                    "count": max(int(item.feature("common_neighbours")), len(names)),
                    "since": _since(view, i, names),
                },
            ),
        )
    tied = [s for s in seeds if view.W[s, i] > 0] if item.feature("repeat_partnerships") > 0 else []
    if tied:
        add(
            "ties",
            Reason(
                "direct_partner",
                {
                    "names": [snap.rows.names[s] for s in tied[:3]],
                    "count": len(tied),
                    "since": _since(view, i, tied[:3]),
                },
            ),
        )
    if item.feature("shared_consortia") > 0:
        add("consortia", Reason("past_consortia", {"count": int(item.feature("shared_consortia"))}))
    count = int(round(np.expm1(item.feature("line_consortia" if line_code else "call_consortia"))))
    if count > 0 and call_code:
        add(
            "call",
            Reason("call_experience", {"count": count, "call": call_code, "line": line_code}),
        )
    add("programmes", Reason("same_programmes", {}))
    add(
        "activity",
        Reason("active", {"partners": int(view.deg[i]), "recent": int(view.recent_edges[i])}),
    )
    add("place", _place_reason(view, item, district_names))
    shared = sorted(set(snap.rows.themes[i]) & target_themes)
    if shared:
        labels = {
            lang: [theme_labels.get(t, {}).get(lang, t) for t in shared] for lang in ("it", "en")
        }
        add("themes", Reason("themes", {"themes": shared, "labels": labels}))
    if for_consortium and item.feature("sector_missing") > 0 and snap.sector[i] >= 0:
        add("sector", Reason("covers_sector", {"sector": SECTORS[snap.sector[i]]}))
    add("newcomer", Reason("newcomer", {}))
    found.sort(key=lambda pair: -pair[0])
    reasons = [reason for _, reason in found[:MAX_REASONS]]
    if not reasons and item.feature("newcomer") > 0:
        reasons.append(Reason("newcomer", {}))
    return reasons


def _since(view: View, candidate: int, others: Sequence[int]) -> int | None:
    """The earliest year the candidate's ties with ``others`` began."""
    years = [y for z in others if (y := view.since_year(candidate, z)) is not None]
    return min(years) if years else None


def _place_reason(view: View, item: Ranked, district_names: Mapping[str, str]) -> Reason | None:
    snap = view.snap
    code = snap.rows.districts[item.index]
    if item.feature("same_district") > 0 and code:
        return Reason("same_district", {"district": district_names.get(code, code), "code": code})
    if item.feature("neighbour_district") > 0 and code:
        return Reason(
            "neighbour_district", {"district": district_names.get(code, code), "code": code}
        )
    country = snap.rows.countries[item.index]
    if item.feature("same_country") > 0 and country:
        return Reason("same_country", {"country": country})
    return None
