"""Where the recommender's inputs live in a process: the network snapshot of the current
version, the trained rankers (kept in Neo4j, shared by every worker), and retraining.

A snapshot is read again when the network version changes. Small networks are read at
once; on a large one (reading takes seconds) the previous snapshot keeps answering while
a thread reads the new one, and the recommender checks the few facts that must be
exact (who is already a partner or member) live. Rankers for a date in the past
(``as_of``, the evaluation) are trained in the process from the history before it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Hashable
from datetime import UTC, date, datetime
from typing import Final

from app.services.recommend_features import FEATURES
from app.services.recommend_model import (
    FormulaRanker,
    LearnedRanker,
    Ranker,
    TrainingReport,
    train,
)
from app.services.recommend_snapshot import Snapshot
from app.services.recommend_train import TASKS
from graph.driver import Graph
from graph.ranker_repo import (
    StoredRanker,
    claim_training_tx,
    latest_ranker_tx,
    release_training_tx,
    save_ranker_tx,
)
from graph.recommend_snapshot_repo import snapshot_rows_tx

__all__ = ["ranker_for", "retrain_if_stale", "snapshot", "train_and_store"]

log = logging.getLogger(__name__)
#: Up to this many partnerships a new version's snapshot is read before answering.
SYNC_READ_MAX: Final = 50_000
#: How often a process looks for a newly trained model (seconds).
MODEL_RECHECK_S: Final = 30.0
#: Retrain when the network has this many more (or fewer) partnerships, relatively,
#: than when the current model was trained, or when there is no model yet.
RETRAIN_CHANGE: Final = 0.10
TRAINING_TIMEOUT_S: Final = 1800
DEFAULT_SEED: Final = 20260

_snapshots: dict[Hashable, Snapshot] = {}
_reading: set[Hashable] = set()
_lock = threading.Lock()
_models: dict[tuple[Hashable, str], tuple[float, StoredRanker | None, Ranker]] = {}
_historical: dict[tuple[Hashable, object, str, date], tuple[Ranker, TrainingReport]] = {}


def _key(graph: Graph) -> Hashable:
    return (graph.settings.uri, graph.database)


def snapshot(graph: Graph, *, fresh: bool = False) -> Snapshot:
    """The network snapshot of the current version (``fresh``: never an older one)."""
    key, stamp = _key(graph), graph.version_stamp()
    with _lock:
        known = _snapshots.get(key)
    if known is not None and known.version == stamp:
        return known
    if (
        known is not None
        and not fresh
        and known.partnership_count > SYNC_READ_MAX
        and getattr(known.version, "node", None) == stamp.node
    ):
        _read_in_background(graph, key)
        return known
    return _read(graph, key, stamp)


def is_current(graph: Graph, snap: Snapshot) -> bool:
    """Whether ``snap`` was read at the network's current version (as last known)."""
    return bool(snap.version == graph.version_stamp())


def _read(graph: Graph, key: Hashable, stamp: object) -> Snapshot:
    made = Snapshot(graph.read(snapshot_rows_tx), version=stamp)
    with _lock:
        current = _snapshots.get(key)
        if current is None or _newer(stamp, current.version):
            _snapshots[key] = made
    return made


def _newer(a: object, b: object) -> bool:
    return (
        b is None
        or a is None
        or getattr(a, "node", None) != getattr(b, "node", None)
        or getattr(a, "n", 0) > getattr(b, "n", 0)
    )


def _read_in_background(graph: Graph, key: Hashable) -> None:
    with _lock:
        if key in _reading:
            return
        _reading.add(key)

    def work() -> None:
        try:
            _read(graph, key, graph.version_stamp())
        except Exception:  # the next request tries again; the old snapshot still answers
            log.exception("reading the recommender's snapshot failed")
        finally:
            with _lock:
                _reading.discard(key)

    threading.Thread(target=work, name="recommend-snapshot", daemon=True).start()


