"""Audit finding 7: hostile JSON bodies get a 4xx in the API's error shape, never a 500
(100,000-deep nesting, a 5,000-digit integer, a lone surrogate passed on to the driver)."""

from __future__ import annotations

import pytest
from flask import Flask

from graph.driver import Graph
from tests.factories import RoleUsers, make_api_token

BODIES = {
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "deep_object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "big_integer": b'{"from_org": "ORG-A", "to_org": ' + b"9" * 5000 + b', "type": "informal"}',
    "surrogate": b'{"from_org": "ORG-A", "to_org": "ORG-B", "type": "informal", '
    b'"message": "\\ud800"}',
    "surrogate_key": b'{"\\udfff": 1, "from_org": "ORG-A", "to_org": "ORG-B", "type": "informal"}',
    "nan": b'{"from_org": "ORG-A", "to_org": "ORG-B", "type": "informal", "message": NaN}',
}


@pytest.mark.parametrize("name", sorted(BODIES))
def test_hostile_json_is_refused_cleanly(
    users: RoleUsers, app: Flask, world: Graph, name: str
) -> None:
    token = make_api_token(world, users.member_a)
    client = app.test_client()
    for path in ("/api/v1/partnerships", "/api/v1/organizations/ORG-A/recommendations/dismissed"):
        response = client.post(
            path,
            data=BODIES[name],
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code in (400, 422), (path, response.get_data(as_text=True))
        assert response.get_json()["error"]["status"] == response.status_code
    assert (
        world.read(
            lambda tx: tx.run("MATCH (r:PartnershipRequest) RETURN count(r) AS n").single(
                strict=True
            )["n"]
        )
        == 0
    )


def test_a_plain_request_still_works(users: RoleUsers, app: Flask, world: Graph) -> None:
    token = make_api_token(world, users.member_a)
    response = app.test_client().post(
        "/api/v1/partnerships",
        json={"from_org": "ORG-A", "to_org": "ORG-B", "type": "informal", "message": "Ciao è 😀"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
