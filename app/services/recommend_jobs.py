"""Retraining the recommender in the background when the network has changed enough.

A web process looks at most every ``CHECK_EVERY_S`` seconds (cheap: one read of the
stored model's date and size against the snapshot) and, when retraining is due, hands it
to its analysis process (``analysis_jobs.submit_task``): training holds the CPU for
seconds to minutes and must not stall requests. Across workers and hosts the training
slot in Neo4j (``graph/ranker_repo.claim_training_tx``) lets one of them train.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from typing import Final

from app.services import analysis_jobs, recommend_store, suggestion_feedback
from app.services.recommend_snapshot import Snapshot
from graph.driver import Graph, GraphSettings

__all__ = ["feedback_labels", "maybe_retrain", "retrain"]

log = logging.getLogger(__name__)
CHECK_EVERY_S: Final = 600.0
_last_check: dict[GraphSettings, float] = {}
_lock = threading.Lock()
_worker_graphs: dict[GraphSettings, Graph] = {}


def feedback_labels(graph: Graph, snap: Snapshot) -> dict[int, dict[int, int]]:
    """Users' judgements as training labels: per organisation, the suggestions it kept
    (1) and dismissed (0). A consortium's judgements count for its lead's questions are
    not known here, so only organisations' own are used."""
    labels: dict[int, dict[int, int]] = {}
    for pair in suggestion_feedback.feedback_pairs(graph):
        owner, candidate = snap.index.get(pair.owner_id), snap.index.get(pair.candidate_id)
        if owner is not None and candidate is not None:
            labels.setdefault(owner, {})[candidate] = 1 if pair.kind == "kept" else 0
    return labels


def retrain(graph: Graph, *, seed: int = recommend_store.DEFAULT_SEED, force: bool = False) -> bool:
    """Train both rankers now (``force``) or only when due; True when it trained."""
    snap = recommend_store.snapshot(graph, fresh=True)
    labels = feedback_labels(graph, snap)
    if force:
        recommend_store.train_and_store(graph, seed=seed, feedback=labels)
        return True
    return recommend_store.retrain_if_stale(graph, seed=seed, feedback=labels)


def maybe_retrain(graph: Graph) -> None:
    """Queue a retraining in the analysis process when one is due (checked at most every
    CHECK_EVERY_S seconds per process)."""
    now = time.monotonic()
    with _lock:
        if now - _last_check.get(graph.settings, float("-inf")) < CHECK_EVERY_S:
            return
        _last_check[graph.settings] = now
    try:
        due = recommend_store.needs_training(graph, recommend_store.snapshot(graph))
    except Exception:  # noqa: BLE001 - a failed check must not fail the page
        log.exception("checking whether the recommender needs retraining failed")
        return
    if due:
        analysis_jobs.submit_task(retrain_in_worker, graph.settings)


def retrain_in_worker(settings: GraphSettings) -> None:
    """In the analysis process: :func:`retrain` with this process's own driver."""
    graph = _worker_graphs.get(settings)
    if graph is None:
        graph = _worker_graphs[settings] = Graph(settings)
        atexit.register(graph.close)
    retrain(graph)
