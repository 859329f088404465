"""Candidates and their features for one recommendation query, as arrays.

A query is a set of *seeds* (an organisation, or a consortium's members) with what the
suggestions are for (a call and its line, a place, themes). Scores over the whole
network come from sparse products over the seeds' neighbourhoods
(``app/services/recommend_snapshot.py``); the candidates are the union of the best few
hundred by each signal (shared partners, repeat partners, popularity in the call or
line, similar programmes, activity, place, themes), so each signal can bring in the
right answer on its own and no single one bounds the others. Pure functions: no
database, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

import numpy as np

from app.services.recommend_snapshot import NO_DAY, View

__all__ = ["FEATURES", "Block", "Query", "candidates"]

#: The feature columns, in order (docs/recommendation.md explains each).
FEATURES: Final[tuple[str, ...]] = (
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "adamic_adar_recent",
    "salton",
    "repeat_partnerships",
    "shared_consortia",
    "seeds_tied",
    "degree",
    "recent_partnerships",
    "years_since_last",
    "consortia",
    "leads",
    "call_consortia",
    "line_consortia",
    "programme_similarity",
    "kind",
    "seed_kind",
    "same_kind",
    "sector_missing",
    "same_municipality",
    "same_district",
    "neighbour_district",
    "same_province",
    "same_country",
    "theme_share",
    "seed_degree",
    "newcomer",
    "project_ties",
    "project_paths",
    "programme_popularity",
    "country_partners",
    "shared_line_consortia",
    # The same signals relative to the query's best candidate: histories of different
    # lengths (training windows, the live network) give different absolute values.
    "adamic_adar_rel",
    "repeat_rel",
    "project_ties_rel",
    "project_paths_rel",
    "line_consortia_rel",
    "degree_rel",
    "recent_rel",
    "programme_popularity_rel",
    # The fallback formula's score (below), so that the learned ranker starts from it.
    "formula",
)
_RELATIVE: Final = {
    "adamic_adar_rel": "adamic_adar",
    "repeat_rel": "repeat_partnerships",
    "project_ties_rel": "project_ties",
    "project_paths_rel": "project_paths",
    "line_consortia_rel": "line_consortia",
    "degree_rel": "degree",
    "recent_rel": "recent_partnerships",
    "programme_popularity_rel": "programme_popularity",
}
COLUMN: Final = {name: i for i, name in enumerate(FEATURES)}
#: Candidates each signal may bring in.
POOL: Final = {
    "adamic_adar": 400,
    "repeat": 150,
    "shared": 150,
    "line": 150,
    "call": 150,
    "programme": 150,
    "degree": 100,
    "recent": 100,
    "place": 150,
    "themes": 150,
    "country": 100,
    "newcomers": 30,
}
#: An organisation created this recently (days) with no partnership is a newcomer.
NEWCOMER_DAYS: Final = 180


@dataclass(frozen=True)
class Query:
    """Whom the suggestions are for. Indices are the snapshot's; -1 means none."""

    seeds: tuple[int, ...]
    call: int = -1
    line: int = -1
    #: Organisations never to suggest (besides the seeds).
    exclude: frozenset[int] = frozenset()
    #: For an organisation: its partners are not suggested (they already are partners).
    skip_partners: bool = True
    #: Kind numbers (graph.model.KINDS) that may be suggested; None: every kind.
    kinds: frozenset[int] | None = None
    district: int = -1
    themes: frozenset[int] = frozenset()


