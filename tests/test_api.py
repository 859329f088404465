"""The JSON API's tokens, authentication, permissions, errors and paging."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import policy
from app.extensions import get_graph
from app.services import analysis_jobs
from graph.driver import Graph
from graph.embedded import free_port
from tests.conftest import app_on
from tests.factories import PASSWORD, RoleUsers, login, make_api_token

ROLE_USERS = {"member": "member_a", "district_lead": "lead", "staff": "staff", "admin": "admin"}
#: Path values for the walk: an organisation each role acts for (staff: none; staff read
#: any organisation's suggestions and are refused the rest).
ORG_OF_ROLE = {"member": "ORG-A", "district_lead": "DCS01", "staff": "ORG-A", "admin": "ORG-A"}
SAMPLE_ARGS = {
    "request_id": "nope",
    "partnership_id": "nope",
    "consortium_id": "nope",
    "job_id": "nope",
    "call_code": "FSE1",
    "token_id": "nope",
    "feedback": "dismissed",
    "candidate_id": "nope",
    "notification_id": "nope",
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def error_of(response: TestResponse, status: int) -> dict[str, object]:
    """The body of an error response, checked to be the one error shape."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.get_json()["error"]
    assert error["status"] == status and error["title"] and error["detail"]
    assert set(error) <= {"status", "title", "detail", "errors"}
    return dict(error)


@pytest.fixture
def tokens(users: RoleUsers, world: Graph) -> Iterator[dict[str, str]]:
    """A token per user of ``users``."""
    yield {
        key: make_api_token(world, getattr(users, key))
        for key in ("member_a", "member_b", "lead", "staff", "admin", "newcomer")
    }
    analysis_jobs.wait_idle(timeout=120)


def _api_routes(app: Flask, role: str) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        args = {**SAMPLE_ARGS, "org_id": ORG_OF_ROLE.get(role, "ORG-A")}
        path = rule.build({k: args[k] for k in rule.arguments})[1]  # type: ignore[index]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, path))
    return routes


@pytest.mark.parametrize("role", [policy.ANONYMOUS, *ROLE_USERS])
def test_api_route_walk(role: str, tokens: dict[str, str], app: Flask) -> None:
    """Every API route answers as its rule says: 401 JSON without a token (never a
    redirect), 403 JSON for a role the rule leaves out, through for the others."""
    client, failures = app.test_client(), []
    headers = bearer(tokens[ROLE_USERS[role]]) if role in ROLE_USERS else {}
    for endpoint, method, path in _api_routes(app, role):
        rule = policy.rule_for(endpoint)
        assert rule is not None, endpoint
        response = client.open(path, method=method, headers=headers, json={})
        status = response.status_code
        if rule.allows(role):
            ok = status not in (401, 403)
        else:
            ok = status == (401 if role == policy.ANONYMOUS else 403) and response.is_json
        if not ok:
            failures.append(f"{role} {method} {path} ({endpoint}) -> {status}")
    assert not failures, "\n".join(failures)


