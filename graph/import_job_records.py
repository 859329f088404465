"""Import jobs as they leave the graph layer (graph/import_job_repo.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.records import FromRecord


@dataclass(frozen=True)
class ImportJob(FromRecord):
    """An import started from the administrators' page: ``running``, then ``done`` (with
    its counts) or ``failed`` (with a message)."""

    id: str
    file_kind: str
    filename: str
    status: str
    created_at: datetime
    # Always set by create_import_job_tx; optional here because the row is read with
    # ``j {.*}``, which leaves out what a job stored otherwise (or by hand) lacks.
    dry_run: bool = False
    rows: int = 0
    lang: str | None = None
    user_id: str | None = None
    user_email: str | None = None
    updated_at: datetime | None = None
    total: int | None = None
    created: int | None = None
    updated: int | None = None
    unchanged: int | None = None
    failed: int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    message: str | None = None
