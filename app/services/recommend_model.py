"""The ranker: gradient-boosted LambdaRank learned from the network's history, or a tuned
formula when there is too little history to learn from.

:func:`train` builds examples from the last ``years`` yearly windows before ``as_of``
(``app/services/recommend_train.py``), validates on the most recent window (early
stopping on NDCG@10), then refits on every window with the number of trees validation
chose. Deterministic for a given seed (one thread, LightGBM's deterministic mode).
Both rankers give each feature's contribution to a score, which the reasons word.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Protocol

import lightgbm as lgb
import numpy as np

from app.services.recommend_features import FEATURES, formula_terms
from app.services.recommend_snapshot import Snapshot
from app.services.recommend_train import (
    Examples,
    consortium_queries,
    examples,
    organization_queries,
)

__all__ = ["FormulaRanker", "LearnedRanker", "Ranker", "TrainingReport", "train"]

#: Fewer answered queries or positive examples than these: the formula answers.
MIN_QUERIES: Final = 30
MIN_POSITIVES: Final = 100
PARAMS: Final[dict[str, Any]] = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [10],
    "lambdarank_truncation_level": 20,
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 200,
    "feature_fraction": 0.9,
    "lambda_l2": 1.0,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "verbose": -1,
}
MAX_TREES: Final = 400
#: With fewer questions than this, learned and formula are compared over FOLDS folds.
CROSS_VALIDATE_BELOW: Final = 2000
FOLDS: Final = 5
CATEGORICAL: Final = ["kind", "seed_kind"]


class Ranker(Protocol):
    """Scores candidate feature rows (higher is better) and explains them."""

    name: str

    def score(self, X: np.ndarray) -> np.ndarray: ...

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per row, each feature's part in its score (``FEATURES`` columns)."""
        ...


