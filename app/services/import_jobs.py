"""CSV imports started from the web: a job record with progress, the error report on disk."""

from __future__ import annotations

import codecs
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.services import audit
from app.services.csv_format import FILE_KINDS
from app.services.csv_import import CsvFileError, import_csv
from graph.driver import Graph, GraphUnavailable
from graph.import_job_records import ImportJob
from graph.import_job_repo import (
    create_import_job_tx,
    finish_import_job_tx,
    get_import_job_tx,
    list_import_jobs_tx,
    update_import_job_tx,
)

#: Seconds between progress writes: often enough for the page, rare enough to be free.
PROGRESS_INTERVAL = 1.0

Describe = Callable[[str, dict[str, Any]], str]


def new_job(
    graph: Graph, actor: audit.Actor, *, file_kind: str, filename: str, dry_run: bool, lang: str
) -> str:
    """Record a new running import job and return its id."""
    if file_kind not in FILE_KINDS:
        raise ValueError(f"unknown file kind {file_kind!r}")
    job_id = uuid.uuid4().hex
    graph.write(
        create_import_job_tx,
        job={
            "id": job_id,
            "file_kind": file_kind,
            "filename": filename,
            "dry_run": dry_run,
            "lang": lang,
            "user_id": actor.user_id,
            "user_email": actor.email,
        },
    )
    audit.record(
        graph,
        actor,
        "import_start",
        target_type="import",
        target_id=job_id,
        details={"file_kind": file_kind, "filename": filename, "dry_run": dry_run},
    )
    return job_id


def run_job(graph: Graph, job_id: str, upload: Path, report_path: Path, describe: Describe) -> None:
    """Import ``upload`` for job ``job_id``, recording progress, counts and the error report."""
    job = graph.read(get_import_job_tx, job_id=job_id)
    if job is None:
        return
    last = [0.0]

    def progress(rows: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            graph.write(update_import_job_tx, job_id=job_id, changes={"rows": rows})

    try:
        _import(graph, job_id, job, upload, report_path, describe, progress)
    finally:
        # Whatever the outcome (a refused file, an outage, a bug), the upload goes.
        upload.unlink(missing_ok=True)


def _import(
    graph: Graph,
    job_id: str,
    job: ImportJob,
    upload: Path,
    report_path: Path,
    describe: Describe,
    progress: Callable[[int], None],
) -> None:
    try:
        with upload.open("rb") as stream:
            report = import_csv(
                graph, job.file_kind, stream, dry_run=job.dry_run, progress=progress
            )
    except CsvFileError as exc:
        _finish(graph, job_id, {"status": "failed", "message": describe(exc.code, exc.params)})
        return
    except GraphUnavailable:
        _finish(graph, job_id, {"status": "failed", "message": "neo4j_unavailable"})
        return
    try:
        with report_path.open("wb") as handle:
            handle.write(codecs.BOM_UTF8)
            for line in report.error_report_lines(describe, delimiter=report.delimiter or ","):
                handle.write(line.encode("utf-8"))
        _finish(
            graph,
            job_id,
            {
                "status": "done",
                "rows": report.total,
                "total": report.total,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "failed": report.failed,
                "encoding": report.encoding,
                "delimiter": report.delimiter,
            },
        )
    finally:
        report.close()


def _finish(graph: Graph, job_id: str, changes: dict[str, Any]) -> None:
    graph.write(finish_import_job_tx, job_id=job_id, changes=changes)


def get_job(graph: Graph, job_id: str) -> ImportJob | None:
    return graph.read(get_import_job_tx, job_id=job_id)


def recent_jobs(graph: Graph, limit: int = 20) -> list[ImportJob]:
    return graph.read(list_import_jobs_tx, limit=limit)
