"""Writing validated batches in a background thread, in order, with the report's tallies."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.services.csv_import.errors import ImportReport, RowError, preview
from app.services.csv_import.spec import FileSpec
from graph.driver import Graph
from graph.errors import Conflict

#: Called with the number of data rows done (written or refused) after each batch.
Progress = Callable[[int], None]
Outcome = dict[str, Any]
_COUNTS = ("created", "updated", "unchanged")


@dataclass
class Batch:
    """Rows read since the last batch: those to write, and the errors of the others."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    read: int = 0
    invalid: int = 0
    blank: int = 0


class _Rehearsal(Exception):
    """Raised inside a dry-run transaction so that the driver rolls it back."""

    def __init__(self, result: Outcome) -> None:
        super().__init__("dry run")
        self.result = result


def commit(graph: Graph, work: Callable[..., Outcome], **kw: Any) -> Outcome:
    return graph.write(work, **kw)


def rehearse(graph: Graph, work: Callable[..., Outcome], **kw: Any) -> Outcome:
    """Run ``work`` as a write and roll it back: exact counts, nothing stored."""

    def rolled_back(tx: Any, **kwargs: Any) -> Outcome:
        raise _Rehearsal(work(tx, **kwargs))

    try:
        graph.write(rolled_back, **kw)
    except _Rehearsal as done:
        return done.result
    raise AssertionError("unreachable: a rehearsal always raises")


def _merge(first: Outcome, second: Outcome) -> Outcome:
    merged: Outcome = {key: first[key] + second[key] for key in (*_COUNTS, "failed")}
    extra_first, extra_second = first.get("extra", {}), second.get("extra", {})
    merged["warnings"] = first.get("warnings", []) + second.get("warnings", [])
    merged["extra"] = {
        key: extra_first.get(key, 0) + extra_second.get(key, 0)
        for key in {*extra_first, *extra_second}
    }
    return merged


class BatchWriter:
    """Takes batches from the reading thread; only this thread touches the report until
    :meth:`finish` returns. A failure here (database down) is raised in the reader."""

    def __init__(
        self,
        graph: Graph,
        spec: FileSpec,
        report: ImportReport,
        *,
        dry_run: bool,
        progress: Progress | None,
    ) -> None:
        self.graph, self.spec, self.report, self.progress = graph, spec, report, progress
        self.run = rehearse if dry_run else commit
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.aborted = False
        self.thread = threading.Thread(target=self._loop, name="csv-import-writer", daemon=True)
        self.thread.start()

    def submit(self, batch: Batch | None) -> None:
        """Queue a batch (None: the end), waiting while two are queued already."""
        while self.thread.is_alive():
            try:
                self.queue.put(batch, timeout=0.5)
                break
            except queue.Full:
                continue
        if self.failure is not None:
            raise self.failure

    def finish(self) -> None:
        """Wait for every queued batch to be written."""
        self.submit(None)
        self.thread.join()
        if self.failure is not None:
            raise self.failure

    def stop(self) -> None:
        """End the thread without writing what is still queued (the reader failed)."""
        if self.thread.is_alive():
            self.aborted = True
            self.submit(None)
            self.thread.join()

    def _loop(self) -> None:
        try:
            while (batch := self.queue.get()) is not None:
                if not self.aborted:
                    self._handle(batch)
        except BaseException as exc:  # handed over to the reading thread
            self.failure = exc

    def _handle(self, batch: Batch) -> None:
        report, errors = self.report, batch.errors
        if batch.rows:
            outcome = self._write(batch.rows)
            for key in _COUNTS:
                setattr(report, key, getattr(report, key) + outcome[key])
            for key, count in outcome.get("extra", {}).items():
                report.extra[key] = report.extra.get(key, 0) + count
            for i, code, params in outcome["failed"]:
                column, value = self.spec.failure_cell(batch.rows[i], code)
                errors.append(RowError(batch.lines[i], column, preview(value), code, params))
            report.failed += len(outcome["failed"])
            for i, code, params in outcome.get("flags", []):
                column = "role" if code == "rule_broken" else ""
                report.add_flag(
                    RowError(
                        batch.lines[i],
                        column,
                        str(batch.rows[i].get("organization_id", "")),
                        code,
                        params,
                    )
                )
            # Warnings: the row was written, the report says what to check.
            for i, code, params in outcome.get("warnings", []):
                column, value = self.spec.failure_cell(batch.rows[i], code)
                errors.append(RowError(batch.lines[i], column, preview(value), code, params))
                report.extra[code] = report.extra.get(code, 0) + 1
        errors.sort(key=lambda error: error.line)
        for error in errors:
            report.log.add(error)
        report.total += batch.read
        report.failed += batch.invalid
        report.blank_lines += batch.blank
        if self.progress is not None:
            self.progress(report.total)

    def _write(self, rows: list[dict[str, Any]]) -> Outcome:
        """Write rows; a constraint violation (a concurrent writer) is narrowed to its rows."""
        try:
            return self.spec.write(self.run, self.graph, rows)
        except Conflict as exc:
            if len(rows) == 1:
                failed = [[rows[0]["i"], "db_constraint", {"detail": exc.message or ""}]]
                return {"created": 0, "updated": 0, "unchanged": 0, "failed": failed}
            middle = len(rows) // 2
            return _merge(self._write(rows[:middle]), self._write(rows[middle:]))
