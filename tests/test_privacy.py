"""Data protection: export of a user's data, erasure, consent to the privacy notice."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import get_graph
from app.services import personal_data
from graph.driver import Graph
from tests.conftest import app_on
from tests.factories import PASSWORD, RoleUsers, login

EMAIL = "zebedeo.quintavalle@persona.example"
NAME = "Zebedeo Quintavalle"
ADDRESS = "198.51.100.77"
OTHER_ADDRESS = "198.51.100.78"


def _register_and_login(
    app: Flask, *, email: str = EMAIL, name: str = NAME, address: str = ADDRESS
) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    form = {"name": name, "email": email, "password": PASSWORD, "confirm": PASSWORD, "privacy": "y"}
    assert client.post("/registrati", data=form).status_code == 302
    assert client.post("/accedi", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def _holders(graph: Graph, needle: str) -> list[str]:
    """Every node and relationship property holding ``needle``, as ``label.key`` strings."""

    # Lists too (a throttle's timestamps, a list of names): toString() refuses a list.
    holds = (
        "any(x IN CASE WHEN {v} IS :: LIST<ANY> THEN {v} ELSE [{v}] END "
        "WHERE toStringOrNull(x) CONTAINS $s)"
    )

    def find_tx(tx, s):  # type: ignore[no-untyped-def]
        node, rel = holds.format(v="n[k]"), holds.format(v="r[k]")
        nodes = tx.run(
            f"MATCH (n) WHERE any(k IN keys(n) WHERE {node}) "
            f"RETURN labels(n) AS labels, [k IN keys(n) WHERE {node}] AS keys, "
            "n.action AS action, n.actor_id AS actor_id",
            s=s,
        ).data()
        rels = tx.run(
            f"MATCH ()-[r]->() WHERE any(k IN keys(r) WHERE {rel}) "
            f"RETURN [type(r)] AS labels, [k IN keys(r) WHERE {rel}] AS keys, "
            "null AS action, null AS actor_id",
            s=s,
        ).data()
        return nodes + rels

    return [
        f"{':'.join(r['labels'])}.{','.join(r['keys'])} {r['action']} {r['actor_id']}"
        for r in graph.read(find_tx, s=needle)
    ]


@pytest.fixture
def person(users: RoleUsers, app: Flask) -> Iterator[FlaskClient]:
    """A registered, logged-in person with a join request, a proposal and a failed login."""
    client = _register_and_login(app)
    with app.app_context():  # the address is confirmed (its link), so the person may join
        from app.services import tokens

        link = tokens.make(
            app.config["SECRET_KEY"], tokens.VERIFY, {"uid": _user_id(get_graph()), "email": EMAIL}
        )
    assert client.get(f"/email/conferma/{link}").status_code == 302
    assert client.post("/account/unisciti/ORG-B").status_code == 302
    with app.app_context():
        from app.services import audit
        from app.services.accounts import get_user, normalise_email

        graph = get_graph()
        # A failed login of theirs, earlier, from another address.
        audit.record(
            graph,
            audit.Actor(email=normalise_email(EMAIL), address=OTHER_ADDRESS),
            "login",
            outcome="failed",
        )
        assert get_user(graph, _user_id(graph)) is not None
    yield client


def _user_id(graph: Graph) -> str:
    def tx(t):  # type: ignore[no-untyped-def]
        return t.run("MATCH (u:User {email: $e}) RETURN u.id AS id", e=EMAIL).single()["id"]

    return str(graph.read(tx))


def test_export_holds_the_users_data_and_nothing_of_others(person: FlaskClient) -> None:
    response = person.get("/account/dati.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["user"]["email"] == EMAIL and data["user"]["name"] == NAME
    assert "password_hash" not in data["user"]
    assert data["user"]["privacy_version"] == personal_data.CURRENT_VERSION
    assert data["user"]["privacy_accepted_at"]
    assert [s["address"] for s in data["sessions"]] == [ADDRESS]
    assert "token" not in data["sessions"][0]
    assert [j["organization"] for j in data["join_requests"]] == ["ORG-B"]
    actions = {e["action"] for e in data["audit_events"]}
    assert {"register", "login"} <= actions
    assert OTHER_ADDRESS in {e.get("address") for e in data["audit_events"]}
    text = response.get_data(as_text=True)
    for other in (
        "member_a@test.example",
        "member_b@test.example",
        "admin@test.example",
        "Member_A",
        "$argon2",
    ):
        assert other not in text


def test_export_of_a_member_lists_their_organisations(
    users: RoleUsers, client: FlaskClient
) -> None:
    login(client, "member_a")
    data = json.loads(client.get("/account/dati.json").data)
    assert [o["id"] for o in data["organizations"]] == ["ORG-A"]
    assert data["districts"] == []


def test_erasure_leaves_nothing_that_identifies_the_person(person: FlaskClient, app: Flask) -> None:
    with app.app_context():
        graph = get_graph()
        user_id = _user_id(graph)
    assert person.get("/account/dati").status_code == 200
    response = person.post("/account/dati/cancella", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    alias = personal_data.pseudonym(app.config["SECRET_KEY"], user_id)
    with app.app_context():
        graph = get_graph()
        for needle in (EMAIL, NAME, ADDRESS, OTHER_ADDRESS, user_id, "Zebedeo", "quintavalle"):
            assert _holders(graph, needle) == [], needle
        # Audit entries remain, linked by the pseudonym only.
        events = [h for h in _holders(graph, alias) if h.startswith("AuditEvent")]
        assert len(events) >= 4
        assert all(f" {alias}" in h for h in events)
        # Sessions are gone, the pending join request withdrawn.
        assert (
            graph.read(
                lambda tx: tx.run(
                    "MATCH (s:UserSession) WHERE s.address = $a RETURN count(s) AS n", a=ADDRESS
                ).single()["n"]
            )
            == 0
        )
        assert (
            graph.read(
                lambda tx: tx.run("MATCH (j:JoinRequest) RETURN count(j) AS n").single()["n"]
            )
            == 0
        )
    # The old session cookie no longer works, and the person cannot log in again.
    assert person.get("/account/").status_code == 302
    again = app.test_client()
    assert again.post("/accedi", data={"email": EMAIL, "password": PASSWORD}).status_code == 200


def test_erasure_needs_the_password(person: FlaskClient, app: Flask) -> None:
    response = person.post(
        "/account/dati/cancella", data={"password": "not the password", "confirm": "y"}
    )
    assert response.status_code == 400
    assert person.get("/account/").status_code == 200
    with app.app_context():
        assert _holders(get_graph(), NAME)


def test_erasure_rewrites_references_to_the_user(users: RoleUsers, app: Flask) -> None:
    """Properties of other nodes holding the user's id or e-mail follow the pseudonym."""
    with app.app_context():
        graph = get_graph()
        graph.write(
            lambda tx: tx.run(
                "CREATE (:Consortium {id: 'C1', created_by: $u}), "
                "(:RuleSet {created_by: $u, created_by_email: 'member_b@test.example'})",
                u=users.member_b,
            ).consume()
        )
    client = app.test_client()
    login(client, "member_b")
    assert (
        client.post(
            "/account/dati/cancella", data={"password": PASSWORD, "confirm": "y"}
        ).status_code
        == 302
    )
    alias = personal_data.pseudonym(app.config["SECRET_KEY"], users.member_b)
    with app.app_context():
        graph = get_graph()
        assert _holders(graph, users.member_b) == []
        assert _holders(graph, "member_b@test.example") == []
        row = graph.read(
            lambda tx: (
                tx.run("MATCH (c:Consortium {id: 'C1'}) RETURN c.created_by AS by").single().data()
            )
        )
        assert row["by"] == alias
        # The tombstone: same pseudonym, no personal property, inactive, not acting for ORG-B.
        tomb = graph.read(
            lambda tx: (
                tx.run(
                    "MATCH (u:User {id: $a}) "
                    "RETURN u {.*} AS u, EXISTS { (u)-[:ACTS_FOR]->() } AS acts",
                    a=alias,
                )
                .single()
                .data()
            )
        )
        assert set(tomb["u"]) == {"id", "role", "active", "erased_at"}
        assert tomb["u"]["active"] is False and not tomb["acts"]