@dataclass
class Block:
    """Candidates (snapshot indices) and their feature rows (``FEATURES`` columns)."""

    ids: np.ndarray
    X: np.ndarray
    #: The seeds' partners (intermediaries) and their Adamic-Adar weights, for reasons.
    intermediaries: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _top(scores: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest positive ``scores`` among ``allowed``."""
    masked = np.where(allowed & (scores > 0), scores, 0.0)
    positive = int(np.count_nonzero(masked))
    if positive == 0:
        return np.zeros(0, dtype=np.int64)
    k = min(k, positive)
    part = np.argpartition(-masked, k - 1)[:k]
    return part[masked[part] > 0].astype(np.int64)


def _sum_rows(matrix: object, rows: np.ndarray, width: int) -> np.ndarray:
    """Dense sum of ``rows`` of a CSR matrix (zeros when there are none)."""
    if len(rows) == 0:
        return np.zeros(width, dtype=np.float32)
    return np.asarray(matrix[rows].sum(axis=0)).ravel()  # type: ignore[index]


def candidates(view: View, q: Query) -> Block:
    """The candidates for ``q`` with their features (empty when nothing qualifies)."""
    snap, n = view.snap, view.snap.n
    seeds = np.asarray(q.seeds, dtype=np.int64)
    tied = _sum_rows(view.B, seeds, n)  # how many seeds each organisation is a partner of
    repeat = _sum_rows(view.W, seeds, n)
    nbrs = np.flatnonzero(tied > 0)
    nbrs = nbrs[~np.isin(nbrs, seeds)]
    paths = np.zeros((n, 3), dtype=np.float32)
    recent_aa = np.zeros(n, dtype=np.float32)
    if len(nbrs):
        Z = view.B[nbrs]
        weights = np.column_stack(
            [np.ones(len(nbrs), dtype=np.float32), view.inv_log_deg[nbrs], view.inv_deg[nbrs]]
        )
        paths = np.asarray(Z.T @ weights)
        recent_aa = np.asarray(view.recent_B[nbrs].T @ view.inv_log_deg[nbrs]).ravel()
    cn, aa, ra = paths[:, 0], paths[:, 1], paths[:, 2]
    seed_cons = np.flatnonzero(_sum_rows(view.M, seeds, view.M.shape[1]) > 0)
    shared = (
        np.asarray(view.M_columns[:, seed_cons].sum(axis=1)).ravel()
        if len(seed_cons)
        else np.zeros(n, dtype=np.float32)
    )
    # Collaboration strength through consortia: a tie from a small project weighs more
    # than one from a project of a hundred members (Newman's 1 / (size - 1) weighting).
    project_ties = _sum_rows(view.P, seeds, n)
    reach = np.flatnonzero(project_ties > 0)
    project_paths = (
        np.asarray(view.P[reach].T @ project_ties[reach]).ravel()
        if len(reach)
        else np.zeros(n, dtype=np.float32)
    )
    seed_lines = _sum_rows(view.by_line_rows, seeds, view.by_line.shape[1])
    if q.line < 0 and seed_lines.any():  # no call given: the seeds' own main programme
        q = replace(q, line=int(np.argmax(seed_lines)))
    line_cons = (
        seed_cons[snap.cons_line[seed_cons] == q.line]
        if q.line >= 0
        else np.zeros(0, dtype=np.int64)
    )
    shared_line = (
        np.asarray(view.M_columns[:, line_cons].sum(axis=1)).ravel()
        if len(line_cons)
        else np.zeros(n, dtype=np.float32)
    )
    call_pop = (
        view.by_call[:, q.call].toarray().ravel() if q.call >= 0 else np.zeros(n, dtype=np.float32)
    )
    line_pop = (
        view.by_line[:, q.line].toarray().ravel() if q.line >= 0 else np.zeros(n, dtype=np.float32)
    )
    if q.line >= 0:
        seed_lines = seed_lines.copy()
        seed_lines[q.line] += 1.0
    norm = float(np.linalg.norm(seed_lines))
    programme_pop = np.asarray(
        view.by_line_rows @ (seed_lines / max(seed_lines.sum(), 1.0))
    ).ravel()
    programme = (
        np.asarray(view.by_line_rows @ seed_lines).ravel() / np.maximum(view.line_norm, 1e-9) / norm
        if norm > 0
        else np.zeros(n, dtype=np.float32)
    )

    allowed = np.ones(n, dtype=bool)
    allowed[seeds] = False
    if q.exclude:
        allowed[np.fromiter(q.exclude, dtype=np.int64)] = False
    if q.skip_partners:
        allowed[nbrs] = False
    if q.kinds is not None:
        allowed &= np.isin(snap.kind, np.fromiter(q.kinds, dtype=np.int8))

    place = _place(view, q, seeds)
    theme_share = _theme_share(view, q)
    newcomer = (
        (view.deg == 0)
        & (view.consortia == 0)
        & (snap.created > NO_DAY)
        & (snap.created < view.now)
        & (snap.created >= view.now - NEWCOMER_DAYS)
    )
    pools = [
        _top(aa + 1e-3 * cn, allowed, POOL["adamic_adar"]),
        _top(repeat, allowed, POOL["repeat"]),
        _top(shared, allowed, POOL["shared"]),
        _top(line_pop, allowed, POOL["line"]),
        _top(call_pop, allowed, POOL["call"]),
        _top(programme * np.log1p(view.consortia), allowed, POOL["programme"]),
        _top(view.deg, allowed, POOL["degree"]),
        _top(project_paths, allowed, POOL["adamic_adar"]),
        _top(programme_pop, allowed, POOL["programme"]),
        _top(view.recent_edges, allowed, POOL["recent"]),
        _top(
            (place["same_district"] + place["neighbour_district"] + place["same_municipality"])
            * (1 + np.log1p(view.deg)),
            allowed,
            POOL["place"],
        ),
        _top(theme_share * (1 + np.log1p(view.deg)), allowed, POOL["themes"]),
        _top(place["same_country"] * (1 + view.deg), allowed, POOL["country"]),
        _top(newcomer * (1.0 + theme_share + place["same_district"]), allowed, POOL["newcomers"]),
    ]
    ids = np.unique(np.concatenate(pools)) if pools else np.zeros(0, dtype=np.int64)
    seed_deg = float(len(nbrs))
    X = np.zeros((len(ids), len(FEATURES)), dtype=np.float32)
    if len(ids) == 0:
        return Block(ids, X, nbrs)
    years = np.where(view.last_day[ids] > NO_DAY, (view.now - view.last_day[ids]) / 365.25, 10.0)
    seed_kind = int(snap.kind[seeds[0]]) if len(seeds) else -1
    seed_sectors = set(snap.sector[seeds].tolist()) if len(seeds) else set()
    columns = {
        "common_neighbours": cn[ids],
        "adamic_adar": aa[ids],
        "resource_allocation": ra[ids],
        "adamic_adar_recent": recent_aa[ids],
        "salton": cn[ids] / np.sqrt(np.maximum(view.deg[ids], 1) * max(seed_deg, 1)),
        "repeat_partnerships": repeat[ids],
        "shared_consortia": shared[ids],
        "seeds_tied": tied[ids] / max(len(seeds), 1),
        "degree": np.log1p(view.deg[ids]),
        "recent_partnerships": np.log1p(view.recent_edges[ids]),
        "years_since_last": np.minimum(years, 10.0),
        "consortia": np.log1p(view.consortia[ids]),
        "leads": np.log1p(view.leads[ids]),
        "call_consortia": np.log1p(call_pop[ids]),
        "line_consortia": np.log1p(line_pop[ids]),
        "programme_similarity": programme[ids],
        "kind": snap.kind[ids],
        "seed_kind": np.full(len(ids), seed_kind),
        "same_kind": snap.kind[ids] == seed_kind,
        "sector_missing": ~np.isin(snap.sector[ids], list(seed_sectors)),
        "theme_share": theme_share[ids],
        "seed_degree": np.full(len(ids), np.log1p(seed_deg)),
        "newcomer": newcomer[ids],
        "project_ties": project_ties[ids],
        "project_paths": project_paths[ids],
        "programme_popularity": np.log1p(programme_pop[ids]),
        "shared_line_consortia": shared_line[ids],
        "country_partners": np.log1p(_country_partners(view, seeds)[ids]),
    }
    for name, values in place.items():
        columns[name] = values[ids]
    for name, values in columns.items():
        X[:, COLUMN[name]] = values
    for name, source in _RELATIVE.items():
        top = float(X[:, COLUMN[source]].max())
        X[:, COLUMN[name]] = X[:, COLUMN[source]] / top if top > 0 else 0.0
    X[:, COLUMN["formula"]] = formula_terms(X).sum(axis=1)
    return Block(ids, X, nbrs)


#: The formula's weights on features (docs/recommendation.md).
FORMULA: Final[dict[str, float]] = {
    "line_consortia": 0.6,
    "call_consortia": 0.3,
    "programme_similarity": 0.3,
    "recent_partnerships": 0.1,
    "same_district": 0.3,
    "neighbour_district": 0.1,
    "same_municipality": 0.1,
    "same_country": 0.1,
    "theme_share": 0.6,
    "newcomer": 0.3,
    # Circular subsidiarity: a partner from a sector the seeds lack.
    "sector_missing": 0.3,
}
#: Weights inside the proximity term ln(epsilon + sum).
PROXIMITY: Final[dict[str, float]] = {
    "adamic_adar": 1.0,
    "repeat_partnerships": 1.0,
    "shared_consortia": 0.5,
}
EPSILON: Final = 0.05


def formula_terms(X: np.ndarray) -> np.ndarray:
    """The formula's terms per row (``FEATURES`` columns; they add up to its score):
    ln(ε + Adamic-Adar + repeat + ½ shared consortia), shared among the three by their
    parts, plus Σ w · feature."""
    out = np.zeros((len(X), len(FEATURES)))
    parts = np.column_stack([w * X[:, COLUMN[f]] for f, w in PROXIMITY.items()])
    total = parts.sum(axis=1)
    log_term = np.log(EPSILON + total)
    share = np.where(total[:, None] > 0, parts / np.maximum(total, 1e-12)[:, None], 0.0)
    for j, name in enumerate(PROXIMITY):
        out[:, COLUMN[name]] = share[:, j] * (log_term - np.log(EPSILON))
    out[:, COLUMN["seed_degree"]] = np.log(EPSILON)  # the constant, on a neutral column
    for name, weight in FORMULA.items():
        out[:, COLUMN[name]] += weight * X[:, COLUMN[name]]
    return out


def _place(view: View, q: Query, seeds: np.ndarray) -> dict[str, np.ndarray]:
    """0/1 arrays: same municipality, district, neighbouring district, province, country
    as the query (its district, else the first seed's)."""
    snap = view.snap
    first = int(seeds[0]) if len(seeds) else -1
    district = q.district if q.district >= 0 else (int(snap.district[first]) if first >= 0 else -1)

    def same(values: np.ndarray, code: int) -> np.ndarray:
        return ((values == code) & (code >= 0)).astype(np.float32)

    near = snap.neighbours.get(district, set())
    return {
        "same_municipality": same(
            snap.municipality, int(snap.municipality[first]) if first >= 0 else -1
        ),
        "same_district": same(snap.district, district),
        "neighbour_district": (
            np.isin(snap.district, list(near)).astype(np.float32)
            if near
            else np.zeros(snap.n, dtype=np.float32)
        ),
        "same_province": same(snap.province, int(snap.province[first]) if first >= 0 else -1),
        "same_country": same(snap.country, int(snap.country[first]) if first >= 0 else -1),
    }


def _country_partners(view: View, seeds: np.ndarray) -> np.ndarray:
    """How many partners each organisation has in the first seed's country."""
    snap = view.snap
    country = int(snap.country[seeds[0]]) if len(seeds) else -1
    if country < 0:
        return np.zeros(snap.n, dtype=np.float32)
    return view.partners_in_country(country)


def _theme_share(view: View, q: Query) -> np.ndarray:
    """Share of the query's themes each organisation works on."""
    snap = view.snap
    if not q.themes:
        return np.zeros(snap.n, dtype=np.float32)
    wanted = np.zeros(snap.themes.shape[1], dtype=np.float32)
    wanted[list(q.themes)] = 1.0
    return np.asarray(snap.themes @ wanted).ravel() / len(q.themes)