class LearnedRanker:
    """A LightGBM booster; contributions are its SHAP values."""

    name = "learned"

    def __init__(self, booster: lgb.Booster) -> None:
        self.booster = booster

    @classmethod
    def from_text(cls, text: str) -> LearnedRanker:
        return cls(lgb.Booster(model_str=text))

    def to_text(self) -> str:
        return str(self.booster.model_to_string())

    def score(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        return np.asarray(self.booster.predict(X, num_threads=1))

    def contributions(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros((0, len(FEATURES)))
        return np.asarray(self.booster.predict(X, pred_contrib=True, num_threads=1))[:, :-1]


class FormulaRanker:
    """score = ln(ε + Adamic-Adar + repeat + ½ shared consortia) + Σ w · feature."""

    name = "formula"

    def score(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.contributions(X).sum(axis=1))

    def contributions(self, X: np.ndarray) -> np.ndarray:
        return formula_terms(X)


@dataclass(frozen=True)
class TrainingReport:
    """What a training run saw and chose; ``kind`` says which ranker came out."""

    task: str
    kind: str
    as_of: date
    queries: int
    rows: int
    positives: int
    trees: int
    valid_ndcg: float | None
    seconds: float
    seed: int


#: Length of a partnership window: half a year, so the most recent window's features see
#: nearly as much history as the live network does.
WINDOW_DAYS: Final = 182


def _windows(as_of: date, years: int, task: str) -> list[tuple[date, date]]:
    """Training windows covering ``years`` before ``as_of``, most recent first: half
    years for partnerships (dated to the day), calendar years for consortia (dated by
    year: the features must be read at 1 January, or a consortium's own partnerships
    would already be in them)."""
    if task == "consortium":
        return [
            (date(as_of.year - k, 1, 1), date(as_of.year - k + 1, 1, 1))
            for k in range(1, years + 1)
        ]
    return [
        (as_of - timedelta(days=WINDOW_DAYS * k), as_of - timedelta(days=WINDOW_DAYS * (k - 1)))
        for k in range(1, 2 * years + 1)
    ]


def collect(
    snap: Snapshot,
    *,
    as_of: date,
    task: str,
    seed: int,
    years: int,
    max_queries: int,
    feedback: dict[int, dict[int, int]] | None = None,
) -> list[Examples]:
    """Examples of each window before ``as_of``, most recent first."""
    finder = organization_queries if task == "organization" else consortium_queries
    found = []
    spans = _windows(as_of, years, task)
    for start, end in spans:
        view = snap.at(start)
        found.append(
            examples(
                view,
                finder(snap, view, end, limit=max_queries // len(spans), seed=seed),
                feedback,
                seed,
            )
        )
    return found


def train(
    snap: Snapshot,
    *,
    as_of: date,
    task: str,
    seed: int = 20260,
    years: int = 2,
    max_queries: int = 6000,
    feedback: dict[int, dict[int, int]] | None = None,
) -> tuple[Ranker, TrainingReport]:
    """A ranker for ``task`` learned from the history before ``as_of`` (the formula when
    there is too little), and what the training saw."""
    started = time.perf_counter()
    windows = collect(
        snap,
        as_of=as_of,
        task=task,
        seed=seed,
        years=years,
        max_queries=max_queries,
        feedback=feedback,
    )
    every = Examples.concat(windows)
    queries = len(every.groups)

    def report(kind: str, trees: int, valid_ndcg: float | None) -> TrainingReport:
        """What this run saw, with the ranker it chose."""
        return TrainingReport(
            task,
            kind,
            as_of,
            queries,
            len(every.y),
            every.positives,
            trees,
            valid_ndcg,
            time.perf_counter() - started,
            seed,
        )

    if queries < MIN_QUERIES or every.positives < MIN_POSITIVES:
        return FormulaRanker(), report("formula", 0, None)
    # Validation: a fifth of the most recent window's queries (the closest to what the
    # ranker will be asked); training: the rest of it and the older windows.
    recent_fit, valid = _split(windows[0], seed)
    rest = Examples.concat([recent_fit, *windows[1:]])
    if len(valid.groups) < MIN_QUERIES // 3 or not valid.positives:
        rest, valid = _split(every, seed)  # the last window is too thin: any fifth
    params = {**PARAMS, "seed": seed}
    fit = _dataset(rest, free_raw_data=False)
    check = lgb.Dataset(valid.X, valid.y, group=valid.groups, reference=fit)
    probe = lgb.train(
        params,
        fit,
        num_boost_round=MAX_TREES,
        valid_sets=[check],
        callbacks=[lgb.early_stopping(50, verbose=False)],
    )
    trees = max(int(probe.best_iteration or MAX_TREES), 10)
    score = ndcg_at(valid, LearnedRanker(probe).score(valid.X))
    formula = ndcg_at(valid, FormulaRanker().score(valid.X))
    if queries < CROSS_VALIDATE_BELOW:  # one fifth is too few questions to judge by
        score, formula = _cross_validated(every, params, trees, seed)
    if formula >= score:
        # Held-out questions say the formula ranks at least as well: it answers.
        return FormulaRanker(), report("formula", 0, score)
    booster = lgb.train(params, _dataset(every), num_boost_round=trees)
    return LearnedRanker(booster), report("learned", trees, score)


def _dataset(data: Examples, **options: Any) -> lgb.Dataset:
    """LightGBM's view of ``data``: one group a question, the features by name."""
    return lgb.Dataset(
        data.X,
        data.y,
        group=data.groups,
        feature_name=list(FEATURES),
        categorical_feature=CATEGORICAL,
        **options,
    )


def ndcg_at(data: Examples, scores: np.ndarray, k: int = 10) -> float:
    """Mean NDCG@k (binary relevance) of ``scores`` over the questions of ``data``.

    >>> ex = Examples(np.zeros((3, 1)), np.array([0, 1, 0]), np.array([3]))
    >>> round(ndcg_at(ex, np.array([0.9, 0.5, 0.1])), 3)
    0.631
    """
    total, start = 0.0, 0
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    for size in data.groups.tolist():
        y = data.y[start : start + size]
        order = np.argsort(-scores[start : start + size], kind="stable")[:k]
        ideal = discounts[: min(k, int(y.sum()))].sum()
        total += float((y[order] * discounts[: len(order)]).sum() / ideal) if ideal else 0.0
        start += size
    return total / max(len(data.groups), 1)


def _cross_validated(
    data: Examples, params: dict[str, Any], trees: int, seed: int
) -> tuple[float, float]:
    """Mean NDCG@10 of the learned ranker and of the formula over FOLDS folds of the
    questions (each fold ranked by a ranker trained on the others)."""
    rng = np.random.default_rng(seed)
    fold = rng.integers(0, FOLDS, len(data.groups))
    row_fold = np.repeat(fold, data.groups)
    learned = formula = 0.0
    for f in range(FOLDS):
        fit, held = _subset(data, fold != f, row_fold != f), _subset(data, fold == f, row_fold == f)
        booster = lgb.train(params, _dataset(fit), num_boost_round=trees)
        learned += ndcg_at(held, LearnedRanker(booster).score(held.X)) / FOLDS
        formula += ndcg_at(held, FormulaRanker().score(held.X)) / FOLDS
    return learned, formula


def _subset(data: Examples, groups: np.ndarray, rows: np.ndarray) -> Examples:
    return Examples(data.X[rows], data.y[rows], data.groups[groups])


def _split(data: Examples, seed: int) -> tuple[Examples, Examples]:
    """Queries split 80/20 (by a seeded draw) into training and validation."""
    if len(data.groups) == 0:
        return data, data
    rng = np.random.default_rng(seed)
    starts = np.concatenate([[0], np.cumsum(data.groups)[:-1]])
    held = rng.random(len(data.groups)) < 0.2
    parts: tuple[list[Examples], list[Examples]] = ([], [])
    for start, size, hold in zip(starts, data.groups, held, strict=True):
        piece = Examples(
            data.X[start : start + size], data.y[start : start + size], np.array([size])
        )
        parts[int(hold)].append(piece)
    return Examples.concat(parts[0]), Examples.concat(parts[1])