def test_anonymous_calls_get_401_json_with_the_scheme(
    users: RoleUsers, client: FlaskClient
) -> None:
    response = client.get("/api/v1/partnerships")
    error_of(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/organizations").status_code == 200  # public, as the page


def test_session_cookies_do_not_authenticate_the_api(users: RoleUsers, app: Flask) -> None:
    browser = app.test_client()
    assert login(browser, "admin") == 302
    assert browser.get("/account/").status_code == 200
    error_of(browser.get("/api/v1/tokens"), 401)


def test_token_created_on_the_account_page_works_until_revoked(
    users: RoleUsers, app: Flask
) -> None:
    browser = app.test_client()
    login(browser, "member_a")
    assert "/account/token-api" in browser.get("/account/").get_data(as_text=True)
    page = browser.post("/account/token-api", data={"name": "Gestionale"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="token-secret">(wcr_[\w-]+)<', html)
    assert secret is not None
    token = secret.group(1)
    listed = browser.get("/account/token-api").get_data(as_text=True)
    assert token not in listed and token[:12] in listed and "Gestionale" in listed

    api = app.test_client()
    mine = api.get("/api/v1/tokens", headers=bearer(token)).get_json()
    assert [t["name"] for t in mine["items"]] == ["Gestionale"]
    assert mine["items"][0]["last_used_at"] is not None
    token_id = mine["items"][0]["id"]

    assert browser.post("/account/token-api/revoca", data={"token_id": token_id}).status_code == 302
    refused = api.get("/api/v1/tokens", headers=bearer(token))
    error_of(refused, 401)
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    with app.app_context():
        actions = get_graph().read(
            lambda tx: [
                r["a"]
                for r in tx.run(
                    "MATCH (e:AuditEvent) WHERE e.action STARTS WITH 'api_token' "
                    "RETURN e.action AS a ORDER BY e.at"
                )
            ]
        )
    assert actions == ["api_token_created", "api_token_revoked"]


def test_a_token_can_revoke_itself_and_no_one_elses(
    tokens: dict[str, str], client: FlaskClient
) -> None:
    own = client.get("/api/v1/tokens", headers=bearer(tokens["member_b"])).get_json()
    other_id = own["items"][0]["id"]
    mine = client.get("/api/v1/tokens", headers=bearer(tokens["member_a"])).get_json()
    error_of(client.delete(f"/api/v1/tokens/{other_id}", headers=bearer(tokens["member_a"])), 404)
    token_id = mine["items"][0]["id"]
    assert (
        client.delete(f"/api/v1/tokens/{token_id}", headers=bearer(tokens["member_a"])).status_code
        == 204
    )
    error_of(client.get("/api/v1/tokens", headers=bearer(tokens["member_a"])), 401)
    assert client.get("/api/v1/tokens", headers=bearer(tokens["member_b"])).status_code == 200


def test_garbage_and_unknown_tokens_are_refused(users: RoleUsers, client: FlaskClient) -> None:
    for header in ("Bearer wcr_unknown", "Bearer ", "Basic dXNlcjpwdw==", "Bearer " + "x" * 500):
        for path in ("/api/v1/tokens", "/api/v1/organizations"):  # even where none is needed
            response = client.get(path, headers={"Authorization": header})
            error_of(response, 401)
            assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_erased_users_tokens_stop_working_and_are_exported(
    tokens: dict[str, str], app: Flask
) -> None:
    browser = app.test_client()
    login(browser, "newcomer")
    data = browser.get("/account/dati.json").get_json()
    assert [t["name"] for t in data["api_tokens"]] == ["test"]
    assert set(data["api_tokens"][0]) == {"name", "prefix", "created_at", "last_used_at"}
    assert (
        browser.post(
            "/account/dati/cancella", data={"password": PASSWORD, "confirm": "y"}
        ).status_code
        == 302
    )
    error_of(app.test_client().get("/api/v1/tokens", headers=bearer(tokens["newcomer"])), 401)
    with app.app_context():
        left = get_graph().read(
            lambda tx: tx.run("MATCH (t:ApiToken) RETURN count(t) AS n").single(strict=True)["n"]
        )
    assert left == 5


def test_deactivated_users_tokens_stop_working(
    tokens: dict[str, str], world: Graph, client: FlaskClient
) -> None:
    world.write(
        lambda tx: tx.run(
            "MATCH (u:User {email: 'staff@test.example'}) SET u.active = false"
        ).consume()
    )
    error_of(client.get("/api/v1/tokens", headers=bearer(tokens["staff"])), 401)


@pytest.mark.parametrize(
    "query", ["per_page=0", "per_page=101", "page=0", "page=x", "kind=Unknown"]
)
def test_bad_paging_and_filters_are_422_with_the_fields(
    users: RoleUsers, client: FlaskClient, query: str
) -> None:
    error = error_of(client.get(f"/api/v1/organizations?{query}"), 422)
    field = query.split("=")[0]
    assert field in error["errors"]["query"]  # type: ignore[index]


def test_pages_carry_items_and_totals(users: RoleUsers, client: FlaskClient) -> None:
    first = client.get("/api/v1/organizations?per_page=2").get_json()
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 3)
    assert [o["id"] for o in first["items"]] == ["ORG-B", "ORG-A"]
    second = client.get("/api/v1/organizations?per_page=2&page=2").get_json()
    assert [o["id"] for o in second["items"]] == ["DCS01"]
    beyond = client.get("/api/v1/organizations?per_page=2&page=9").get_json()
    assert beyond["items"] == [] and beyond["total"] == 3
    assert client.get("/api/v1/organizations").get_json()["per_page"] == 20


def test_errors_share_one_shape_in_the_request_language(
    tokens: dict[str, str], client: FlaskClient
) -> None:
    italian = error_of(client.get("/api/v1/organizations/NOPE"), 404)
    english = error_of(client.get("/api/v1/organizations/NOPE?lang=en"), 404)
    assert italian["detail"] != english["detail"]
    assert english["title"] == "Not found"
    error_of(client.get("/api/v1/no-such-thing"), 404)
    not_allowed = client.put("/api/v1/organizations")
    error_of(not_allowed, 405)
    assert "GET" in not_allowed.headers["Allow"]
    bad_json = client.post(
        "/api/v1/partnerships",
        data="{",
        content_type="application/json",
        headers=bearer(tokens["member_a"]),
    )
    assert "json" in error_of(bad_json, 400)["errors"]  # type: ignore[operator]
    missing = client.post(
        "/api/v1/partnerships", json={"from_org": "ORG-A"}, headers=bearer(tokens["member_a"])
    )
    assert set(error_of(missing, 422)["errors"]["json"]) == {  # type: ignore[index]
        "to_org",
        "type",
    }


def test_neo4j_down_is_503_in_the_error_shape() -> None:
    with app_on(f"bolt://127.0.0.1:{free_port()}") as app:
        client = app.test_client()
        for headers in ({}, bearer("wcr_some-token")):
            response = client.get("/api/v1/organizations", headers=headers)
            error_of(response, 503)
            assert response.headers["Retry-After"]


def test_the_api_is_exempt_from_csrf(tokens: dict[str, str], neo4j_uri: str) -> None:
    with app_on(neo4j_uri, WTF_CSRF_ENABLED=True) as app:
        response = app.test_client().post(
            "/api/v1/partnerships",
            headers=bearer(tokens["member_a"]),
            json={"from_org": "ORG-A", "to_org": "ORG-B", "type": "informal"},
        )
    assert response.status_code == 201, response.get_data(as_text=True)


def test_openapi_document_covers_every_api_route(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "Error" in document["components"]["schemas"]
    documented = {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    routes = {
        (re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api-docs.openapi_json"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert routes == documented
    for path, method in documented:
        operation = document["paths"][path][method.lower()]
        assert operation["summary"], (method, path)
        assert "default" in operation["responses"]
