"""Password reset by e-mail, end to end through a real SMTP server; the same answer for an
unknown address; a link works once and for one hour; asks are rationed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app.services import tokens
from graph.driver import Graph
from tests.factories import PASSWORD, RoleUsers, login
from tests.mail_fixtures import SmtpServer, html_of, text_of

NEW_PASSWORD = "a brand new passphrase"


def _link(text: str) -> str:
    match = re.search(r"https?://[^/\s]+(/password/nuova/[^\s<\"]+)", text)
    assert match, text
    return match.group(1)


def _ask(app: Flask, email: str) -> Any:
    return app.test_client().post("/password/dimenticata", data={"email": email})


def test_password_reset_end_to_end(
    users: RoleUsers, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Callable[..., Any]
) -> None:
    asked = _ask(mail_app, "Member_A@test.example")
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/accedi")
    assert deliver_pending().sent == 1
    (mail,) = smtp_server.wait_for(1)
    assert str(mail["To"]) == "member_a@test.example"
    path = _link(text_of(mail))
    assert path == _link(html_of(mail))

    client = mail_app.test_client()
    page = client.get(path)
    assert page.status_code == 200 and "member_a@test.example" in page.get_data(as_text=True)
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/accedi")

    assert login(mail_app.test_client(), "member_a", NEW_PASSWORD) == 302
    assert login(mail_app.test_client(), "member_a", PASSWORD) == 200  # the old one is refused
    # The link works once.
    assert client.get(path).status_code == 400
    again = client.post(
        path, data={"password": "yet another passphrase", "confirm": "yet another passphrase"}
    )
    assert again.status_code == 400
    assert login(mail_app.test_client(), "member_a", NEW_PASSWORD) == 302


def test_reset_ends_the_sessions_of_the_account(
    users: RoleUsers, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Callable[..., Any]
) -> None:
    logged_in = mail_app.test_client()
    assert login(logged_in, "member_b") == 302
    assert logged_in.get("/account/").status_code == 200
    _ask(mail_app, "member_b@test.example")
    deliver_pending()
    path = _link(text_of(smtp_server.wait_for(1)[0]))
    mail_app.test_client().post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert logged_in.get("/account/").status_code == 302  # sent to log in again


def test_unknown_address_gets_the_same_answer_and_no_mail(
    users: RoleUsers, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Callable[..., Any]
) -> None:
    client = mail_app.test_client()
    known = client.post(
        "/password/dimenticata", data={"email": "member_a@test.example"}, follow_redirects=True
    )
    unknown = client.post(
        "/password/dimenticata", data={"email": "nobody@test.example"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200

    def flash(response: Any) -> list[str]:
        return re.findall(
            r'class="[^"]*\bflash\b[^"]*"[^>]*>([^<]+)<', response.get_data(as_text=True)
        )

    assert flash(known) == flash(unknown) and flash(known)
    assert deliver_pending().sent == 1
    assert [str(m["To"]) for m in smtp_server.wait_for(1)] == ["member_a@test.example"]


def test_an_expired_link_is_refused(users: RoleUsers, mail_app: Flask, world: Graph) -> None:
    class _HourAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 3601

    state = world.read(
        lambda tx: tx.run(
            "MATCH (u:User {id: $id}) RETURN u.password_hash AS h", id=users.member_a
        ).single(strict=True)["h"]
    )
    payload = {"uid": users.member_a, "ph": tokens.fingerprint(state)}
    secret = mail_app.config["SECRET_KEY"]
    old = URLSafeTimedSerializer(secret, salt=tokens.RESET, signer=_HourAgo).dumps(payload)
    fresh = tokens.make(secret, tokens.RESET, payload)
    client = mail_app.test_client()
    assert client.get(f"/password/nuova/{fresh}").status_code == 200  # the same, but young
    assert client.get(f"/password/nuova/{old}").status_code == 400
    refused = client.post(
        f"/password/nuova/{old}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert refused.status_code == 400
    assert login(mail_app.test_client(), "member_a", PASSWORD) == 302
    # A link signed for another purpose (address confirmation) is no reset link.
    other = tokens.make(secret, tokens.VERIFY, payload)
    assert client.get(f"/password/nuova/{other}").status_code == 400


def test_asks_are_rationed_per_address(users: RoleUsers, app: Flask) -> None:
    for _ in range(5):
        assert _ask(app, "member_a@test.example").status_code == 302
    assert _ask(app, "member_a@test.example").status_code == 429
    # Unknown addresses are rationed alike (the answer must not tell them apart).
    for _ in range(5):
        assert _ask(app, "ghost@test.example").status_code == 302
    assert _ask(app, "ghost@test.example").status_code == 429
    # Another address from the same client still gets through (20 an hour per client).
    assert _ask(app, "member_b@test.example").status_code == 302
