"""``flask import`` and ``flask export``: summaries, exit codes, error reports, languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from flask.testing import FlaskCliRunner

from app.import_cli import FILE_ERROR_STATUS, export_cli, import_cli
from app.services.csv_import.errors import ImportReport
from app.services.csv_import.spec import FileSpec
from app.services.csv_import.writer import Batch, BatchWriter
from graph.driver import Graph
from graph.errors import Conflict
from seed.load import load_reference
from tests.test_csv_import import FAULTY


@pytest.fixture
def faulty_file(graph: Graph, tmp_path: Path) -> Path:
    load_reference(graph)
    path = tmp_path / "organizzazioni.csv"
    path.write_bytes(FAULTY)
    return path


def test_import_prints_a_summary_and_fails_when_rows_were_refused(
    runner: FlaskCliRunner, faulty_file: Path, tmp_path: Path
) -> None:
    report_path = tmp_path / "errori.csv"
    result = runner.invoke(
        import_cli, ["organizations", str(faulty_file), "--report", str(report_path)]
    )
    assert result.exit_code == 1, result.output
    assert "3 created, 0 updated, 0 unchanged, 6 refused" in result.output
    assert "line 5, tax_code '01234567890'" in result.output
    report = report_path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert report[0] == "line;column;value;code;reason"
    assert report[1].startswith("5;tax_code;01234567890;tax_check_digit;")
    assert "atteso 7" in report[1]  # Italian by default
    assert len([line for line in report if line]) == 7


def test_reasons_in_english_and_a_dry_run(runner: FlaskCliRunner, faulty_file: Path) -> None:
    result = runner.invoke(
        import_cli, ["organizations", str(faulty_file), "--dry-run", "--lang", "en"]
    )
    assert "The check character is wrong (expected 7)" in result.output
    assert "dry run: nothing was saved" in result.output
    again = runner.invoke(import_cli, ["organizations", str(faulty_file)])
    assert "3 created" in again.output  # the dry run left nothing behind


def test_a_clean_file_exits_zero_and_a_second_import_is_a_no_op(
    runner: FlaskCliRunner, faulty_file: Path, tmp_path: Path
) -> None:
    clean = tmp_path / "pulito.csv"
    clean.write_bytes(b"\r\n".join(FAULTY.split(b"\r\n")[:4]) + b"\r\n")  # header + A, B
    first = runner.invoke(import_cli, ["organizations", str(clean)])
    assert first.exit_code == 0 and "2 created" in first.output
    second = runner.invoke(import_cli, ["organizations", str(clean)])
    assert second.exit_code == 0
    assert "0 created, 0 updated, 2 unchanged, 0 refused" in second.output


def test_an_unreadable_file_is_a_file_error(
    runner: FlaskCliRunner, faulty_file: Path, tmp_path: Path
) -> None:
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(FAULTY.decode("cp1252").encode("utf-16"))
    result = runner.invoke(import_cli, ["organizations", str(utf16), "--lang", "en"])
    assert result.exit_code == FILE_ERROR_STATUS
    assert "UTF-16" in result.output


def test_export_writes_the_file_in_either_flavour(
    runner: FlaskCliRunner, faulty_file: Path, tmp_path: Path
) -> None:
    runner.invoke(import_cli, ["organizations", str(faulty_file)])
    plain, excel = tmp_path / "out.csv", tmp_path / "out-it.csv"
    assert runner.invoke(export_cli, ["organizations", str(plain)]).exit_code == 0
    result = runner.invoke(export_cli, ["organizations", str(excel), "--excel-it"])
    assert "33 rows exported" in result.output  # three imported, thirty districts
    assert plain.read_bytes().startswith(b"\xef\xbb\xbfid,kind,name,")
    assert "ORG-B;SME;Società Benefica Età d'Oro;" in excel.read_bytes().decode("cp1252")


class _FlakySpec:
    """A spec whose batch write fails, like a concurrent writer would, on one row."""

    kind = "organizations"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def write(self, run: Any, graph: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
        self.calls.append(len(rows))
        if any(row["id"] == "bad" for row in rows):
            raise Conflict("Node already exists with label `Organization`")
        return {"created": len(rows), "updated": 0, "unchanged": 0, "failed": []}

    def failure_cell(self, row: dict[str, Any], code: str) -> tuple[str, str]:
        return "", ""


def test_a_constraint_violation_is_narrowed_to_its_row() -> None:
    spec = _FlakySpec()
    report = ImportReport("organizations")
    writer = BatchWriter(
        cast(Graph, None), cast(FileSpec, spec), report, dry_run=False, progress=None
    )
    ids = ["a", "b", "c", "bad", "d", "e", "f"]
    batch = Batch(
        rows=[{"i": i, "id": ident} for i, ident in enumerate(ids)], lines=list(range(2, 9)), read=7
    )
    writer.submit(batch)
    writer.finish()
    assert (report.created, report.failed, report.total) == (6, 1, 7)
    assert [(e.line, e.code) for e in report.errors] == [(5, "db_constraint")]
    assert spec.calls[0] == 7 and max(spec.calls[1:]) < 7


def test_a_failing_database_stops_the_import() -> None:
    class Broken(_FlakySpec):
        def write(self, run: Any, graph: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
            raise OSError("connection refused")

    spec = cast(FileSpec, Broken())
    writer = BatchWriter(
        cast(Graph, None), spec, ImportReport("organizations"), dry_run=False, progress=None
    )
    writer.submit(Batch(rows=[{"i": 0, "id": "x"}], lines=[2], read=1))
    with pytest.raises(OSError, match="connection refused"):
        writer.finish()
