"""Import jobs started from the administrators' page: state and progress, seen by every worker."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.import_job_records import ImportJob
from graph.notification_repo import import_link, notify_tx
from graph.versioning import network_unchanged


@network_unchanged
def create_import_job_tx(tx: ManagedTransaction, *, job: dict[str, Any]) -> None:
    tx.run(
        "CREATE (j:ImportJob) SET j = $job, j.status = 'running', j.rows = 0, "
        "j.created_at = datetime()",
        job=job,
    ).consume()


@network_unchanged
def update_import_job_tx(tx: ManagedTransaction, *, job_id: str, changes: dict[str, Any]) -> None:
    tx.run(
        "MATCH (j:ImportJob {id: $job_id}) SET j += $changes, j.updated_at = datetime()",
        job_id=job_id,
        changes=changes,
    ).consume()


@network_unchanged
def finish_import_job_tx(tx: ManagedTransaction, *, job_id: str, changes: dict[str, Any]) -> None:
    """Record how a job ended and tell the administrator who started it."""
    record = tx.run(
        "MATCH (j:ImportJob {id: $job_id}) SET j += $changes, j.updated_at = datetime() "
        "RETURN j.user_id AS user_id, j.filename AS filename, j.status AS status",
        job_id=job_id,
        changes=changes,
    ).single()
    if record is None or not record["user_id"]:
        return
    notify_tx(
        tx,
        kind="import_finished",
        link=import_link(job_id),
        params={"file_name": record["filename"], "outcome": record["status"]},
        user_ids=[record["user_id"]],
    )


def get_import_job_tx(tx: ManagedTransaction, *, job_id: str) -> ImportJob | None:
    record = tx.run(
        "MATCH (j:ImportJob {id: $job_id}) RETURN j {.*} AS job", job_id=job_id
    ).single()
    return ImportJob.from_record(record["job"]) if record else None


def list_import_jobs_tx(tx: ManagedTransaction, *, limit: int) -> list[ImportJob]:
    result = tx.run(
        "MATCH (j:ImportJob) RETURN j {.*} AS job ORDER BY j.created_at DESC LIMIT $limit",
        limit=limit,
    )
    return [ImportJob.from_record(record["job"]) for record in result]
