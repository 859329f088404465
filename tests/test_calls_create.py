"""Administrators define new calls: permissive rules, lines, audit, and the importer's use."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask

from app.services import audit, calls
from app.services.csv_import import import_csv
from graph.driver import Graph
from tests.consortium_factories import count
from tests.factories import RoleUsers, login
from tests.import_reports import error_places

FORM = {
    "code": "h2020",
    "title_it": "Orizzonte 2020",
    "title_en": "Horizon 2020",
    "budget_eur": "0",
    "lines": "msca | Azioni Marie Curie | Marie Curie actions\n\nerc\n",
    "lead_kinds": ["PublicBody", "SME", "ThirdSector", "Foundation", "District"],
    "member_kinds": ["PublicBody", "SME", "ThirdSector", "Foundation", "District"],
}


@pytest.mark.parametrize("who", [None, "member_a", "lead", "staff"])
def test_only_administrators_create_calls(
    who: str | None, users: RoleUsers, app: Flask, world: Graph
) -> None:
    client = app.test_client()
    if who:
        login(client, who)
    response = client.post("/bandi/nuovo", data=FORM)
    assert response.status_code == (302 if who is None else 403)
    if who is None:
        assert "/accedi" in response.headers["Location"]
    assert count(world, "MATCH (c:Call) RETURN count(c)") == 0


def test_admin_creates_a_call_and_a_duplicate_code_is_a_form_error(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get("/bandi/nuovo")
    boxes = re.findall(r'<input[^>]*name="lead_kinds"[^>]*>', page.get_data(as_text=True))
    assert page.status_code == 200 and len(boxes) == 5 and all("checked" in b for b in boxes)
    created = admin.post("/bandi/nuovo", data=FORM)
    assert created.status_code == 302 and created.headers["Location"].endswith("/bandi/H2020")
    found = calls.get_call(world, "H2020")
    assert found is not None
    rules = found.call.rules
    assert rules["lead_kinds"] == ["District", "PublicBody", "ThirdSector", "SME", "Foundation"]
    assert rules["associate_kinds"] == rules["lead_kinds"] and rules["min_members"] is None
    assert [(line["code"], line["label_it"], line["label_en"]) for line in rules["lines"]] == [
        ("msca", "Azioni Marie Curie", "Marie Curie actions"),
        ("erc", "erc", "erc"),
    ]
    assert found.call.rules_version == 1 and len(found.call.phases) == 1
    assert (
        count(
            world,
            "MATCH (e:AuditEvent {action: 'call_create', target_id: 'H2020'}) RETURN count(e)",
        )
        == 1
    )
    detail = admin.get("/bandi/H2020").get_data(as_text=True)
    assert "Azioni Marie Curie" in detail
    assert admin.get("/bandi/H2020/modifica").status_code == 200  # editable like the others
    again = admin.post("/bandi/nuovo", data={**FORM, "code": "H2020", "title_it": "Altro"})
    assert again.status_code == 200
    assert "Esiste già un bando con questo codice" in again.get_data(as_text=True)
    assert calls.get_call(world, "H2020").call.title_it == "Orizzonte 2020"  # type: ignore[union-attr]
    assert count(world, "MATCH (c:Call) RETURN count(c)") == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"code": "h 2020"}, "Il codice ha solo lettere"),
        ({"lines": "linea uno"}, "il codice di linea linea uno"),
        ({"lines": "a\na"}, "Codici di linea ripetuti: a."),
        ({"lead_kinds": []}, "Almeno un tipo di organizzazione deve poter essere capofila."),
        ({"title_en": ""}, 'id="title_en-err"'),
    ],
)
def test_bad_drafts_are_form_errors(
    changes: dict[str, object], message: str, users: RoleUsers, app: Flask, world: Graph
) -> None:
    admin = app.test_client()
    login(admin, "admin")
    response = admin.post("/bandi/nuovo", data={**FORM, **changes})
    assert response.status_code == 200
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert message in page, page[-3000:]
    assert count(world, "MATCH (c:Call) RETURN count(c)") == 0


def test_the_new_call_is_usable_by_the_memberships_importer(world: Graph) -> None:
    draft = calls.CallDraft(
        code="EU1",
        title_it="Bando europeo",
        title_en="European call",
        lines=({"code": "sc1", "label_it": "Salute", "label_en": "Health"},),
    )
    assert calls.create_call(world, draft, audit.Actor("admin")) == "EU1"
    with pytest.raises(calls.CallError) as taken:
        calls.create_call(world, draft, audit.Actor("admin"))
    assert taken.value.code == "code_taken"
    data = (
        "consortium_id,organization_id,role,call_code,consortium_title,consortium_line,"
        "consortium_status\n"
        "C-1,ORG-B,lead,EU1,Progetto,sc1,funded\n"
        "C-1,ORG-A,partner,EU1,Progetto,sc1,funded\n"
        "C-2,ORG-A,lead,EU1,Altro,sc9,funded\n"
    )
    report = import_csv(world, "memberships", io.BytesIO(data.encode()))
    assert error_places(report) == [(4, "consortium_line", "unknown_line")]
    assert (report.created, report.extra["consortia_created"]) == (2, 1)
    assert (
        count(
            world,
            "MATCH (:Consortium {id: 'C-1', line: 'sc1'})-[:FOR_CALL]->"
            "(:Call {code: 'EU1'}) RETURN count(*)",
        )
        == 1
    )
