"""Access control: every route for every role, and object-level checks."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import policy
from graph.driver import Graph
from tests.consortium_factories import count
from tests.factories import RoleUsers, login, post_status

ROLE_LOGINS = {
    "member": "member_a",
    "district_lead": "lead",
    "staff": "staff",
    "admin": "admin",
}
#: Values for URL parameters: objects that exist, so a permitted request reaches its view.
SAMPLE_ARGS = {
    "org_id": "ORG-A",
    "request_id": "nope",
    "proposal_id": "nope",
    "user_id": "nope",
    "filename": "css/app.css",
    "kind": "organizations",
    "job_id": "nope",
    "district_code": "DCS01",
    "lang": "it",
}
SAMPLE_ARGS |= {"consortium_id": "nope", "invitation_id": "nope", "call_code": "FSE1"}
SAMPLE_ARGS |= {"partnership_id": "nope"}
SAMPLE_ARGS |= {"fmt": "gexf"}
SAMPLE_ARGS |= {"mail_id": "nope", "token": "nope"}


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            continue  # the JSON API takes tokens, not cookies: its own walk is in test_api.py
        args = {name: SAMPLE_ARGS[name] for name in rule.arguments}
        path = rule.build(args)[1]  # type: ignore[index]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, path))
    return routes


def test_every_endpoint_has_an_access_rule(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(e for e in endpoints if policy.rule_for(e) is None)
    assert not missing, f"endpoints without an access rule: {missing}"


def test_endpoint_without_rule_is_refused(users: RoleUsers, app: Flask) -> None:
    @app.route("/unlisted")
    def unlisted() -> str:
        return "should never be served"

    client = app.test_client()
    login(client, "admin")
    assert client.get("/unlisted").status_code == 403


def _client_as(app: Flask, role: str) -> FlaskClient:
    client = app.test_client()
    if role != policy.ANONYMOUS:
        assert login(client, ROLE_LOGINS[role]) == 302
    return client


@pytest.mark.parametrize("role", [policy.ANONYMOUS, *ROLE_LOGINS])
def test_route_walk(role: str, users: RoleUsers, app: Flask) -> None:
    """Every route answers as its rule says: allowed roles get through, others are stopped."""
    failures = []
    reader = _client_as(app, role)
    for endpoint, method, path in _routes(app):
        # Reading pages changes no session, so one login serves every GET; a write may end
        # the session (logging out, erasing the account), so each gets a fresh login.
        client = reader if method == "GET" else _client_as(app, role)
        response = client.open(path, method=method)
        rule = policy.rule_for(endpoint)
        assert rule is not None
        status = response.status_code
        response.close()
        if rule.allows(role):
            ok = status not in (401, 403) and not (
                status == 302 and "/accedi" in response.headers.get("Location", "")
            )
        elif role == policy.ANONYMOUS:
            ok = status == 302 and "/accedi" in response.headers["Location"]
        else:
            ok = status == 403
        if not ok:
            failures.append(f"{role} {method} {path} ({endpoint}) -> {status}")
    assert not failures, "\n".join(failures)


def test_json_clients_get_401_not_a_redirect(users: RoleUsers, client: FlaskClient) -> None:
    response = client.get("/account/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401


def _profile_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Cooperativa Alfa",
        "municipality": "001272",
        "themes": ["proximity_assistance"],
    }
    data.update(changes)
    return data


def test_member_edits_own_organisation(users: RoleUsers, client: FlaskClient, world: Graph) -> None:
    login(client, "member_a")
    response = client.post(
        "/organizzazioni/ORG-A/modifica",
        data=_profile_form(description="Nuova descrizione", tax_code="01234567897"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = world.read(
        lambda tx: (
            tx.run(
                "MATCH (o {id: 'ORG-A'})-[:WORKS_ON]->(t:Theme) "
                "RETURN o.description AS d, o.tax_code AS c, collect(t.code) AS themes"
            )
            .single(strict=True)
            .data()
        )
    )
    assert saved == {
        "d": "Nuova descrizione",
        "c": "01234567897",
        "themes": ["proximity_assistance"],
    }


def test_member_cannot_edit_another_organisation(
    users: RoleUsers, client: FlaskClient, world: Graph
) -> None:
    login(client, "member_a")
    assert client.get("/organizzazioni/ORG-B/modifica").status_code == 403
    response = client.post("/organizzazioni/ORG-B/modifica", data=_profile_form(name="Hijacked"))
    assert response.status_code == 403
    name = world.read(
        lambda tx: tx.run("MATCH (o {id: 'ORG-B'}) RETURN o.name AS n").single(strict=True)["n"]
    )
    assert name == "Beta Servizi srl"
    assert count(world, "MATCH (e:AuditEvent {action: 'access_denied'}) RETURN count(e) AS n") == 2


def test_mass_assignment_is_impossible(users: RoleUsers, client: FlaskClient, world: Graph) -> None:
    login(client, "member_a")
    response = client.post(
        "/organizzazioni/ORG-A/modifica",
        data=_profile_form(
            kind="Foundation", id="ORG-Z", fictional="false", role="admin", owner="x"
        ),
    )
    assert response.status_code == 302
    org = world.read(
        lambda tx: (
            tx.run(
                "MATCH (o:Organization {id: 'ORG-A'}) RETURN o.kind AS kind, labels(o) AS labels, "
                "o.role AS role, o.owner AS owner"
            )
            .single(strict=True)
            .data()
        )
    )
    assert org == {
        "kind": "ThirdSector",
        "labels": ["Organization", "ThirdSector"],
        "role": None,
        "owner": None,
    }
    role = world.read(
        lambda tx: tx.run(
            "MATCH (u:User {email: 'member_a@test.example'}) RETURN u.role AS r"
        ).single(strict=True)["r"]
    )
    assert role == "member"


def test_bad_tax_code_is_refused_with_a_reason(users: RoleUsers, client: FlaskClient) -> None:
    login(client, "member_a")
    response = client.post(
        "/organizzazioni/ORG-A/modifica", data=_profile_form(tax_code="01234567890")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "carattere di controllo" in html
    assert 'value="01234567890"' in html


def test_join_request_decided_by_a_member(users: RoleUsers, app: Flask, world: Graph) -> None:
    newcomer = app.test_client()
    login(newcomer, "newcomer")
    assert newcomer.post("/account/unisciti/ORG-A").status_code == 302
    request_id = world.read(
        lambda tx: tx.run("MATCH (r:JoinRequest) RETURN r.id AS id").single(strict=True)["id"]
    )

    to_a, to_b = (f"/organizzazioni/{org}/richieste/{request_id}" for org in ("ORG-A", "ORG-B"))
    outsider = app.test_client()
    login(outsider, "member_b")
    assert post_status(outsider, to_a, decision="approve") == 403
    # A member of B cannot use B's URL to decide A's request either.
    assert post_status(outsider, to_b, decision="approve") == 404

    member = app.test_client()
    login(member, "member_a")
    assert post_status(member, to_a, decision="approve") == 302
    html = newcomer.get("/account/").get_data(as_text=True)
    assert "Cooperativa Alfa" in html and "/organizzazioni/ORG-A/modifica" in html


def test_proposal_approved_by_admin_creates_the_organisation(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    user = app.test_client()
    login(user, "newcomer")
    response = user.post(
        "/account/proponi",
        data={
            "kind": "SME",
            "name": "Gamma Welfare srl",
            "municipality": "001191",
            "size_class": "micro",
            "tax_code": "01234567897",
            "themes": ["local_governance"],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert (
        count(world, "MATCH (o:Organization {name: 'Gamma Welfare srl'}) RETURN count(o) AS n") == 0
    )
    proposal_id = world.read(
        lambda tx: tx.run("MATCH (p:OrganizationProposal) RETURN p.id AS id").single(strict=True)[
            "id"
        ]
    )

    admin = app.test_client()
    login(admin, "admin")
    decided = admin.post(f"/admin/proposte/{proposal_id}", data={"decision": "approve"})
    assert decided.status_code == 302
    org = world.read(
        lambda tx: (
            tx.run(
                "MATCH (u:User {email: 'newcomer@test.example'})-[:ACTS_FOR]->(o:Organization:SME) "
                "MATCH (o)-[:LOCATED_IN]->(m) RETURN o.name AS name, m.istat AS istat, "
                "o.size_class AS size"
            )
            .single(strict=True)
            .data()
        )
    )
    assert org == {"name": "Gamma Welfare srl", "istat": "001191", "size": "micro"}
    # Deciding twice is refused.
    assert post_status(admin, f"/admin/proposte/{proposal_id}", decision="approve") == 404


def test_admin_changes_roles_and_others_cannot(users: RoleUsers, app: Flask, world: Graph) -> None:
    staff = app.test_client()
    login(staff, "staff")
    assert (
        staff.post(f"/admin/utenti/{users.newcomer}/ruolo", data={"role": "admin"}).status_code
        == 403
    )
    admin = app.test_client()
    login(admin, "admin")
    response = admin.post(
        f"/admin/utenti/{users.newcomer}/ruolo", data={"role": "district_lead", "district": "DCS01"}
    )
    assert response.status_code == 302
    row = world.read(
        lambda tx: (
            tx.run(
                "MATCH (u:User {id: $id}) RETURN u.role AS role, "
                "[(u)-[:LEADS]->(d) | d.code] AS districts",
                id=users.newcomer,
            )
            .single(strict=True)
            .data()
        )
    )
    assert row == {"role": "district_lead", "districts": ["DCS01"]}
    page = admin.get("/admin/registro").get_data(as_text=True)
    assert "role_change" in page and re.search(r"access_denied", page)


def test_no_two_endpoints_share_a_path_and_method(app: Flask) -> None:
    """A second view on the same path and method would never be reached."""
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for rule in app.url_map.iter_rules():
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            key = (rule.rule, method)
            if key in seen and seen[key] != rule.endpoint:
                clashes.append(f"{method} {rule.rule}: {seen[key]} and {rule.endpoint}")
            seen.setdefault(key, rule.endpoint)
    assert not clashes, clashes
