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
    dry_run: bool
    status: str
    rows: int
    created_at: datetime
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
