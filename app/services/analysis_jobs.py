"""Background analysis jobs: one helper process per web process computes, Neo4j tells
every worker how far.

A request never computes a large scope itself: it claims the scope's job slot in Neo4j
(``claim_job_tx``; a live job for the same version is joined, not repeated) and, when it
started the job, hands it to this web process's analysis process. That is a separate
process (a one-worker ``ProcessPoolExecutor``, started on first use with ``spawn``), not
a thread: the analysis holds Python's GIL for long stretches (igraph's layout, for
one, 0.35 s on the seed network), which would stall the requests a thread shares it
with. The job writes its step and progress to the job node; pages poll it through any
worker. A heartbeat thread of the web process refreshes the jobs it holds every
``HEARTBEAT_SECONDS``; a job whose heartbeat is older than ``JOB_TIMEOUT_SECONDS`` (its
processes died) is started again by the next request that needs it.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from app.services import analysis_store
from app.services.analysis_store import Scope
from graph.analysis_cache_repo import (
    claim_job_tx,
    finish_job_tx,
    heartbeat_jobs_tx,
    job_progress_tx,
    read_job_tx,
)
from graph.driver import Graph, GraphSettings

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS: Final = 5.0
JOB_TIMEOUT_SECONDS: Final = 60.0
#: Progress is written at most this often (plus the first and last step).
PROGRESS_INTERVAL: Final = 0.25

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_held: dict[str, Graph] = {}
_held_lock = threading.Lock()
_heartbeat: threading.Thread | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def ensure_job(graph: Graph, scope: Scope, version: int) -> dict[str, Any]:
    """Join the live job computing ``scope`` at ``version`` (or later), or start one.

    Returns the job (``id``, ``state``, ``step``, ``progress``, ...) and ``started``.
    """
    now = _now()
    job = graph.write(
        claim_job_tx,
        key=scope.key,
        version=version,
        job_id=uuid.uuid4().hex,
        now=now,
        alive_since=now - timedelta(seconds=JOB_TIMEOUT_SECONDS),
    )
    if job["started"]:
        submit(graph, scope, job["id"], version)
    return job


def submit(graph: Graph, scope: Scope, job_id: str, version: int) -> Future[None]:
    """Queue job ``job_id`` on this process's analysis process, held by its heartbeat."""
    _hold(graph, job_id)
    future = _executor().submit(run_in_worker, graph.settings, scope, job_id, version)
    future.add_done_callback(lambda done: _after(graph, job_id, done))
    return future


def submit_task(work: Callable[..., None], /, *args: Any) -> Future[None]:
    """Run ``work(*args)`` (a module-level function, its arguments picklable) in this web
    process's analysis process, after the jobs already queued: long computations other
    than analyses (retraining the recommender) keep off the requests' CPU time too."""
    return _executor().submit(work, *args)


def wait_idle(timeout: float | None = None) -> None:
    """Block until every job queued in this process so far has run (the pool is FIFO with
    one worker); for the test suite and for an orderly shutdown."""
    if _pool is not None:
        _executor().submit(_nothing).result(timeout=timeout)


def _executor() -> ProcessPoolExecutor:
    """The analysis process, started on first use (and again if it died)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=1,
                initializer=_worker_init,
                mp_context=multiprocessing.get_context("spawn"),
            )
        return _pool


def _after(graph: Graph, job_id: str, done: Future[None]) -> None:
    """Release the job; if the analysis process died under it, record the failure and
    let the next job start a new process."""
    global _pool
    _release(job_id)
    error = done.exception()
    if error is None:
        return
    log.error("Analysis process failed on job %s: %s", job_id, error)
    with _pool_lock:
        _pool = None
    _record_failure(graph, job_id, error)


def _record_failure(graph: Graph, job_id: str, error: BaseException) -> None:
    """Mark the job failed with the error, unless the database itself is gone."""
    try:
        graph.write(
            finish_job_tx,
            job_id=job_id,
            state="failed",
            now=_now(),
            error=f"{type(error).__name__}: {error}"[:500],
        )
    except Exception:  # noqa: BLE001 - the database itself is gone
        log.warning("Could not record the failure of job %s", job_id)


_worker_graphs: dict[GraphSettings, Graph] = {}


#: Added to the analysis process's niceness: a long analysis (minutes on a district of
#: the 100,000-organisation graph) takes the CPU the requests leave, instead of halving it.
NICENESS: Final = 10


def _worker_init() -> None:
    """In the analysis process: Ctrl-C is for the web process, which stops this one; and
    should the web process die without stopping it (a worker killed with SIGKILL), exit
    rather than wait forever for jobs that will not come. It runs at a lower priority."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICENESS)
    parent = os.getppid()
    threading.Thread(
        target=_exit_when_orphaned, args=(parent,), daemon=True, name="analysis-orphan-watch"
    ).start()


