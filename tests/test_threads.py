"""Message threads on partnership requests and consortium invitations: both sides read and
write while open, the other side is notified, administrators read, nobody else."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import partnerships
from app.services.audit import Actor
from app.services.threads import MAX_BODY
from graph.driver import Graph
from tests.conftest import app_on
from tests.consortium_factories import add_organizations, count, load_calls
from tests.factories import RoleUsers, login


def _client(app: Flask, key: str) -> FlaskClient:
    client = app.test_client()
    assert login(client, key) == 302
    return client


@pytest.fixture
def request_id(users: RoleUsers, world: Graph) -> str:
    return partnerships.request_partnership(
        world,
        Actor(users.member_a),
        from_id="ORG-A",
        to_id="ORG-B",
        type_="informal",
        message="Prima riga della richiesta",
        ttl_days=30,
    )


def _messages(graph: Graph) -> int:
    return count(graph, "MATCH (m:Message) RETURN count(m)")


def test_both_sides_talk_and_the_other_side_is_notified(
    users: RoleUsers, app: Flask, world: Graph, request_id: str
) -> None:
    path = f"/partenariati/richieste/{request_id}/messaggi"
    alfa, beta = _client(app, "member_a"), _client(app, "member_b")
    assert "Prima riga della richiesta" in alfa.get(path).get_data(as_text=True)
    sent = alfa.post(path, data={"body": "<script>alert(1)</script>\nSeconda riga"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(path)
    page = beta.get(path).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "Cooperativa Alfa" in page and "Member_A" in page
    notified = (
        "MATCH (n:Notification {kind: 'message_received'})-[:FOR]->(:User {id: $id}) "
        "RETURN count(n)"
    )
    assert count(world, notified, id=users.member_b) == 1
    assert count(world, notified, id=users.member_a) == 0
    assert beta.post(path, data={"body": "Volentieri."}).status_code == 302
    assert count(world, notified, id=users.member_a) == 1
    assert _messages(world) == 2
    # The inbox links to the conversation.
    assert path in beta.get("/partenariati/?org=ORG-B").get_data(as_text=True)


def test_only_the_two_sides_and_administrators_read(
    users: RoleUsers, app: Flask, world: Graph, request_id: str
) -> None:
    path = f"/partenariati/richieste/{request_id}/messaggi"
    for outsider in ("newcomer", "lead", "staff"):
        client = _client(app, outsider)
        assert client.get(path).status_code == 403, outsider
        assert client.post(path, data={"body": "Intrusione"}).status_code == 403, outsider
    assert app.test_client().get(path).status_code == 302  # anonymous: log in first
    admin = _client(app, "admin")
    assert admin.get(path).status_code == 200
    assert admin.post(path, data={"body": "Da amministratore"}).status_code == 403
    assert _messages(world) == 0
    assert _client(app, "member_a").get("/partenariati/richieste/nope/messaggi").status_code == 404


def test_limits_and_a_closed_request(
    users: RoleUsers, app: Flask, world: Graph, request_id: str
) -> None:
    path = f"/partenariati/richieste/{request_id}/messaggi"
    alfa = _client(app, "member_a")
    alfa.post(path, data={"body": "x" * (MAX_BODY + 1)})
    alfa.post(path, data={"body": "   "})
    assert _messages(world) == 0
    assert alfa.post(path, data={"body": "x" * MAX_BODY}).status_code == 302
    assert _messages(world) == 1
    partnerships.answer(world, Actor(users.member_b), request_id, "decline")
    alfa.post(path, data={"body": "Peccato"})
    assert _messages(world) == 1
    page = alfa.get(path).get_data(as_text=True)
    assert 'id="thread-form"' not in page and "x" * MAX_BODY in page


def test_messages_need_the_csrf_token(
    users: RoleUsers, neo4j_uri: str, world: Graph, request_id: str
) -> None:
    with app_on(neo4j_uri, WTF_CSRF_ENABLED=True) as app:
        client = app.test_client()
        page = client.get("/accedi").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/accedi",
            data={
                "email": "member_a@test.example",
                "password": "correct horse battery",
                "csrf_token": token,
            },
        )
        path = f"/partenariati/richieste/{request_id}/messaggi"
        assert client.post(path, data={"body": "Senza token"}).status_code == 400
        assert _messages(world) == 0


def test_invitation_thread(users: RoleUsers, app: Flask, world: Graph) -> None:
    load_calls(world)
    add_organizations(world)
    lead = _client(app, "lead")
    created = lead.post(
        "/consorzi/nuovo", data={"call": "FSE1", "lead": "DCS01", "title": "Welfare di prossimità"}
    )
    cid = created.headers["Location"].rsplit("/", 1)[1]
    assert (
        lead.post(
            f"/consorzi/{cid}/invita", data={"org_id": "ORG-A", "role": "partner"}
        ).status_code
        == 302
    )
    invitation = str(
        world.read(
            lambda tx: tx.run(
                "MATCH (i:Invitation)-[:TO]->(:Organization {id: 'ORG-A'}) RETURN i.id"
            ).single(strict=True)[0]
        )
    )
    path = f"/consorzi/inviti/{invitation}/messaggi"
    alfa = _client(app, "member_a")
    assert path in alfa.get("/consorzi/").get_data(as_text=True)
    assert alfa.post(path, data={"body": "Quale budget è previsto?"}).status_code == 302
    assert "Quale budget è previsto?" in lead.get(path).get_data(as_text=True)
    assert (
        count(
            world,
            "MATCH (n:Notification {kind: 'message_received'})-[:FOR]->"
            "(:User {id: $id}) RETURN count(n)",
            id=users.lead,
        )
        == 1
    )
    assert lead.post(path, data={"body": "Ventimila euro."}).status_code == 302
    assert (
        count(
            world,
            "MATCH (n:Notification {kind: 'message_received'})-[:FOR]->"
            "(:User {id: $id}) RETURN count(n)",
            id=users.member_a,
        )
        == 1
    )
    outsider = _client(app, "member_b")
    assert outsider.get(path).status_code == 403
    assert outsider.post(path, data={"body": "Intrusione"}).status_code == 403
    assert count(world, "MATCH (m:Message) RETURN count(m)") == 2
