"""Cached analysis results and background analysis jobs, kept in Neo4j for every worker.

``(:AnalysisResult {key, version, computed_at, seconds, data})`` holds one computed
document (``data``: zlib-compressed JSON bytes) for one scope and kind; ``version`` is the
network version it was computed from. ``(:AnalysisJob {key, id, state, step, progress,
version, heartbeat_at, ...})`` is the one job slot of a scope: a request that finds a live
job for the current version joins it instead of starting another.

Every write here is ``@network_unchanged``: caching must not bump the network version it keys on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.answers import any_matched, count_of
from graph.records import native
from graph.versioning import network_unchanged

#: States of a job that is still going to produce a result.
LIVE_STATES = ("queued", "running")


def read_result_tx(tx: ManagedTransaction, *, key: str) -> dict[str, Any] | None:
    """The cached document under ``key`` with its version and timing, or None."""
    record = tx.run(
        "MATCH (r:AnalysisResult {key: $key}) "
        "RETURN r.version AS version, r.computed_at AS computed_at, r.seconds AS seconds, "
        "r.data AS data",
        key=key,
    ).single()
    if record is None:
        return None
    # Not record.data(): it would walk the byte array one byte at a time.
    data = record["data"]
    return {
        **native({k: record[k] for k in ("version", "computed_at", "seconds")}),
        "data": bytes(data) if data is not None else None,
    }


@network_unchanged
def save_results_tx(
    tx: ManagedTransaction,
    *,
    documents: list[dict[str, Any]],
    version: int,
    computed_at: datetime,
    seconds: float,
) -> int:
    """Store ``documents`` (``{key, data}``) computed from network ``version``.

    A document already cached from a later version is kept: an old job finishing late
    never overwrites a newer result. Returns how many documents were written.
    """
    record = tx.run(
        """
        UNWIND $documents AS doc
        MERGE (r:AnalysisResult {key: doc.key})
        SET r.saves = coalesce(r.saves, 0) + 1
        WITH r, doc WHERE coalesce(r.version, -1) <= $version
        SET r.version = $version, r.computed_at = $computed_at, r.seconds = $seconds,
            r.data = doc.data
        RETURN count(r) AS saved
        """,
        documents=documents,
        version=version,
        computed_at=computed_at,
        seconds=seconds,
    ).single(strict=True)
    return int(record["saved"])


@network_unchanged
def claim_job_tx(
    tx: ManagedTransaction,
    *,
    key: str,
    version: int,
    job_id: str,
    now: datetime,
    alive_since: datetime,
) -> dict[str, Any]:
    """Join the live job of scope ``key`` or start a new one, atomically.

    A job is live when it is queued or running, computes ``version`` or a later one and
    its heartbeat is not older than ``alive_since`` (its process may have died). The
    first SET locks the job node, so two workers asking at once cannot both start one.
    Returns the job's properties and ``started``: whether the caller must run it.
    """
    record = tx.run(
        """
        MERGE (j:AnalysisJob {key: $key})
        SET j.claims = coalesce(j.claims, 0) + 1
        WITH j, coalesce(j.state IN $live AND j.version >= $version
                         AND j.heartbeat_at >= $alive_since, false) AS alive
        FOREACH (_ IN CASE WHEN alive THEN [] ELSE [1] END |
            SET j.id = $job_id, j.state = 'queued', j.step = 'queued', j.progress = 0.0,
                j.version = $version, j.started_at = $now, j.heartbeat_at = $now,
                j.finished_at = null, j.error = null)
        RETURN j {.id, .key, .state, .step, .progress, .version, .started_at,
                  .heartbeat_at, .finished_at, .error} AS job, NOT alive AS started
        """,
        key=key,
        version=version,
        job_id=job_id,
        now=now,
        alive_since=alive_since,
        live=list(LIVE_STATES),
    ).single(strict=True)
    return {**native(record["job"]), "started": bool(record["started"])}


@network_unchanged
def job_progress_tx(
    tx: ManagedTransaction, *, job_id: str, step: str, progress: float, now: datetime
) -> bool:
    """Record a live job's step and progress; False when the job was superseded."""
    return any_matched(
        tx,
        "MATCH (j:AnalysisJob {id: $job_id}) WHERE j.state IN $live "
        "SET j.state = 'running', j.step = $step, j.progress = $progress, "
        "j.heartbeat_at = $now RETURN count(j) AS n",
        job_id=job_id,
        step=step,
        progress=progress,
        now=now,
        live=list(LIVE_STATES),
    )


@network_unchanged
def heartbeat_jobs_tx(tx: ManagedTransaction, *, job_ids: list[str], now: datetime) -> int:
    """Tell every worker that this process still works on ``job_ids``."""
    return count_of(
        tx,
        "MATCH (j:AnalysisJob) WHERE j.id IN $job_ids AND j.state IN $live "
        "SET j.heartbeat_at = $now RETURN count(j) AS n",
        job_ids=job_ids,
        now=now,
        live=list(LIVE_STATES),
    )


@network_unchanged
def finish_job_tx(
    tx: ManagedTransaction, *, job_id: str, state: str, now: datetime, error: str | None = None
) -> bool:
    """Close a job as ``done`` or ``failed``; False when it had been superseded."""
    return any_matched(
        tx,
        "MATCH (j:AnalysisJob {id: $job_id}) "
        "SET j.state = $state, j.step = $state, j.finished_at = $now, j.heartbeat_at = $now, "
        "j.error = $error, j.progress = CASE WHEN $state = 'done' THEN 1.0 ELSE j.progress END "
        "RETURN count(j) AS n",
        job_id=job_id,
        state=state,
        now=now,
        error=error,
    )


def read_job_tx(tx: ManagedTransaction, *, job_id: str) -> dict[str, Any] | None:
    """A job's properties by its id, or None."""
    record = tx.run(
        "MATCH (j:AnalysisJob {id: $job_id}) "
        "RETURN j {.id, .key, .state, .step, .progress, .version, .started_at, "
        ".heartbeat_at, .finished_at, .error} AS job",
        job_id=job_id,
    ).single()
    return native(record["job"]) if record else None


@network_unchanged
def clear_cache_tx(tx: ManagedTransaction) -> int:
    """Forget every cached result and job (the next request computes afresh)."""
    return count_of(
        tx,
        "MATCH (n) WHERE n:AnalysisResult OR n:AnalysisJob "
        "WITH n LIMIT 100000 DETACH DELETE n RETURN count(*) AS n",
    )
