"""The administrators' import page: upload, background job, counts, error report, export."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from graph.driver import Graph
from tests.consortium_factories import count
from tests.factories import RoleUsers, logged_in, login

# Windows-1252, ';'-separated, as Italian spreadsheets save it: two good rows, three bad.
ORGANIZATIONS = (
    "id;kind;name;municipality_istat;tax_code\r\n"
    "ORG-N1;ThirdSector;Società Cooperativa Sociale Età Serena;001272;\r\n"
    "ORG-N2;SME;Bottega Welfare srl;001191;01234567897\r\n"
    "ORG-N3;SME;Codice Sbagliato srl;001191;01234567890\r\n"
    "ORG-N4;ThirdSector;;001272;\r\n"
    "ORG-N5;ThirdSector;Comune Inesistente;999999;\r\n"
).encode("cp1252")


def _wait_done(client: FlaskClient, url: str) -> str:
    for _ in range(100):  # bounded: the import of five rows takes well under a second
        html = client.get(url).get_data(as_text=True)
        if 'data-status="running"' not in html:
            return html
        time.sleep(0.2)
    raise AssertionError("the import job did not finish")


def _upload(client: FlaskClient, data: bytes, **extra: object) -> str:
    response = client.post(
        "/admin/importazioni",
        data={"file_kind": "organizations", "upload": (io.BytesIO(data), "enti.csv"), **extra},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_admin_imports_good_rows_and_reports_bad_ones(
    users: RoleUsers, app: Flask, world: Graph, tmp_path: Path
) -> None:
    app.config["IMPORT_DIR"] = str(tmp_path)
    client = logged_in(app, "admin")
    job_url = _upload(client, ORGANIZATIONS)
    html = _wait_done(client, job_url)
    counts = dict(re.findall(r'id="count-(\w+)">(\d+)<', html))
    assert counts == {"total": "5", "created": "2", "updated": "0", "unchanged": "0", "failed": "3"}
    name = world.read(
        lambda tx: tx.run("MATCH (o:Organization {id: 'ORG-N1'}) RETURN o.name AS n").single(
            strict=True
        )["n"]
    )
    assert name == "Società Cooperativa Sociale Età Serena"

    report_url = re.search(r'href="([^"]+errori\.csv)"', html).group(1)  # type: ignore[union-attr]
    with client.get(report_url) as response:
        report = response.get_data().decode("utf-8-sig")
    lines = report.strip().splitlines()
    assert len(lines) == 4  # header + one line per refused row
    assert [line.split(";")[0] for line in lines[1:]] == ["4", "5", "6"]
    assert "tax_code" in lines[1] and "municipality_istat" in lines[3]

    # The same file again changes nothing.
    html = _wait_done(client, _upload(client, ORGANIZATIONS))
    again = dict(re.findall(r'id="count-(\w+)">(\d+)<', html))
    assert (again["created"], again["updated"], again["unchanged"]) == ("0", "0", "2")


def test_dry_run_saves_nothing(users: RoleUsers, app: Flask, world: Graph, tmp_path: Path) -> None:
    app.config["IMPORT_DIR"] = str(tmp_path)
    client = logged_in(app, "admin")
    _wait_done(client, _upload(client, ORGANIZATIONS, dry_run="y"))
    assert (
        count(world, "MATCH (o:Organization) WHERE o.id STARTS WITH 'ORG-N' RETURN count(o) AS n")
        == 0
    )


def test_export_escapes_formula_cells(users: RoleUsers, app: Flask, world: Graph) -> None:
    world.write(
        lambda tx: tx.run(
            "MATCH (o:Organization {id: 'ORG-A'}) SET o.description = '=HYPERLINK(\"x\")'"
        ).consume()
    )
    client = logged_in(app, "admin")
    body = client.get("/admin/esporta/organizations.csv").get_data().decode("utf-8-sig")
    assert body.splitlines()[0].startswith("id,")
    assert "'=HYPERLINK" in body
    excel = client.get("/admin/esporta/organizations.csv?excel=1").get_data()
    assert excel.decode("cp1252").splitlines()[0].startswith("id;")
    italian = client.get("/admin/esporta/organizations.csv?formato=it").get_data()
    assert italian == excel  # ?formato=it is the documented name of the same layout


def test_members_cannot_import(users: RoleUsers, client: FlaskClient) -> None:
    login(client, "member_a")
    assert client.get("/admin/importazioni").status_code == 403
    assert client.get("/admin/esporta/organizations.csv").status_code == 403
