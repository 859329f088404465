"""Partnership requests: every transition, who may take it (403 otherwise), expiry, ending."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import audit, partnerships
from graph.driver import Graph
from tests.factories import RoleUsers, login

ACTOR = audit.Actor(user_id="u-test", email="test@test.example")


def _rows(graph: Graph, query: str, **params: Any) -> list[dict[str, Any]]:
    return graph.read(lambda tx: [r.data() for r in tx.run(query, **params)])


def _audit_actions(graph: Graph) -> list[str]:
    rows = _rows(
        graph,
        "MATCH (e:AuditEvent) WHERE e.action STARTS WITH 'partnership' "
        "RETURN e.action AS a ORDER BY e.at",
    )
    return [r["a"] for r in rows]


def _request(graph: Graph, from_id: str = "ORG-A", to_id: str = "ORG-B", **kw: Any) -> str:
    return partnerships.request_partnership(
        graph,
        ACTOR,
        from_id=from_id,
        to_id=to_id,
        type_=kw.pop("type_", "joint_project"),
        message=kw.pop("message", "Lavoriamo insieme?"),
        ttl_days=kw.pop("ttl_days", 30),
        **kw,
    )


def _client(app: Flask, key: str) -> FlaskClient:
    client = app.test_client()
    assert login(client, key) == 302
    return client


def test_request_and_accept_create_the_partnership(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    sender = _client(app, "member_a")
    response = sender.post(
        "/partenariati/richiesta/ORG-B",
        data={"from_org": "ORG-A", "type": "formal_agreement", "message": "Un patto per Pinerolo"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    request_id = _rows(world, "MATCH (r:PartnershipRequest) RETURN r.id AS id")[0]["id"]

    receiver = _client(app, "member_b")
    inbox = receiver.get("/partenariati/").get_data(as_text=True)
    assert "Un patto per Pinerolo" in inbox and f'data-request="{request_id}"' in inbox
    answer = receiver.post(f"/partenariati/richieste/{request_id}", data={"action": "accept"})
    assert answer.status_code == 302

    made = _rows(
        world,
        "MATCH (a {id: 'ORG-A'})-[p:PARTNER_OF]->(b {id: 'ORG-B'}) "
        "RETURN p.type AS type, p.source AS source, p.since AS since, "
        "p.until AS until, p.request_id AS request",
    )
    assert len(made) == 1
    assert made[0]["type"] == "formal_agreement" and made[0]["source"] == "platform"
    assert made[0]["since"].to_native() == partnerships.today_in_italy()
    assert made[0]["until"] is None and made[0]["request"] == request_id
    assert _audit_actions(world)[-2:] == ["partnership_requested", "partnership_accepted"]
    # Both sides see it in their history.
    for client in (sender, receiver):
        page = client.get("/partenariati/").get_data(as_text=True)
        assert "status-accepted" in page


def test_decline_and_withdraw(world: Graph) -> None:
    first = _request(world)
    assert partnerships.answer(world, ACTOR, first, "decline") == "declined"
    second = _request(world)  # the pair is free again once the first is closed
    assert partnerships.answer(world, ACTOR, second, "withdraw") == "withdrawn"
    statuses = _rows(
        world,
        "MATCH (r:PartnershipRequest) RETURN r.id AS id, r.status AS s, "
        "r.pending_key AS key ORDER BY r.created_at",
    )
    assert [(r["s"], r["key"]) for r in statuses] == [("declined", None), ("withdrawn", None)]
    assert _rows(world, "MATCH ()-[p:PARTNER_OF]->() RETURN count(p) AS n")[0]["n"] == 0
    assert _audit_actions(world) == [
        "partnership_requested",
        "partnership_declined",
        "partnership_requested",
        "partnership_withdrawn",
    ]
    with pytest.raises(partnerships.PartnershipError) as closed:
        partnerships.answer(world, ACTOR, first, "accept")
    assert closed.value.code == "closed"


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("pending_same", "pending"),
        ("pending_reverse", "pending"),
        ("partners", "partners"),
        ("self", "self"),
        ("missing", "missing"),
    ],
)
def test_refused_requests(world: Graph, setup: str, code: str) -> None:
    target = "ORG-B"
    if setup == "pending_same":
        _request(world)
    elif setup == "pending_reverse":
        _request(world, "ORG-B", "ORG-A")
    elif setup == "partners":
        partnerships.answer(world, ACTOR, _request(world), "accept")
    elif setup == "self":
        target = "ORG-A"
    else:
        target = "ORG-NONE"
    with pytest.raises(partnerships.PartnershipError) as refused:
        _request(world, to_id=target)
    assert refused.value.code == code


def test_wrong_users_are_refused_with_403(users: RoleUsers, app: Flask, world: Graph) -> None:
    request_id = _request(world)
    outsider, sender, receiver = (_client(app, k) for k in ("newcomer", "member_a", "member_b"))
    path = f"/partenariati/richieste/{request_id}"
    assert outsider.post(path, data={"action": "accept"}).status_code == 403
    assert sender.post(path, data={"action": "accept"}).status_code == 403  # not the receiver
    assert receiver.post(path, data={"action": "withdraw"}).status_code == 403  # nor the sender
    assert _client(app, "staff").post(path, data={"action": "accept"}).status_code == 403
    # A member cannot send a request on behalf of an organisation it does not act for.
    forged = sender.post(
        "/partenariati/richiesta/DCS01", data={"from_org": "ORG-B", "type": "informal"}
    )
    assert forged.status_code == 403
    assert sender.get("/partenariati/?org=ORG-B").status_code == 403
    assert _rows(world, "MATCH (r:PartnershipRequest) RETURN r.status AS s") == [{"s": "pending"}]
    denied = _rows(world, "MATCH (e:AuditEvent {action: 'access_denied'}) RETURN count(e) AS n")
    assert denied[0]["n"] == 6


def test_district_lead_acts_for_the_district(users: RoleUsers, app: Flask, world: Graph) -> None:
    lead = _client(app, "lead")
    response = lead.post(
        "/partenariati/richiesta/ORG-A", data={"from_org": "DCS01", "type": "subsidiarity_pact"}
    )
    assert response.status_code == 302
    request_id = _rows(world, "MATCH (r:PartnershipRequest) RETURN r.id AS id")[0]["id"]
    assert (
        _client(app, "member_a")
        .post(f"/partenariati/richieste/{request_id}", data={"action": "accept"})
        .status_code
        == 302
    )
    assert _rows(
        world, "MATCH (:District {code: 'DCS01'})-[p:PARTNER_OF]-({id: 'ORG-A'}) RETURN p.type AS t"
    ) == [{"t": "subsidiarity_pact"}]


def test_expired_requests_cannot_be_answered(world: Graph) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=10)
    request_id = _request(world, ttl_days=7, now=long_ago)
    box = partnerships.inbox(world, "ORG-B")  # expiry applied lazily on read
    assert not box.incoming
    assert [r.request.status for r in box.history] == ["expired"]
    with pytest.raises(partnerships.PartnershipError):
        partnerships.answer(world, ACTOR, request_id, "accept")
    assert "partnership_request_expired" in _audit_actions(world)
    _request(world)  # the pair is free again


def test_expire_command(world: Graph, app: Flask) -> None:
    _request(world, "ORG-A", "DCS01")
    _request(world, ttl_days=1, now=datetime.now(UTC) - timedelta(days=2))
    result = app.test_cli_runner().invoke(args=["partnerships", "expire"])
    assert result.exit_code == 0 and "1 partnership request(s) expired" in result.output
    statuses = sorted(
        r["s"] for r in _rows(world, "MATCH (r:PartnershipRequest) RETURN r.status AS s")
    )
    assert statuses == ["expired", "pending"]


def test_end_a_partnership(users: RoleUsers, app: Flask, world: Graph) -> None:
    partnerships.answer(world, ACTOR, _request(world), "accept")
    pid = _rows(world, "MATCH ()-[p:PARTNER_OF]->() RETURN p.id AS id")[0]["id"]
    outsider = _client(app, "newcomer")
    assert (
        outsider.post(
            f"/partenariati/accordi/{pid}/termina", data={"until": "2030-01-01"}
        ).status_code
        == 403
    )
    member = _client(app, "member_b")
    member.get("/?lang=en")
    early = member.post(
        f"/partenariati/accordi/{pid}/termina", data={"until": "2001-01-01"}, follow_redirects=True
    )
    assert "cannot precede the start" in early.get_data(as_text=True)
    ended = member.post(f"/partenariati/accordi/{pid}/termina", data={"until": "2030-06-30"})
    assert ended.status_code == 302
    until = _rows(world, "MATCH ()-[p:PARTNER_OF]->() RETURN p.until AS u")[0]["u"]
    assert until.to_native() == date(2030, 6, 30)
    with pytest.raises(partnerships.PartnershipError) as again:
        partnerships.end_partnership(world, ACTOR, pid, date(2031, 1, 1))
    assert again.value.code == "ended_before"
    assert _audit_actions(world)[-1] == "partnership_ended"
