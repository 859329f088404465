"""CSV export: the import format, streamed, formula cells escaped, round trips identical."""

from __future__ import annotations

import codecs
import io
from typing import Any

from app.services.csv_export import export_lines, write_export
from app.services.csv_format import EXCEL_IT, FILE_KINDS, STANDARD, Flavour
from app.services.csv_import import import_csv
from graph.driver import Graph
from seed.load import load_reference
from tests.test_csv_import import FAULTY, MEMBERSHIPS, PARTNERSHIPS


def _export(graph: Graph, kind: str, flavour: Flavour = STANDARD) -> bytes:
    buffer = io.BytesIO()
    write_export(graph, kind, buffer, flavour)
    return buffer.getvalue()


def _load_all(graph: Graph, files: dict[str, bytes]) -> None:
    for kind in FILE_KINDS:
        report = import_csv(graph, kind, io.BytesIO(files[kind]))
        assert report.ok or kind != "organizations" or report.failed == 6, report.errors


def _fixture_files() -> dict[str, bytes]:
    return {
        "organizations": FAULTY,
        "partnerships": PARTNERSHIPS.encode(),
        "memberships": MEMBERSHIPS.encode(),
    }


def _wipe_and_reload_reference(graph: Graph) -> None:
    graph.wipe()
    load_reference(graph)


def test_export_then_import_into_an_empty_database_is_identical(graph: Graph) -> None:
    load_reference(graph)
    _load_all(graph, _fixture_files())
    for flavour in (STANDARD, EXCEL_IT):
        first = {kind: _export(graph, kind, flavour) for kind in FILE_KINDS}
        _wipe_and_reload_reference(graph)
        for kind in FILE_KINDS:
            report = import_csv(graph, kind, io.BytesIO(first[kind]))
            districts = 30 if kind == "organizations" else 0  # reference data, already there
            assert report.ok and report.unchanged == districts, (kind, report.errors)
            assert report.created == report.total - districts > 0
        assert {kind: _export(graph, kind, flavour) for kind in FILE_KINDS} == first


def test_exported_organisations_read_as_documented(graph: Graph) -> None:
    load_reference(graph)
    _load_all(graph, _fixture_files())
    text = _export(graph, "organizations").decode("utf-8")
    assert text.startswith("\ufeffid,kind,name,legal_form,tax_code,size_class,non_profit,")
    row = next(line for line in text.split("\r\n") if line.startswith("ORG-A,"))
    assert row == (
        "ORG-A,ThirdSector,Cooperativa Sociale L'Aquilone,Cooperativa sociale,01234567897,,sì,"
        "001272,,Servizi di prossimità,https://aquilone.example,info@aquilone.example,"
        "civil_economy|proximity_assistance,accompaniment|training,no"
    )
    partnerships = _export(graph, "partnerships", EXCEL_IT).decode("cp1252").split("\r\n")
    assert partnerships[0] == "id;from_id;to_id;type;since;until;strength;source"
    assert partnerships[1] == "P-1;ORG-A;ORG-B;joint_project;15/01/2020;;0,75;registro"


def test_formula_cells_are_escaped_on_export(graph: Graph) -> None:
    load_reference(graph)
    data = "id,kind,name,municipality_istat,description\nORG-1,ThirdSector,'=1+2,001272,'@SUM(A1)\n"
    assert import_csv(graph, "organizations", io.BytesIO(data.encode())).created == 1
    graph.write(
        lambda tx: tx.run(
            "CREATE (o:Organization:ThirdSector {id: 'ORG-2', kind: 'ThirdSector', "
            "name: '-2+3', legal_form: '+39 011', description: $tab})",
            tab="\tcmd",
        ).consume()
    )
    lines = _export(graph, "organizations").decode("utf-8-sig").split("\r\n")
    rows = [line for line in lines if line.startswith("ORG-")]
    assert rows[0].startswith("ORG-1,ThirdSector,'=1+2,,,,,001272,,'@SUM(A1),")
    assert rows[1].startswith("ORG-2,ThirdSector,'-2+3,'+39 011,,,,,,'\tcmd,")
    for line in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in line.split(","))


def test_excel_flavour_replaces_what_windows_1252_cannot_hold(graph: Graph) -> None:
    load_reference(graph)
    data = "id,kind,name,municipality_istat\nORG-1,ThirdSector,Łódź ő € città,001272\n"
    import_csv(graph, "organizations", io.BytesIO(data.encode()))
    buffer = io.BytesIO()
    summary = write_export(graph, "organizations", buffer, EXCEL_IT)
    assert (summary.rows, summary.lossy_rows) == (31, 1)  # with the 30 districts
    assert ";?ód? ? € città;" in buffer.getvalue().decode("cp1252")  # ó and € exist in 1252
    assert "Łódź ő € città" in _export(graph, "organizations").decode("utf-8")


def test_export_streams_in_pages_of_any_size(graph: Graph) -> None:
    load_reference(graph)
    _load_all(graph, _fixture_files())
    for kind in FILE_KINDS:
        lines = export_lines(graph, kind)
        assert list(export_lines(graph, kind, page_size=1)) == list(lines)


def test_the_seed_exports_and_reimports_unchanged(seeded_graph: Graph) -> None:
    """Every seed row passes validation and matches the database (a dry run writes nothing)."""
    for kind in FILE_KINDS:
        data = _export(seeded_graph, kind)
        assert data.startswith(codecs.BOM_UTF8)
        report = import_csv(seeded_graph, kind, io.BytesIO(data), dry_run=True)
        summary: dict[str, Any] = {"errors": report.errors[:3], "total": report.total}
        assert report.total > 0 and report.unchanged == report.total, (kind, summary)
