"""Probe of candidate features for the partnership ranker, validated before the cut-off.

    .venv/bin/python -m bench recommend_probe --uri bolt://... [--cutoff-year 2017]
    .venv/bin/python -m bench recommend_probe --dataset cordis

Nothing after the cut-off is read: the network before ``--validate-from`` (default: half
a year before 1 January of ``--cutoff-year``) trains a ranker the way the product does
(``recommend_model._windows``: half-year windows over two years, every answer and 200
random others per question) and gives the features of up to ``--questions``
organisations, whose new partners from ``--validate-from`` to the cut-off are to be
found. Each validation question ranks its whole candidate block (not a sample).

Printed, on the same questions: the candidate pool's recall (questions with an answer
among the candidates, share of answers that are candidates), Adamic-Adar and popularity
over the whole network, the ranker with the product's features, then the ranker with
each probed feature added alone and with all of them. Probed features (none is in the
product; docs/recommendation.md gives the figures):

* ``walk_partnerships`` / ``walk_projects``: random walk with restart (0.3), three
  steps, from the organisation over partnerships / over the project-weighted graph;
* ``recent_common_neighbours``: the organisation's partners tied to the candidate within
  the last year; ``via_recent_partners``: Adamic-Adar through the organisation's own
  partners of the last year only;
* momentum: ``new_partners_last_year``, ``growth`` (those over the older partners + 1),
  ``consortia_last_year``, ``line_popularity_last_year`` (consortia of the last year in
  the organisation's programme lines, by their share);
* ``embedding_cosine`` / ``embedding_dot``: rank-64 randomized SVD of the degree-normalised
  partnership matrix; ``project_embedding_cosine``: the same of organisations x consortia;
* ``country_share`` / ``kind_share``: share of the candidate's partners in the
  organisation's country / of its kind.

One thread, a fixed seed, a fixed number of trees (no early stopping, so every variant
is fitted alike); figures are printed, nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import lightgbm as lgb
import numpy as np
import scipy.sparse as sp

from app.services import recommend_store
from app.services.recommend_features import FEATURES, candidates
from app.services.recommend_model import CATEGORICAL, PARAMS, _windows
from app.services.recommend_snapshot import RECENT_DAYS, Snapshot, View
from app.services.recommend_train import Labelled, organization_queries
from bench._neo4j import database, log

TREES = 150
NEGATIVES = 200
RANK = 64


@dataclass
class Row:
    """One question's candidates, feature rows (product's, then probed) and labels."""

    relevant: frozenset[int]
    ids: np.ndarray
    X: np.ndarray
    y: np.ndarray
    baselines: dict[str, np.ndarray]


class Extras:
    """Per-view quantities the probed features share (computed once per view)."""

    def __init__(self, view: View) -> None:
        snap, n = view.snap, view.snap.n
        self.view = view
        seen = snap.edge_day < view.day
        a, b, days = snap.edge_a[seen], snap.edge_b[seen], snap.edge_day[seen]
        old = days < view.now - RECENT_DAYS
        before = _pattern(a[old], b[old], n)
        recent = view.recent_B
        self.new_partners = np.asarray((recent - recent.multiply(before)).sum(axis=1)).ravel()
        self.growth = self.new_partners / (np.asarray(before.sum(axis=1)).ravel() + 1)
        last = snap.member_year == view.year - 1
        orgs, lines = snap.member_org[last], snap.member_line[last]
        self.consortia_last_year = np.bincount(orgs, minlength=n).astype(np.float32)
        known = lines >= 0
        self.lines_last_year = sp.csr_matrix(
            (np.ones(int(known.sum()), dtype=np.float32), (orgs[known], lines[known])),
            shape=(n, max(len(snap.line_code), 1)),
        )
        strength = np.asarray(view.P.sum(axis=1)).ravel()
        self.inv_strength = np.where(strength > 0, 1 / np.maximum(strength, 1e-9), 0.0).astype(
            np.float32
        )
        degree = np.maximum(view.deg, 1.0)
        scale = sp.diags(1 / np.sqrt(degree))
        self.embedding = _embedding(scale @ view.B @ scale)
        size = np.maximum(np.asarray(view.M.sum(axis=0)).ravel(), 1.0)
        count = np.maximum(np.asarray(view.M.sum(axis=1)).ravel(), 1.0)
        self.project_embedding = _embedding(
            sp.diags(1 / np.sqrt(count)) @ view.M @ sp.diags(1 / np.sqrt(size))
        )
        kinds = sp.csr_matrix(
            (np.ones(n, dtype=np.float32), (np.arange(n), np.maximum(snap.kind, 0))), shape=(n, 16)
        )
        self.partners_of_kind = (view.B @ kinds).toarray()


def _pattern(a: np.ndarray, b: np.ndarray, n: int) -> sp.csr_matrix:
    matrix = sp.csr_matrix(
        (np.ones(2 * len(a), dtype=np.float32), (np.concatenate([a, b]), np.concatenate([b, a]))),
        shape=(n, n),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _embedding(matrix: sp.spmatrix) -> np.ndarray:
    """Rows of ``matrix`` in RANK dimensions (randomized SVD, two power iterations, seeded)."""
    A = sp.csr_matrix(matrix, dtype=np.float64)
    probe = A @ np.random.default_rng(0).standard_normal((A.shape[1], RANK + 10))
    for _ in range(2):
        probe, _ = np.linalg.qr(probe)
        probe = A @ (A.T @ probe)
    basis, _ = np.linalg.qr(probe)
    small = (A.T @ basis).T
    u, s, _ = np.linalg.svd(small, full_matrices=False)
    return np.asarray((basis @ u)[:, :RANK] * np.sqrt(s[:RANK]))


def _walk(matrix: sp.csr_matrix, inverse: np.ndarray, seed: int) -> np.ndarray:
    """Random walk with restart 0.3 from ``seed``, three steps."""
    current = np.zeros(matrix.shape[0], dtype=np.float32)
    current[seed] = 1.0
    total = np.zeros_like(current)
    for step in range(1, 4):
        current = np.asarray(matrix.T @ (current * inverse)).ravel()
        total += 0.3 * 0.7**step * current
    return 1000 * total


def _cosine(vectors: np.ndarray, seed: int, ids: np.ndarray) -> np.ndarray:
    mine, theirs = vectors[seed], vectors[ids]
    return np.asarray(
        (theirs @ mine) / (np.linalg.norm(theirs, axis=1) * np.linalg.norm(mine) + 1e-9)
    )


Probe = Callable[[Extras, int, np.ndarray], np.ndarray]


def _recent_common(e: Extras, s: int, ids: np.ndarray) -> np.ndarray:
    partners = e.view.partners(s)
    if not len(partners):
        return np.zeros(len(ids))
    return np.asarray(e.view.recent_B[partners].sum(axis=0)).ravel()[ids]


def _via_recent(e: Extras, s: int, ids: np.ndarray) -> np.ndarray:
    recent = e.view.recent_B
    partners = recent.indices[recent.indptr[s] : recent.indptr[s + 1]]
    if not len(partners):
        return np.zeros(len(ids))
    return np.asarray(e.view.B[partners].T @ e.view.inv_log_deg[partners]).ravel()[ids]


def _line_popularity(e: Extras, s: int, ids: np.ndarray) -> np.ndarray:
    profile = np.asarray(e.view.by_line_rows[s].todense()).ravel()
    if profile.sum() <= 0:
        return np.zeros(len(ids))
    return np.log1p(np.asarray(e.lines_last_year[ids] @ (profile / profile.sum())).ravel())


PROBES: dict[str, Probe] = {
    "walk_partnerships": lambda e, s, ids: _walk(e.view.B, e.view.inv_deg, s)[ids],
    "walk_projects": lambda e, s, ids: _walk(e.view.P, e.inv_strength, s)[ids],
    "recent_common_neighbours": _recent_common,
    "via_recent_partners": _via_recent,
    "new_partners_last_year": lambda e, s, ids: np.log1p(e.new_partners[ids]),
    "growth": lambda e, s, ids: e.growth[ids],
    "consortia_last_year": lambda e, s, ids: np.log1p(e.consortia_last_year[ids]),
    "line_popularity_last_year": _line_popularity,
    "embedding_cosine": lambda e, s, ids: _cosine(e.embedding, s, ids),
    "embedding_dot": lambda e, s, ids: e.embedding[ids] @ e.embedding[s],
    "project_embedding_cosine": lambda e, s, ids: _cosine(e.project_embedding, s, ids),
    "country_share": lambda e, s, ids: (
        e.view.partners_in_country(int(e.view.snap.country[s]))[ids]
        / np.maximum(e.view.deg[ids], 1)
    ),
    "kind_share": lambda e, s, ids: (
        e.partners_of_kind[ids, max(int(e.view.snap.kind[s]), 0)] / np.maximum(e.view.deg[ids], 1)
    ),
}
NAMES = [*FEATURES, *PROBES]


def _rows(view: View, labelled: list[Labelled], *, full: bool, seed: int) -> list[Row]:
    extras = Extras(view)
    rng = np.random.default_rng(seed)
    found = []
    for item in labelled:
        s = item.query.seeds[0]
        block = candidates(view, item.query)
        y = np.isin(block.ids, list(item.relevant)).astype(np.int8)
        if len(block.ids) == 0 or (not full and (y.all() or not y.any())):
            continue
        keep = np.arange(len(y))
        negatives = np.flatnonzero(y == 0)
        if not full and len(negatives) > NEGATIVES:
            keep = np.sort(
                np.concatenate(
                    [np.flatnonzero(y == 1), rng.choice(negatives, NEGATIVES, replace=False)]
                )
            )
        ids = block.ids[keep]
        probed = np.column_stack([probe(extras, s, ids) for probe in PROBES.values()])
        X = np.hstack([block.X[keep], probed.astype(np.float32)])
        baselines = {}
        if full:
            partners = view.partners(s)
            aa = (
                np.asarray(view.B[partners].T @ view.inv_log_deg[partners]).ravel()
                if len(partners)
                else np.zeros(view.snap.n)
            )
            for name, score in (("Adamic-Adar", aa), ("popularity", view.deg.astype(float))):
                score = score.astype(float)
                score[partners] = -1
                score[s] = -1
                baselines[name] = np.argsort(-score, kind="stable")[:100]
        found.append(Row(item.relevant, ids, X, y[keep], baselines))
    return found


def _metrics(rankings: list[np.ndarray], rows: list[Row], k: int = 10) -> tuple[float, float]:
    hits = reciprocal = 0.0
    for ranked, row in zip(rankings, rows, strict=True):
        found = np.isin(ranked[:100], list(row.relevant))
        hits += bool(found[:k].any())
        reciprocal += 1 / (1 + int(np.argmax(found))) if found.any() else 0.0
    return hits / len(rows), reciprocal / len(rows)


def _fit(train: list[Row], columns: list[str], seed: int) -> lgb.Booster:
    index = [NAMES.index(c) for c in columns]
    data = lgb.Dataset(
        np.vstack([r.X[:, index] for r in train]),
        np.concatenate([r.y for r in train]),
        group=[len(r.y) for r in train],
        feature_name=columns,
        categorical_feature=[c for c in CATEGORICAL if c in columns],
    )
    return lgb.train({**PARAMS, "seed": seed}, data, num_boost_round=TREES)


def probe(
    snap: Snapshot,
    *,
    validate_from: date,
    validate_to: date,
    questions: int,
    per_window: int,
    seed: int,
) -> str:
    started = time.perf_counter()
    train: list[Row] = []
    for start, end in _windows(validate_from, 2, "organization"):
        view = snap.at(start)
        labelled = organization_queries(snap, view, end, limit=per_window, seed=seed)
        train += _rows(view, labelled, full=False, seed=seed)
        log(f"  window from {start}: {len(labelled)} questions")
    view = snap.at(validate_from)
    asked = organization_queries(snap, view, validate_to, limit=questions, seed=seed + 1)
    valid = _rows(view, asked, full=True, seed=seed)
    lines = [
        f"Validation: the network before {validate_from} asks for the new partners "
        f"begun before {validate_to} ({len(valid)} organisations; ranker trained on "
        f"{len(train)} questions of the windows before, {TREES} trees)",
        f"  candidate pool: an answer among the candidates for "
        f"{np.mean([r.y.any() for r in valid]):.3f} of the questions; "
        f"{np.mean([r.y.sum() / len(r.relevant) for r in valid]):.3f} of the answers "
        f"are candidates",
        f"  {'':38}{'hit@10':>8}{'MRR':>8}",
    ]
    for name in ("Adamic-Adar", "popularity"):
        hit, mrr = _metrics([r.baselines[name] for r in valid], valid)
        lines.append(f"  {name:<38}{hit:>8.3f}{mrr:>8.3f}")
    variants = [("ranker, product's features", list(FEATURES))]
    variants += [(f"  + {name}", [*FEATURES, name]) for name in PROBES]
    variants.append(("  + every probed feature", NAMES))
    for label, columns in variants:
        booster = _fit(train, columns, seed)
        index = [NAMES.index(c) for c in columns]
        ranked = [
            r.ids[
                np.argsort(
                    -np.asarray(booster.predict(r.X[:, index], num_threads=1)), kind="stable"
                )
            ]
            for r in valid
        ]
        hit, mrr = _metrics(ranked, valid)
        lines.append(f"  {label:<38}{hit:>8.3f}{mrr:>8.3f}")
        log(lines[-1])
    lines.append(f"({time.perf_counter() - started:.0f} s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=("cordis", "existing"), default="existing")
    parser.add_argument("--uri", help="the Neo4j of --dataset existing (only read)")
    parser.add_argument("--cutoff-year", type=int, default=2017)
    parser.add_argument(
        "--validate-from",
        type=date.fromisoformat,
        help="default: 182 days before 1 January of the cut-off year",
    )
    parser.add_argument("--questions", type=int, default=600, help="validation organisations")
    parser.add_argument("--per-window", type=int, default=600, help="training questions")
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args(argv)
    if args.dataset == "existing" and not args.uri:
        parser.error("--dataset existing needs --uri")
    cutoff = date(args.cutoff_year, 1, 1)
    validate_from = args.validate_from or cutoff - timedelta(days=182)
    random.seed(args.seed)
    with database(args.uri if args.dataset == "existing" else None) as graph:
        if args.dataset == "cordis":
            from bench._cordis import load_cordis

            log("importing the CORDIS consortia through the CSV importer")
            load_cordis(graph)
        snap = recommend_store.snapshot(graph, fresh=True)
        print(
            probe(
                snap,
                validate_from=validate_from,
                validate_to=cutoff,
                questions=args.questions,
                per_window=args.per_window,
                seed=args.seed,
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
