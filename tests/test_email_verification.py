"""E-mail addresses are confirmed at registration and when they change; until then an
account may read but not ask to act for an organisation. Older accounts count as confirmed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask

from app.services import tokens
from graph.driver import Graph
from tests.factories import PASSWORD, RoleUsers, login
from tests.mail_fixtures import SmtpServer, text_of


def _verify_path(text: str) -> str:
    match = re.search(r"https?://[^/\s]+(/email/conferma/[^\s<\"]+)", text)
    assert match, text
    return match.group(1)


def _join_requests(graph: Graph) -> int:
    return int(
        graph.read(
            lambda tx: tx.run("MATCH (r:JoinRequest) RETURN count(r)").single(strict=True)[0]
        )
    )


def register(client: Any, email: str, name: str = "Nuova Persona", next_: str = "") -> Any:
    return client.post(
        "/registrati" + (f"?next={next_}" if next_ else ""),
        data={
            "name": name,
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "privacy": "y",
        },
    )


def test_registration_sends_a_link_and_unconfirmed_accounts_cannot_join(
    users: RoleUsers,
    mail_app: Flask,
    smtp_server: SmtpServer,
    world: Graph,
    deliver_pending: Callable[..., Any],
) -> None:
    client = mail_app.test_client()
    assert register(client, "Nuova@Test.example").status_code == 302
    assert deliver_pending().sent == 1
    (mail,) = smtp_server.wait_for(1)
    assert str(mail["To"]) == "nuova@test.example"
    path = _verify_path(text_of(mail))

    assert login(client, "nuova") == 302  # an unconfirmed account logs in and reads
    page = client.get("/account/").get_data(as_text=True)
    assert 'id="email-unverified"' in page
    refused = client.post("/account/unisciti/ORG-A")
    assert refused.status_code == 302 and _join_requests(world) == 0
    assert client.post("/account/proponi", data={"kind": "SME"}).status_code == 302

    # The link works without logging in (another browser, say).
    confirmed = mail_app.test_client().get(path)
    assert confirmed.status_code == 302
    assert 'id="email-unverified"' not in client.get("/account/").get_data(as_text=True)
    assert client.post("/account/unisciti/ORG-A").status_code == 302
    assert _join_requests(world) == 1


def test_existing_accounts_count_as_confirmed(users: RoleUsers, client: Any, world: Graph) -> None:
    login(client, "newcomer")
    assert 'id="email-unverified"' not in client.get("/account/").get_data(as_text=True)
    client.post("/account/unisciti/ORG-A")
    assert _join_requests(world) == 1


def test_a_changed_address_takes_over_once_confirmed(
    users: RoleUsers, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Callable[..., Any]
) -> None:
    client = mail_app.test_client()
    assert login(client, "member_a") == 302
    wrong = client.post(
        "/account/indirizzo", data={"email": "anna@alfa.example", "current": "not the password"}
    )
    assert wrong.status_code == 200
    taken = client.post(
        "/account/indirizzo", data={"email": "member_b@test.example", "current": PASSWORD}
    )
    assert taken.status_code == 200
    assert (
        client.post(
            "/account/indirizzo", data={"email": "Anna@Alfa.example", "current": PASSWORD}
        ).status_code
        == 302
    )
    assert deliver_pending().sent == 1
    (mail,) = smtp_server.wait_for(1)
    assert str(mail["To"]) == "anna@alfa.example"
    # Until the link is followed the old address is the one that logs in.
    assert "anna@alfa.example" in client.get("/account/").get_data(as_text=True)
    assert login(mail_app.test_client(), "member_a") == 302
    path = _verify_path(text_of(mail))
    assert mail_app.test_client().get(path).status_code == 302
    assert login(mail_app.test_client(), "member_a") == 200  # the old address is gone
    new = mail_app.test_client().post(
        "/accedi", data={"email": "anna@alfa.example", "password": PASSWORD}
    )
    assert new.status_code == 302
    # Following it again is harmless: the address is already the account's, confirmed.
    assert mail_app.test_client().get(path).status_code == 302
    assert login(mail_app.test_client(), "member_a") == 200


def test_a_forged_or_foreign_link_is_refused(users: RoleUsers, client: Any) -> None:
    forged = tokens.make(
        "another secret", tokens.VERIFY, {"uid": users.member_a, "email": "member_a@test.example"}
    )
    assert client.get(f"/email/conferma/{forged}").status_code == 400
    assert client.get("/email/conferma/nonsense").status_code == 400


def test_erasure_leaves_no_pending_address_behind(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    for key, new in (("member_a", "anna@alfa.example"), ("member_b", "bruno@beta.example")):
        app.test_client().post("/password/dimenticata", data={"email": f"{key}@test.example"})
        client = app.test_client()
        assert login(client, key) == 302
        assert (
            client.post("/account/indirizzo", data={"email": new, "current": PASSWORD}).status_code
            == 302
        )
        erased = client.post("/account/dati/cancella", data={"password": PASSWORD, "confirm": "y"})
        assert erased.status_code == 302  # the second erasure too (no key left to collide)
        for needle in (new, f"{key}@test.example"):
            left = world.read(
                lambda tx, s=needle: tx.run(
                    "MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: STRING "
                    "AND n[k] CONTAINS $s) RETURN labels(n)[0] AS label",
                    s=s,
                ).value("label")
            )
            assert left == [], (needle, left)
