"""Audit findings 1, 8 and 9: the import list with unfinished jobs, hostile ``next``
targets at login, and the import's upload cleanup and report limit."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services.csv_import import errors as csv_errors
from app.urls import safe_next
from graph.driver import Graph
from tests.factories import RoleUsers, logged_in


def _wait_done(client: FlaskClient, url: str) -> str:
    for _ in range(150):  # bounded: a few rows take well under a second
        html = client.get(url).get_data(as_text=True)
        if 'data-status="running"' not in html:
            return html
        time.sleep(0.2)
    raise AssertionError("the import job did not finish")


def _upload(client: FlaskClient, data: bytes) -> str:
    response = client.post(
        "/admin/importazioni",
        data={"file_kind": "organizations", "upload": (io.BytesIO(data), "enti.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


# --- finding 1 -------------------------------------------------------------------------


def test_import_list_shows_running_and_failed_jobs(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    """A job without counts (running, or failed before reading a row) lists as such."""
    world.write(
        lambda tx: tx.run(
            "CREATE (:ImportJob {id: 'j-running', file_kind: 'organizations', filename: 'a.csv',"
            " status: 'running', rows: 0, created_at: datetime(), user_email: 'x@y.it'}),"
            " (:ImportJob {id: 'j-failed', file_kind: 'organizations', filename: 'b.csv',"
            " status: 'failed', message: 'bad header', created_at: datetime()})"
        ).consume()
    )
    client = logged_in(app, "admin")
    response = client.get("/admin/importazioni")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "a.csv" in html and "b.csv" in html


# --- finding 8 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["/\r\n//x", "/\r\nSet-Cookie: a=b", "/\\evil.example", "/\t/evil.example", "/x\x00y"]
)
def test_safe_next_refuses_control_characters_and_backslashes(target: str) -> None:
    assert safe_next(target) is None


def test_login_with_crlf_next_goes_to_the_account_page(
    users: RoleUsers, client: FlaskClient
) -> None:
    response = client.post(
        "/accedi?next=/%0d%0a//x",
        data={"email": "member_a@test.example", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/")
    assert "\n" not in response.headers["Location"]


# --- finding 9 -------------------------------------------------------------------------


def test_upload_of_a_failed_import_is_deleted(
    users: RoleUsers, app: Flask, world: Graph, tmp_path: Path
) -> None:
    app.config["IMPORT_DIR"] = str(tmp_path)
    client = logged_in(app, "admin")
    html = _wait_done(client, _upload(client, b"not;a;header\r\n1;2;3\r\n"))
    assert 'data-status="failed"' in html
    assert not list(tmp_path.glob("*.upload.csv"))


def test_error_report_is_bounded(
    users: RoleUsers, app: Flask, world: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limit the report says how many more rows were refused, without listing them."""
    monkeypatch.setattr(csv_errors, "REPORTED_ERRORS", 5)
    app.config["IMPORT_DIR"] = str(tmp_path)
    client = logged_in(app, "admin")
    rows = "".join(f"ORG-Z{i};ThirdSector;;001272;\r\n" for i in range(40))
    data = ("id;kind;name;municipality_istat;tax_code\r\n" + rows).encode()
    html = _wait_done(client, _upload(client, data))
    counts = dict(re.findall(r'id="count-(\w+)">(\d+)<', html))
    assert counts["failed"] == "40"
    report_url = re.search(r'href="([^"]+errori\.csv)"', html).group(1)  # type: ignore[union-attr]
    with client.get(report_url) as response:
        lines = response.get_data().decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 5 + 1  # header, five errors, the line that counts the rest
    assert "35" in lines[-1]
