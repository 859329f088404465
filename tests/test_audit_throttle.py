"""Audit findings 2, 6 and 12: throttling counted atomically in Neo4j, for logins in
parallel, password checks on /password and /account/dati/cancella, and registrations;
registration does not tell whether an address has an account."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from graph.driver import Graph
from tests.factories import PASSWORD, RoleUsers, change_password, login, login_from


def _failed_logins(graph: Graph) -> int:
    return graph.read(
        lambda tx: tx.run(
            "MATCH (e:AuditEvent {action: 'login', outcome: 'failed'}) RETURN count(e) AS n"
        ).single(strict=True)["n"]
    )


def test_parallel_wrong_passwords_are_throttled(users: RoleUsers, app: Flask, world: Graph) -> None:
    """40 wrong passwords at once for one account: at most 10 are checked."""

    def attempt(n: int) -> int:
        return login_from(app, f"10.1.{n // 200}.{n % 200}", "staff@test.example", f"wrong{n}")

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(attempt, range(40)))
    assert codes.count(429) == 30, codes
    assert codes.count(200) == 10
    assert _failed_logins(world) == 10


def test_a_right_password_does_not_use_up_the_allowance(users: RoleUsers, app: Flask) -> None:
    for _ in range(12):
        client = app.test_client()
        assert login(client, "admin") == 302
        client.post("/esci")


def test_password_change_guesses_are_throttled(users: RoleUsers, app: Flask) -> None:
    client = app.test_client()
    login(client, "member_a")
    for n in range(10):
        response = change_password(client, f"guess{n}")
        assert response.status_code == 200
    response = change_password(client)
    assert response.status_code == 429
    assert login(app.test_client(), "member_a", password="a brand new secret") != 302


def test_erasure_password_guesses_are_throttled(users: RoleUsers, app: Flask, world: Graph) -> None:
    client = app.test_client()
    login(client, "member_a")
    for n in range(10):
        response = client.post(
            "/account/dati/cancella", data={"password": f"guess{n}", "confirm": "y"}
        )
        assert response.status_code == 400
    response = client.post("/account/dati/cancella", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 429
    assert (
        world.read(
            lambda tx: tx.run(
                "MATCH (u:User {id: $id}) RETURN u.email AS e", id=users.member_a
            ).single(strict=True)["e"]
        )
        == "member_a@test.example"
    )


def _register(app: Flask, email: str, address: str = "10.7.7.7") -> tuple[int, str]:
    client = app.test_client()
    response = client.post(
        "/registrati",
        data={
            "name": "Maria Bianchi",
            "email": email,
            "password": "abcdefghij1",
            "confirm": "abcdefghij1",
            "privacy": "y",
        },
        environ_base={"REMOTE_ADDR": address},
        follow_redirects=True,
    )
    return response.status_code, response.get_data(as_text=True)


def test_registration_does_not_reveal_an_existing_account(users: RoleUsers, app: Flask) -> None:
    fresh = _register(app, "someone.new@test.example")
    taken = _register(app, "member_a@test.example")
    assert fresh[0] == taken[0] == 200
    assert "already" not in taken[1] and "esiste già" not in taken[1]
    strip = "someone.new@test.example"
    assert fresh[1].replace(strip, "") == taken[1].replace("member_a@test.example", "")


def test_registrations_are_throttled_per_address(world: Graph, app: Flask) -> None:
    for n in range(10):
        assert _register(app, f"person{n}@test.example")[0] == 200
    assert _register(app, "person10@test.example")[0] == 429
    assert _register(app, "person11@test.example", address="10.8.8.8")[0] == 200
