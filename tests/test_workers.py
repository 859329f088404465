"""Several workers: shared state lives in Neo4j, and the app behind a reverse proxy."""

from __future__ import annotations

from flask import Flask

from app.extensions import get_graph
from tests.conftest import make_app
from tests.factories import PASSWORD, RoleUsers


def test_login_throttling_is_shared_by_workers(
    users: RoleUsers, workers: tuple[Flask, Flask]
) -> None:
    first, second = workers
    with first.app_context():
        graph_one = get_graph()
    with second.app_context():
        assert get_graph() is not graph_one
    for n in range(10):
        client = (first, second)[n % 2].test_client()
        response = client.post(
            "/accedi",
            data={"email": "member_a@test.example", "password": "wrong password"},
            environ_base={"REMOTE_ADDR": f"10.7.0.{n}"},
        )
        assert response.status_code == 200
    for application in workers:
        blocked = application.test_client().post(
            "/accedi",
            data={"email": "member_a@test.example", "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.7.1.1"},
        )
        assert blocked.status_code == 429


def test_sessions_are_shared_by_workers(users: RoleUsers, workers: tuple[Flask, Flask]) -> None:
    """A login on one worker is valid on the other; logging out there ends it on both."""
    first, second = workers
    client = first.test_client()
    assert (
        client.post(
            "/accedi", data={"email": "member_a@test.example", "password": PASSWORD}
        ).status_code
        == 302
    )
    cookie = client.get_cookie("session")
    assert cookie is not None
    other = second.test_client()
    other.set_cookie("session", cookie.value)
    assert other.get("/account/").status_code == 200
    assert other.post("/esci").status_code == 302
    assert client.get("/account/").status_code == 302


def test_proxy_fix_trusts_one_forwarding_hop(users: RoleUsers, neo4j_uri: str) -> None:
    application = make_app(neo4j_uri, PROXY_FIX=True)
    seen: dict[str, object] = {}

    @application.after_request
    def _look(response):  # type: ignore[no-untyped-def]
        from flask import request

        seen.update(address=request.remote_addr, secure=request.is_secure)
        return response

    client = application.test_client()
    client.get("/health", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert seen == {"address": "203.0.113.9", "secure": True}
    with application.app_context():
        get_graph().close()


def test_without_proxy_fix_forwarded_headers_are_ignored(users: RoleUsers, app: Flask) -> None:
    seen: dict[str, object] = {}

    @app.after_request
    def _look(response):  # type: ignore[no-untyped-def]
        from flask import request

        seen.update(address=request.remote_addr, secure=request.is_secure)
        return response

    app.test_client().get(
        "/health", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"address": "127.0.0.1", "secure": False}
