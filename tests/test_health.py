"""/health reports Neo4j's reachability."""

from __future__ import annotations

from flask.testing import FlaskClient

from graph.driver import Graph
from tests.conftest import app_on


def test_health_is_200_when_neo4j_answers(client: FlaskClient, graph: Graph) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json()["neo4j"]["reachable"] is True


def test_health_is_503_when_nothing_listens() -> None:
    # A port nobody listens on: the driver fails fast with the configured timeouts.
    from graph.embedded import free_port

    with app_on(f"bolt://127.0.0.1:{free_port()}") as app:
        response = app.test_client().get("/health")
        assert response.status_code == 503
        assert response.get_json() == {
            "status": "unavailable",
            "neo4j": {"reachable": False, "database": "neo4j"},
        }
        page = app.test_client().get("/")
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "5"
        assert "Servizio temporaneamente non disponibile" in page.get_data(as_text=True)
