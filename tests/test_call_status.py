"""Each call says where it stands (in arrivo, aperto, in scadenza, chiuso) with its
deadline in Italian, and links its official documents (https only)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask

from app.services import audit, calls
from graph.call_records import CallDocument
from graph.driver import Graph
from graph.seed_repo import merge_calls_tx, merge_themes_tx
from seed.reference import call_node_row, themes
from seed.reference import calls as seed_calls
from tests.consortium_factories import load_calls
from tests.factories import RoleUsers, logged_in

TODAY = date.today()


def _add_call(graph: Graph, code: str, deadline: date, opens_on: date | None = None) -> None:
    calls.create_call(
        graph,
        calls.CallDraft(
            code=code,
            title_it=f"Bando {code}",
            title_en=f"Call {code}",
            deadline=deadline,
            opens_on=opens_on,
        ),
        audit.Actor("test"),
    )


def _seed_calls(graph: Graph) -> None:
    """The five calls with the seed's own dates (the 2026 edition), not moved ahead as
    ``load_calls`` moves them for the builder's tests."""
    graph.write(merge_themes_tx, rows=themes())
    graph.write(merge_calls_tx, rows=[call_node_row(call) for call in seed_calls()])


def _status_of(page: str, code: str) -> str:
    row = re.search(rf'<tr data-call="{code}">.*?</tr>', page, re.S)
    assert row is not None, code
    found = re.search(r'data-call-status="(\w+)"', row.group(0))
    assert found is not None
    return found.group(1)


def test_the_calls_list_shows_each_status_with_an_italian_deadline(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    _seed_calls(world)  # the seed's FSE1 preliminary deadline, 31 March 2026, is past
    _add_call(world, "LATER", TODAY + timedelta(days=120))
    _add_call(world, "SOON", TODAY + timedelta(days=5))
    _add_call(world, "NEXT", TODAY + timedelta(days=90), opens_on=TODAY + timedelta(days=10))
    _add_call(world, "GONE", TODAY - timedelta(days=1))
    page = app.test_client().get("/bandi/").get_data(as_text=True)
    assert {code: _status_of(page, code) for code in ("LATER", "SOON", "NEXT", "GONE")} == {
        "LATER": "open",
        "SOON": "closing",
        "NEXT": "upcoming",
        "GONE": "closed",
    }
    assert _status_of(page, "FSE1") == "closed"
    assert "In scadenza" in page and "mancano 5 giorni" in page
    assert "scadenza passata il 31 marzo 2026" in page  # FSE1, in words, not 2026-03-31
    assert "2026-03-31" not in page
    english = app.test_client().get("/bandi/?lang=en").get_data(as_text=True)
    assert "deadline passed on March 31, 2026" in english and "Closing soon" in english


def test_the_closing_window_is_configurable(users: RoleUsers, app: Flask, world: Graph) -> None:
    _add_call(world, "SOON", TODAY + timedelta(days=20))
    client = app.test_client()
    assert _status_of(client.get("/bandi/").get_data(as_text=True), "SOON") == "closing"
    app.config["CALL_CLOSING_SOON_DAYS"] = 14
    assert _status_of(client.get("/bandi/").get_data(as_text=True), "SOON") == "open"


def test_a_call_page_and_the_consortium_form_show_the_status(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    _seed_calls(world)
    client = logged_in(app, "lead")
    detail = client.get("/bandi/FSE1").get_data(as_text=True)
    assert 'id="call-status"' in detail and 'data-call-status="closed"' in detail
    assert "Chiuso" in detail
    form = client.get("/consorzi/nuovo").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="FSE1"[^>]*>FSE1 · [^<]*\(Chiuso\)</option>', form)


def test_administrators_add_documents_with_https_addresses_only(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    load_calls(world)
    admin = logged_in(app, "admin")
    page = admin.get("/bandi/FSE2/modifica").get_data(as_text=True)
    form = {
        name: value
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
        if not name.startswith(("themes", "csrf"))
    }
    rules = re.search(r'<textarea[^>]*name="rules"[^>]*>(.*?)</textarea>', page, re.S)
    assert rules is not None
    form["rules"] = rules.group(1).replace("&#34;", '"').replace("&quot;", '"').strip()
    refused = admin.post(
        "/bandi/FSE2/modifica",
        data={**form, "documents": "Bando | https://example.org/bando.pdf\nGuida | http://x.it/g"},
    )
    assert refused.status_code == 200
    assert "Righe 2: ogni documento ha bisogno di un indirizzo https://." in refused.get_data(
        as_text=True
    )
    assert calls.get_call(world, "FSE2").call.documents == ()  # type: ignore[union-attr]
    saved = admin.post(
        "/bandi/FSE2/modifica",
        data={
            **form,
            "opens_on": "2026-01-15",
            "documents": "Bando | https://example.org/bando.pdf\njavascript:alert(1)",
        },
    )
    assert saved.status_code == 200  # the javascript: row is refused as well
    saved = admin.post(
        "/bandi/FSE2/modifica",
        data={
            **form,
            "opens_on": "2026-01-15",
            "documents": "Bando | https://example.org/bando.pdf",
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    call = calls.get_call(world, "FSE2").call  # type: ignore[union-attr]
    assert call.documents == (CallDocument("Bando", "https://example.org/bando.pdf"),)
    assert call.opens_on == date(2026, 1, 15)
    detail = app.test_client().get("/bandi/FSE2").get_data(as_text=True)
    assert '<a href="https://example.org/bando.pdf" rel="noopener noreferrer">Bando</a>' in detail
    assert "15 gennaio 2026" in detail
    api = app.test_client().get("/api/v1/calls/FSE2").get_json()
    assert api["documents"] == [{"title": "Bando", "url": "https://example.org/bando.pdf"}]
    assert api["opens_on"] == "2026-01-15"


def test_the_home_page_lists_the_calls_still_open_with_their_status(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    _seed_calls(world)  # FSE1's first deadline (31 March 2026) is past: not listed
    _add_call(world, "SOON", TODAY + timedelta(days=5))
    _add_call(world, "GONE", TODAY - timedelta(days=1))
    page = app.test_client().get("/").get_data(as_text=True)
    listed = re.findall(r'<li class="mb-3" data-call="(\w+)">', page)
    assert "SOON" in listed and "GONE" not in listed and "FSE1" not in listed
    soon = re.search(r'data-call="SOON">.*?</li>', page, re.S)
    assert soon is not None and 'data-call-status="closing"' in soon.group(0)
    assert (TODAY + timedelta(days=5)).isoformat() not in page