def _exit_when_orphaned(parent: int, every: float = 2.0) -> None:
    """Poll the parent process id; once it has changed, the web process is gone."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


def _nothing() -> None:
    """A no-op job: once it has run, every earlier job has."""


def run_in_worker(settings: GraphSettings, scope: Scope, job_id: str, version: int) -> None:
    """In the analysis process: :func:`run_job` with this process's own driver."""
    graph = _worker_graphs.get(settings)
    if graph is None:
        graph = _worker_graphs[settings] = Graph(settings)
        atexit.register(graph.close)
    run_job(graph, scope, job_id, version)


def job_status(graph: Graph, job_id: str) -> dict[str, Any] | None:
    """A job as every worker sees it, or None when there is no such job."""
    return graph.read(read_job_tx, job_id=job_id)


def run_job(graph: Graph, scope: Scope, job_id: str, version: int) -> None:
    """Project, compute and cache ``scope``; record progress, then ``done`` or ``failed``.

    Never raises: it runs in the analysis process, where nobody would see the exception.
    """
    report = _Reporter(graph, job_id)
    try:
        if not report("projection", 0.0, force=True):
            return  # superseded while queued: another worker has taken the slot over
        started = time.perf_counter()
        G = scope.project(graph)
        documents = analysis_store.compute(G, progress=report)
        report("saving", 0.95, force=True)
        analysis_store.save_results(
            graph, scope, documents, version=version, seconds=time.perf_counter() - started
        )
        graph.write(finish_job_tx, job_id=job_id, state="done", now=_now())
    except Exception as exc:  # noqa: BLE001 - recorded on the job for the page to show
        log.exception("Analysis job %s for %s failed", job_id, scope.key)
        _record_failure(graph, job_id, exc)


class _Reporter:
    """Writes a job's step and progress, at most every ``PROGRESS_INTERVAL`` seconds."""

    def __init__(self, graph: Graph, job_id: str) -> None:
        self.graph, self.job_id = graph, job_id
        self.last = 0.0

    def __call__(self, step: str, progress: float, *, force: bool = False) -> bool:
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_INTERVAL:
            return True
        self.last = now
        return bool(
            self.graph.write(
                job_progress_tx,
                job_id=self.job_id,
                step=step,
                progress=round(progress, 3),
                now=_now(),
            )
        )


def _hold(graph: Graph, job_id: str) -> None:
    global _heartbeat
    with _held_lock:
        _held[job_id] = graph
        if _heartbeat is None:
            _heartbeat = threading.Thread(target=_beat, name="analysis-heartbeat", daemon=True)
            _heartbeat.start()


def _release(job_id: str) -> None:
    with _held_lock:
        _held.pop(job_id, None)


def _beat() -> None:
    """Refresh the heartbeat of every job this process holds; stop when it holds none."""
    global _heartbeat
    while True:
        time.sleep(HEARTBEAT_SECONDS)
        with _held_lock:
            if not _held:
                _heartbeat = None  # under the lock: the next _hold starts a new thread
                return
            by_graph: dict[int, tuple[Graph, list[str]]] = {}
            for job_id, graph in _held.items():
                by_graph.setdefault(id(graph), (graph, []))[1].append(job_id)
        for graph, job_ids in by_graph.values():
            try:
                graph.write(heartbeat_jobs_tx, job_ids=job_ids, now=_now())
            except Exception:  # noqa: BLE001 - an outage: the next beat tries again
                log.warning("Analysis heartbeat failed", exc_info=True)
