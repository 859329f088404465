"""The import loop: read and validate rows in this thread, write batches in another.

Validation (Python) and writing (Neo4j, another process) overlap, so a batch is being
written while the next is read. At most two batches wait between them: memory is
bounded by the batch size, never by the file's length.
"""

from __future__ import annotations

from typing import IO, Any, Final

from app.services.csv_format import FILE_COLUMNS
from app.services.csv_import.cells import clean
from app.services.csv_import.errors import CellError, CsvFileError, ImportReport, RowError, preview
from app.services.csv_import.keystore import SeenKeys
from app.services.csv_import.memberships import MembershipsSpec
from app.services.csv_import.organizations import OrganizationsSpec
from app.services.csv_import.partnerships import PartnershipsSpec
from app.services.csv_import.reading import CsvSource, open_csv
from app.services.csv_import.spec import Column, FileSpec, Reference
from app.services.csv_import.writer import Batch, BatchWriter, Progress
from graph.driver import Graph
from graph.import_repo import reference_codes_tx

SPECS: Final[dict[str, type[FileSpec]]] = {
    spec.kind: spec for spec in (OrganizationsSpec, PartnershipsSpec, MembershipsSpec)
}


def import_csv(
    graph: Graph,
    file_kind: str,
    stream: IO[bytes],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int | None = None,
) -> ImportReport:
    """Import one CSV file of ``file_kind`` (organizations, partnerships, memberships).

    Every row is validated; good rows are written in batches keyed on their natural key,
    bad rows are reported with line, column and reason and never written in part. With
    ``dry_run`` each batch is written and rolled back, so the counts are exact and the
    database is untouched. Raises :class:`CsvFileError` when the file cannot be read.
    """
    spec_class = SPECS[file_kind]
    source = open_csv(stream, FILE_COLUMNS[file_kind])
    try:
        return _import(graph, spec_class, source, dry_run, progress, batch_size)
    finally:
        source.close()


def _import(
    graph: Graph,
    spec_class: type[FileSpec],
    source: CsvSource,
    dry_run: bool,
    progress: Progress | None,
    batch_size: int | None,
) -> ImportReport:
    reference = Reference.from_codes(graph.read(reference_codes_tx))
    seen = SeenKeys()
    try:
        spec = spec_class(reference, frozenset(source.header), seen)
        layout = _layout(source.header, spec.columns())
        positions = {column.name: index for index, column in layout}
        size = batch_size or spec.batch_size
        report = ImportReport(spec.kind, dry_run, source.encoding, source.delimiter)
        writer = BatchWriter(graph, spec, report, dry_run=dry_run, progress=progress)
        try:
            batch = Batch()
            for line, cells in source.records:
                _read_row(spec, layout, positions, batch, line, cells)
                if batch.read >= size:
                    writer.submit(batch)
                    batch = Batch()
            writer.submit(batch)
            writer.finish()
        finally:
            writer.stop()
    finally:
        seen.close()
    return report


def _layout(header: list[str], columns: tuple[Column, ...]) -> list[tuple[int, Column]]:
    by_name = {column.name: column for column in columns}
    unknown = [name or "?" for name in header if name not in by_name]
    if unknown:
        raise CsvFileError("header_unknown", column=", ".join(unknown))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise CsvFileError("header_duplicate", column=", ".join(repeated))
    missing = [c.name for c in columns if c.in_header and c.name not in header]
    if missing:
        raise CsvFileError("header_missing", column=", ".join(missing))
    return [(index, by_name[name]) for index, name in enumerate(header)]


def _read_row(
    spec: FileSpec,
    layout: list[tuple[int, Column]],
    positions: dict[str, int],
    batch: Batch,
    line: int,
    cells: list[str] | None,
) -> None:
    """Validate one record into ``batch``: a row to write, or its errors."""
    if cells is None:  # not readable as CSV
        batch.read += 1
        batch.invalid += 1
        batch.errors.append(RowError(line, "", "", "malformed"))
        return
    if not any(cell.strip() for cell in cells):
        batch.blank += 1
        return
    batch.read += 1
    errors = _row_errors(layout, line, cells)
    if isinstance(errors, dict):
        row, problems = spec.finish(errors, line)
        errors = [
            RowError(
                line,
                column,
                preview(cells[positions[column]]) if column in positions else "",
                problem.code,
                problem.params,
            )
            for column, problem in problems
        ]
        if not errors:
            row["i"] = len(batch.rows)
            batch.rows.append(row)
            batch.lines.append(line)
            return
    batch.invalid += 1
    batch.errors += errors


def _row_errors(
    layout: list[tuple[int, Column]], line: int, cells: list[str]
) -> dict[str, Any] | list[RowError]:
    """The parsed values of a record, or the errors of its cells."""
    width = len(layout)
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        found = len(cells) - next(i for i, c in enumerate(reversed(cells)) if c.strip())
        return [RowError(line, "", "", "too_many_columns", {"expected": width, "found": found})]
    if len(cells) < width:
        return [RowError(line, "", "", "too_few_columns", {"expected": width, "found": len(cells)})]
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for index, column in layout:
        raw = cells[index]
        try:
            value = clean(raw)
            if value:
                values[column.name] = column.parse(value)
            elif column.required:
                raise CellError("required")
            else:
                values[column.name] = None
        except CellError as problem:
            errors.append(RowError(line, column.name, preview(raw), problem.code, problem.params))
    return errors or values
