"""What an import reports: row errors (codes plus parameters, translated later) and totals."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from app.services.csv_format import escape_cell
from app.services.errors import CodedError

#: Row errors kept in memory for display; the full list is spooled to a temporary file.
KEPT_ERRORS: Final = 1000
SPOOL_IN_MEMORY: Final = 1024 * 1024
#: Row errors listed in a report: past them the report only counts the rest (a 20 MB file
#: of refused rows made a 361 MB report before this limit).
REPORTED_ERRORS: Final = 10_000
#: Longest cell value quoted back in a report.
VALUE_PREVIEW: Final = 120

#: Turns an error code and its parameters into a sentence (translated or not).
Describe = Callable[[str, dict[str, Any]], str]


class CellError(CodedError):
    """A cell's value is refused; ``code`` names the reason, ``params`` fill its message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.params = params


class CsvFileError(CellError):
    """The file as a whole cannot be imported (encoding, separator, header); nothing was read."""


@dataclass(frozen=True)
class RowError:
    """One refused cell (or row, when ``column`` is empty) with the reason's code."""

    line: int
    column: str
    value: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps([self.line, self.column, self.value, self.code, self.params])

    @classmethod
    def from_json(cls, text: str) -> RowError:
        line, column, value, code, params = json.loads(text)
        return cls(line, column, value, code, params)


def preview(value: str) -> str:
    """The start of a cell's value, short enough for a report, undecodable bytes as ``?``."""
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value if len(value) <= VALUE_PREVIEW else value[: VALUE_PREVIEW - 1] + "…"


def english(code: str, params: dict[str, Any]) -> str:
    """A plain rendering for logs and tests: the code and its parameters."""
    if not params:
        return code
    return code + " (" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ")"


class ErrorLog:
    """Row errors in line order: the first :data:`KEPT_ERRORS` in memory, all on disk."""

    def __init__(self) -> None:
        self.kept: list[RowError] = []
        self.count = 0
        # In memory up to 1 MiB, then a file deleted when closed; closed with the log.
        self._spool = tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY, mode="w+", encoding="utf-8")
        self._closer = weakref.finalize(self, self._spool.close)

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.kept) < KEPT_ERRORS:
            self.kept.append(error)
        if self.count <= REPORTED_ERRORS:
            self._spool.write(error.to_json() + "\n")

    @property
    def unlisted(self) -> int:
        """Errors counted but not kept for the report (past :data:`REPORTED_ERRORS`)."""
        return max(0, self.count - REPORTED_ERRORS)

    def __iter__(self) -> Iterator[RowError]:
        self._spool.flush()
        self._spool.seek(0)
        try:
            for text in self._spool:
                yield RowError.from_json(text)
        finally:
            self._spool.seek(0, io.SEEK_END)

    def close(self) -> None:
        self._closer()


@dataclass
class ImportReport:
    """The outcome of one import: good (created + updated + unchanged) + failed = total."""

    file_kind: str
    dry_run: bool = False
    encoding: str = ""
    delimiter: str = ""
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    #: Lines with no value at all (spreadsheets leave them); not counted in ``total``.
    blank_lines: int = 0
    #: Side effects worth a line in the summary, e.g. consortia created by memberships.
    extra: dict[str, int] = field(default_factory=dict)
    log: ErrorLog = field(default_factory=ErrorLog, repr=False)
    #: Rows imported but flagged (a member breaking a rule of its call), the first
    #: :data:`REPORTED_ERRORS` of them; ``flag_count`` counts them all.
    flags: list[RowError] = field(default_factory=list)
    flag_count: int = 0

    def add_flag(self, flag: RowError) -> None:
        self.flag_count += 1
        if len(self.flags) < REPORTED_ERRORS:
            self.flags.append(flag)

    @property
    def good(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def errors(self) -> list[RowError]:
        """The first :data:`KEPT_ERRORS` errors, in line order."""
        return self.log.kept

    @property
    def error_count(self) -> int:
        return self.log.count

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def iter_errors(self) -> Iterator[RowError]:
        """Every error up to :data:`REPORTED_ERRORS`, in line order, read back from disk."""
        return iter(self.log)

    def error_report_lines(
        self, describe: Describe = english, delimiter: str = ","
    ) -> Iterator[str]:
        """The error report as CSV lines (header first), formula cells escaped."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

        def line(cells: list[str]) -> str:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([escape_cell(cell) for cell in cells])
            return buffer.getvalue()

        yield line(["line", "column", "value", "code", "reason"])
        for error in self.iter_errors():
            reason = describe(error.code, error.params)
            yield line([str(error.line), error.column, error.value, error.code, reason])
        if self.log.unlisted:
            yield line(
                ["", "", "", "more_errors", describe("more_errors", {"count": self.log.unlisted})]
            )
        for flag in sorted(self.flags, key=lambda f: f.line):  # imported, but flagged
            reason = describe(flag.code, flag.params)
            yield line([str(flag.line), flag.column, flag.value, flag.code, reason])

    def close(self) -> None:
        """Delete the spooled error list (also done when the report is collected)."""
        self.log.close()