def ranker_for(graph: Graph, snap: Snapshot, task: str, as_of: date | None) -> Ranker:
    """The ranker for ``task``: for the live network the stored model (the formula when
    none was trained yet); for ``as_of`` one trained on the history before it."""
    if as_of is not None:
        return historical(snap, task, as_of)[0]
    key = (_key(graph), task)
    with _lock:
        known = _models.get(key)
    if known is not None and time.monotonic() - known[0] < MODEL_RECHECK_S:
        return known[2]
    stored = graph.read(latest_ranker_tx, task=task)
    if (
        known is not None
        and known[1] is not None
        and stored is not None
        and known[1].id == stored.id
    ):
        ranker = known[2]
    elif _usable(stored):
        assert stored is not None
        ranker = LearnedRanker.from_text(stored.text)
    else:
        ranker = FormulaRanker()
    with _lock:
        _models[key] = (time.monotonic(), stored, ranker)
    return ranker


def _usable(stored: StoredRanker | None) -> bool:
    """A learned model trained on today's features (a model from before a change of the
    features is not used: the formula answers until the next training)."""
    return (
        stored is not None
        and stored.kind == "learned"
        and bool(stored.text)
        and stored.report.get("features") == list(FEATURES)
    )


def historical(
    snap: Snapshot, task: str, as_of: date, seed: int = DEFAULT_SEED
) -> tuple[Ranker, TrainingReport]:
    """A ranker trained on what the network knew before ``as_of`` (kept per snapshot)."""
    key = (id(snap), snap.version, task, as_of)
    with _lock:
        found = _historical.get(key)
    if found is None:
        found = train(snap, as_of=as_of, task=task, seed=seed)
        with _lock:
            _historical[key] = found
            while len(_historical) > 8:
                _historical.pop(next(iter(_historical)))
    return found


def train_and_store(
    graph: Graph,
    *,
    seed: int = DEFAULT_SEED,
    as_of: date | None = None,
    feedback: dict[int, dict[int, int]] | None = None,
) -> list[TrainingReport]:
    """Train both rankers on the whole history and keep them in Neo4j."""
    snap = snapshot(graph, fresh=True)
    when = as_of or datetime.now(UTC).date()
    reports = []
    for task in TASKS:
        ranker, report = train(snap, as_of=when, task=task, seed=seed, feedback=feedback)
        text = ranker.to_text() if isinstance(ranker, LearnedRanker) else ""
        graph.write(
            save_ranker_tx,
            model_id=uuid.uuid4().hex,
            task=task,
            kind=report.kind,
            text=text,
            partnerships=snap.partnership_count,
            report={**report.__dict__, "features": list(FEATURES)},
        )
        reports.append(report)
    with _lock:
        for task in TASKS:
            _models.pop((_key(graph), task), None)
    return reports


def stored(graph: Graph, task: str) -> StoredRanker | None:
    """The model kept for ``task``, if any."""
    return graph.read(latest_ranker_tx, task=task)


def needs_training(graph: Graph, snap: Snapshot) -> bool:
    """No model yet, or the network grew or shrank by more than RETRAIN_CHANGE since."""
    stored = graph.read(latest_ranker_tx, task="organization")
    if stored is None or stored.report.get("features") != list(FEATURES):
        return True
    before = max(stored.partnerships, 1)
    return abs(snap.partnership_count - stored.partnerships) / before > RETRAIN_CHANGE


def retrain_if_stale(
    graph: Graph, *, seed: int = DEFAULT_SEED, feedback: dict[int, dict[int, int]] | None = None
) -> bool:
    """Retrain (in this thread) when the network changed enough and no other worker is
    training; True when it trained."""
    if not needs_training(graph, snapshot(graph, fresh=True)):
        return False
    holder = uuid.uuid4().hex
    if not graph.write(claim_training_tx, holder=holder, timeout_s=TRAINING_TIMEOUT_S):
        return False
    try:
        train_and_store(graph, seed=seed, feedback=feedback)
    finally:
        graph.write(release_training_tx, holder=holder)
    return True