@pytest.fixture
def consent_app(neo4j_uri: str) -> Iterator[Flask]:
    with app_on(neo4j_uri, PRIVACY_CONSENT_CHECK=True) as application:
        yield application


def test_registration_records_consent_and_no_question(users: RoleUsers, consent_app: Flask) -> None:
    client = _register_and_login(consent_app)
    assert client.get("/account/").status_code == 200


def test_new_notice_version_asks_for_consent(
    users: RoleUsers, consent_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _register_and_login(consent_app)
    monkeypatch.setattr(personal_data, "CURRENT_VERSION", "2099-01")
    response = client.get("/consorzi/")
    assert response.status_code == 302
    assert "/account/privacy" in response.headers["Location"]
    # Exempt: the notice, the data export, logout's form target stays reachable.
    assert client.get("/privacy").status_code == 200
    assert client.get("/account/dati.json").status_code == 200
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and b"2099-01" in page.data
    # Submitting without ticking the box changes nothing.
    assert client.post("/account/privacy", data={}).status_code == 200
    assert client.get("/consorzi/").status_code == 302
    accepted = client.post("/account/privacy?next=/consorzi/", data={"accept": "y"})
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/consorzi/")
    assert client.get("/consorzi/").status_code == 200
    with consent_app.app_context():
        graph = get_graph()
        row = graph.read(
            lambda tx: (
                tx.run(
                    "MATCH (u:User {email: $e}) RETURN u.privacy_version AS v, "
                    "u.privacy_accepted_at IS NOT NULL AS at",
                    e=EMAIL,
                )
                .single()
                .data()
            )
        )
    assert row == {"v": "2099-01", "at": True}


def test_users_without_a_recorded_consent_are_asked(users: RoleUsers, consent_app: Flask) -> None:
    client = consent_app.test_client()
    login(client, "member_a")
    assert "/account/privacy" in client.get("/account/").headers["Location"]
    assert client.post("/esci").status_code == 302


def test_privacy_notice_is_public_and_linked(users: RoleUsers, client: FlaskClient) -> None:
    page = client.get("/privacy")
    assert page.status_code == 200
    assert b"2016/679" in page.data
    assert b'href="/privacy"' in client.get("/").data
    assert b'href="/privacy"' in client.get("/registrati").data
