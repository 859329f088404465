"""``flask import`` and ``flask export``: the CSV files of docs/csv-format.md from the shell."""

from __future__ import annotations

import codecs
import sys
import time
from pathlib import Path
from typing import IO

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from app.csv_messages import describe
from app.extensions import get_graph
from app.services.csv_export import write_export
from app.services.csv_format import EXCEL_IT, FILE_KINDS, STANDARD
from app.services.csv_import import CsvFileError, ImportReport, import_csv
from graph.driver import GraphUnavailable

#: Errors printed to the terminal; ``--report`` writes them all.
SHOWN_ERRORS = 20
#: Exit status when the file itself could not be read (rows refused: 1).
FILE_ERROR_STATUS = 2

import_cli = AppGroup("import", help="Import a CSV file (format: docs/csv-format.md).")
export_cli = AppGroup("export", help="Export a CSV file in the format that import reads.")


class _Ticker:
    """Prints rows done and the rate, on one line when the terminal allows it."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.same_line = sys.stderr.isatty()

    def __call__(self, rows: int) -> None:
        rate = rows / max(time.perf_counter() - self.start, 1e-9)
        text = f"{rows:,} rows ({rate:,.0f} rows/s)"
        click.echo(f"\r{text}" if self.same_line else text, err=True, nl=not self.same_line)

    def done(self) -> float:
        if self.same_line:
            click.echo(err=True)
        return time.perf_counter() - self.start


def _language(lang: str | None) -> str:
    return lang or str(current_app.config.get("BABEL_DEFAULT_LOCALE", "it"))


def _write_error_report(report: ImportReport, path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(codecs.BOM_UTF8)
        for line in report.error_report_lines(describe, delimiter=report.delimiter or ","):
            handle.write(line.encode("utf-8"))


def _summary(report: ImportReport, seconds: float) -> str:
    rate = report.total / max(seconds, 1e-9)
    parts = [
        f"{report.file_kind}: {report.total:,} rows in {seconds:.1f} s ({rate:,.0f} rows/s)",
        f"{report.created:,} created, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged, {report.failed:,} refused",
    ]
    parts += [f"{key.replace('_', ' ')}: {count:,}" for key, count in sorted(report.extra.items())]
    if report.dry_run:
        parts.append("dry run: nothing was saved")
    return "; ".join(parts)


def _run_import(
    file_kind: str,
    path: Path,
    dry_run: bool,
    report_path: Path | None,
    lang: str | None,
    batch_size: int | None,
) -> None:
    ticker = _Ticker()
    with force_locale(_language(lang)), path.open("rb") as stream:
        try:
            report = import_csv(
                get_graph(),
                file_kind,
                stream,
                dry_run=dry_run,
                progress=ticker,
                batch_size=batch_size,
            )
        except CsvFileError as exc:
            click.echo(f"{path}: {describe(exc.code, exc.params)}", err=True)
            raise click.exceptions.Exit(FILE_ERROR_STATUS) from None
        except GraphUnavailable as exc:
            raise click.ClickException(
                f"Neo4j is not reachable ({exc}): the import stopped. Import the file again "
                "once it is back; rows already written will count as unchanged."
            ) from exc
        seconds = ticker.done()
        try:
            for error in report.errors[:SHOWN_ERRORS]:
                where = f"line {error.line}" + (f", {error.column}" if error.column else "")
                value = f" {error.value!r}" if error.value else ""
                click.echo(f"{where}{value}: {describe(error.code, error.params)}", err=True)
            if report.error_count > SHOWN_ERRORS:
                click.echo(f"... {report.error_count - SHOWN_ERRORS:,} more errors", err=True)
            if report_path is not None:
                _write_error_report(report, report_path)
                click.echo(f"Error report: {report_path} ({report.error_count:,} errors)")
            click.echo(_summary(report, seconds))
        finally:
            report.close()
    if report.failed:
        raise click.exceptions.Exit(1)


def _import_command(file_kind: str) -> None:
    @import_cli.command(file_kind, help=f"Import the {file_kind} file FILE.")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Validate and count, write nothing.")
    @click.option(
        "--report",
        "report_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write every refused row (line, column, value, reason) to this CSV file.",
    )
    @click.option("--lang", type=click.Choice(["it", "en"]), help="Language of the reasons.")
    @click.option("--batch-size", type=click.IntRange(1, 100_000), help="Rows per transaction.")
    def command(
        file: Path,
        dry_run: bool,
        report_path: Path | None,
        lang: str | None,
        batch_size: int | None,
    ) -> None:
        _run_import(file_kind, file, dry_run, report_path, lang, batch_size)


def _export_command(file_kind: str) -> None:
    @export_cli.command(file_kind, help=f"Export the {file_kind} to FILE ('-': standard output).")
    @click.argument("file", type=click.File("wb"))
    @click.option(
        "--excel-it",
        is_flag=True,
        help="Italian Excel layout: ';', Windows-1252, decimal comma, DD/MM/YYYY dates.",
    )
    def command(file: IO[bytes], excel_it: bool) -> None:
        ticker = _Ticker()
        summary = write_export(
            get_graph(), file_kind, file, EXCEL_IT if excel_it else STANDARD, progress=ticker
        )
        seconds = ticker.done()
        click.echo(f"{file_kind}: {summary.rows:,} rows exported in {seconds:.1f} s", err=True)
        if summary.lossy_rows:
            click.echo(
                f"{summary.lossy_rows:,} rows had characters Windows-1252 cannot hold, "
                "written as '?': export without --excel-it to keep them.",
                err=True,
            )


for _kind in FILE_KINDS:
    _import_command(_kind)
    _export_command(_kind)
