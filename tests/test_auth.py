"""Register, log in, log out, change password, remember me, throttling, CSRF."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from graph.driver import Graph
from tests.conftest import app_on
from tests.factories import PASSWORD, RoleUsers, change_password, login, login_from


def _audit_actions(graph: Graph) -> list[tuple[str, str]]:
    return graph.read(
        lambda tx: [
            (r["a"], r["o"])
            for r in tx.run(
                "MATCH (e:AuditEvent) RETURN e.action AS a, e.outcome AS o ORDER BY e.at"
            )
        ]
    )


def test_register_then_login_and_logout(world: Graph, client: FlaskClient) -> None:
    response = client.post(
        "/registrati",
        data={
            "name": "Maria Bianchi",
            "email": "Maria@Example.org",
            "password": "abcdefghij1",
            "confirm": "abcdefghij1",
            "privacy": "y",
        },
    )
    assert response.status_code == 302
    stored = world.read(
        lambda tx: (
            tx.run(
                "MATCH (u:User) RETURN u.email AS e, u.password_hash AS h, u.role AS r, "
                "u.privacy_version AS p"
            )
            .single(strict=True)
            .data()
        )
    )
    assert stored["e"] == "maria@example.org"
    assert stored["h"].startswith("$argon2id$")
    assert stored["r"] == "member" and stored["p"]

    response = client.post(
        "/accedi", data={"email": "maria@example.org", "password": "abcdefghij1"}
    )
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    client.post("/esci")
    assert client.get("/account/").status_code == 302
    actions = _audit_actions(world)
    assert ("register", "ok") in actions and ("login", "ok") in actions
    assert ("logout", "ok") in actions


def test_registration_errors_are_shown_and_input_kept(world: Graph, client: FlaskClient) -> None:
    client.post(
        "/registrati",
        data={
            "name": "A",
            "email": "a@example.org",
            "password": "abcdefghij1",
            "confirm": "abcdefghij1",
            "privacy": "y",
        },
    )
    again = client.post(
        "/registrati",
        data={
            "name": "B",
            "email": "A@example.org",
            "password": "short",
            "confirm": "other",
            "privacy": "y",
        },
    )
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert 'value="A@example.org"' in html  # nothing typed is lost
    assert "compresa tra 10 e 200 caratteri" in html  # WTForms speaks Italian too


def test_duplicate_email_is_refused_without_saying_so(world: Graph, client: FlaskClient) -> None:
    data = {
        "name": "A",
        "email": "a@example.org",
        "password": "abcdefghij1",
        "confirm": "abcdefghij1",
        "privacy": "y",
    }
    client.post("/registrati", data=data)
    again = client.post(
        "/registrati",
        data={**data, "name": "B", "password": "other-secret-1", "confirm": "other-secret-1"},
    )
    assert again.status_code == 302  # the same answer as a new account (audit finding 6)
    assert world.read(
        lambda tx: tx.run("MATCH (u:User) RETURN collect(u.name) AS n").single(strict=True)["n"]
    ) == ["A"]
    assert ("register", "email_taken") in _audit_actions(world)


def test_wrong_password_keeps_the_form(users: RoleUsers, client: FlaskClient) -> None:
    response = client.post("/accedi", data={"email": "admin@test.example", "password": "nope"})
    assert response.status_code == 200
    assert "E-mail o password non corretti" in response.get_data(as_text=True)


def test_session_is_renewed_at_login_and_dead_after_logout(users: RoleUsers, app: Flask) -> None:
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    assert login(client, "member_a") == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        stolen = dict(session)
    client.post("/esci")
    # Replaying the session cookie captured before logout no longer authenticates.
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(stolen)
    assert thief.get("/account/").status_code == 302


def test_remember_me_sets_a_cookie_that_logout_revokes(users: RoleUsers, app: Flask) -> None:
    client = app.test_client()
    login(client, "member_a", remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only
    client.post("/esci")
    revived = app.test_client()
    revived.set_cookie("remember_token", cookie.value)
    assert revived.get("/account/").status_code == 302


def test_password_change_ends_other_sessions(users: RoleUsers, app: Flask) -> None:
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "member_a")
    login(phone, "member_a")
    response = change_password(laptop)
    assert response.status_code == 302
    assert laptop.get("/account/").status_code == 200
    assert phone.get("/account/").status_code == 302
    assert login(app.test_client(), "member_a") == 200  # old password refused
    assert login(app.test_client(), "member_a", password="a brand new secret") == 302


def test_password_change_needs_the_current_password(users: RoleUsers, client: FlaskClient) -> None:
    login(client, "member_a")
    response = change_password(client, "wrong")
    assert "La password attuale non è corretta" in response.get_data(as_text=True)


def test_ten_failures_per_account_then_429(users: RoleUsers, app: Flask) -> None:
    for n in range(10):
        assert login_from(app, f"10.0.0.{n}", "staff@test.example", f"wrong{n}") == 200
    # Even the right password is refused now, from a fresh address.
    assert login_from(app, "10.0.1.1", "staff@test.example", PASSWORD) == 429
    # Another account from another address is unaffected.
    assert login_from(app, "10.0.1.2", "admin@test.example", PASSWORD) == 302


def test_ten_failures_per_address_then_429(users: RoleUsers, app: Flask) -> None:
    for n in range(10):
        login_from(app, "10.9.9.9", f"nobody{n}@test.example", "x")
    assert login_from(app, "10.9.9.9", "admin@test.example", PASSWORD) == 429


def test_csrf_is_enforced_on_forms(users: RoleUsers, neo4j_uri: str) -> None:
    with app_on(neo4j_uri, WTF_CSRF_ENABLED=True) as app:
        client = app.test_client()
        response = client.post(
            "/accedi", data={"email": "admin@test.example", "password": PASSWORD}
        )
        assert response.status_code == 400
        page = client.get("/accedi").get_data(as_text=True)
        assert 'name="csrf_token"' in page


def test_cookie_flags(users: RoleUsers, app: Flask) -> None:
    client = app.test_client()
    response = client.post("/accedi", data={"email": "admin@test.example", "password": PASSWORD})
    set_cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    assert "Secure" not in set_cookie  # plain HTTP here
    secure = app.test_client().post(
        "/accedi",
        data={"email": "admin@test.example", "password": PASSWORD},
        base_url="https://localhost",
    )
    assert "Secure" in secure.headers.get("Set-Cookie", "")


def test_passwords_hashed_before_the_owasp_parameters_are_rehashed_at_login(
    users: RoleUsers, world: Graph, client: FlaskClient
) -> None:
    from argon2 import PasswordHasher

    old = PasswordHasher().hash(PASSWORD)  # argon2-cffi's default: m=65536, t=3, p=4
    assert "m=65536,t=3,p=4" in old
    world.write(
        lambda tx: tx.run(
            "MATCH (u:User {email: 'member_a@test.example'}) SET u.password_hash = $h", h=old
        ).consume()
    )
    assert login(client, "member_a") == 302
    stored = world.read(
        lambda tx: tx.run(
            "MATCH (u:User {email: 'member_a@test.example'}) RETURN u.password_hash AS h"
        ).single(strict=True)["h"]
    )
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored
    client.post("/esci")
    assert login(client, "member_a") == 302
