"""One error template for every status: the status's title and explanation in the page's
language, and a next step (try again, log in, back, home); JSON clients keep their shape."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import BASE_DIR
from graph.driver import Graph
from tests.conftest import app_on
from tests.factories import RoleUsers, login


def _next_step(html: str) -> str:
    return html.split('id="error-next-step"')[1].split("</p>")[0]


def test_one_error_template() -> None:
    found = sorted(p.name for p in Path(BASE_DIR, "app/errors/templates/errors").iterdir())
    assert found == ["error.html"]


def test_not_found_in_italian_with_the_home_page_as_next_step(world: Graph, app: Flask) -> None:
    response = app.test_client().get("/organizzazioni/NOPE")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<h1>Pagina non trovata</h1>" in html and "Pagina non trovata · WE.CA.RE." in html
    assert 'class="error-status">404<' in html
    step = _next_step(html)
    assert 'class="btn btn-primary" href="/"' in step and "Torna alla pagina iniziale" in step


def test_english_page_speaks_english(world: Graph, app: Flask) -> None:
    html = app.test_client().get("/organizzazioni/NOPE?lang=en").get_data(as_text=True)
    assert "<h1>Page not found</h1>" in html


def test_refusal_offers_the_page_the_user_came_from(users: RoleUsers, app: Flask) -> None:
    client = app.test_client()
    login(client, "member_a")
    came_from = "http://localhost/bandi/"
    html = client.get("/admin/", headers={"Referer": came_from}).get_data(as_text=True)
    assert "<h1>Operazione non consentita</h1>" in html
    assert f'href="{came_from}"' in _next_step(html)
    assert "Torna alla pagina precedente" in _next_step(html)
    # Another site is never offered as the way back.
    html = client.get("/admin/", headers={"Referer": "https://evil.example/"}).get_data(
        as_text=True
    )
    assert "evil.example" not in html and "Torna alla pagina precedente" not in html


def test_refused_visitor_is_offered_to_log_in(world: Graph, app: Flask) -> None:
    @app.route("/non-in-tabella")
    def unlisted() -> str:
        return "never served"  # no access rule: refused to everyone (403)

    response = app.test_client().get("/non-in-tabella?x=1")
    assert response.status_code == 403
    step = _next_step(response.get_data(as_text=True))
    assert 'class="btn btn-primary" href="/accedi?next=' in step and "non-in-tabella" in step


def test_too_large_a_request_has_its_own_words(neo4j_uri: str, world: Graph) -> None:
    with app_on(neo4j_uri, MAX_CONTENT_LENGTH=1024) as app:
        response = app.test_client().post("/accedi", data={"email": "x" * 4096})
        assert response.status_code == 413
        assert "<h1>Dati inviati troppo grandi</h1>" in response.get_data(as_text=True)


def test_json_clients_keep_the_json_error(world: Graph, app: Flask) -> None:
    response = app.test_client().get("/organizzazioni/NOPE", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
