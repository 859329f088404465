"""Audit finding 4: pages and euro amounts are bounded integers; out of range is a 400
(query strings) or a form error (forms) with a clear message, never a 500."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services.bounds import EUROS, PAGE, parse_bounded
from graph.driver import Graph
from tests.consortium_factories import count, load_calls, post_invitation
from tests.factories import RoleUsers, logged_in, login
from tests.test_consortia import _open_fse1, builder_world  # noqa: F401  (the fixture)

HUGE = "400000000000000000"


@pytest.mark.parametrize(
    "path",
    ["/organizzazioni/", "/admin/utenti", "/admin/registro", "/cerca/", "/api/v1/organizations"],
)
@pytest.mark.parametrize("value", [HUGE, "9" * 40, "-1"])
def test_huge_pages_are_a_400_with_a_message(
    users: RoleUsers, app: Flask, path: str, value: str
) -> None:
    client = logged_in(app, "admin")
    response = client.get(f"{path}?page={value}")
    # The JSON API answers every invalid argument with 422 (docs/api.md).
    assert response.status_code == (422 if path.startswith("/api/") else 400), path
    body = response.get_data(as_text=True)
    assert "10.000" in body or "10000" in body  # the message names the limit


@pytest.mark.parametrize("path", ["/notifiche", "/admin/posta"])
@pytest.mark.parametrize("value", [HUGE, "9" * 40, "-1", "due"])
def test_pages_named_pagina_are_bounded_too(
    users: RoleUsers, app: Flask, path: str, value: str
) -> None:
    client = logged_in(app, "admin")
    response = client.get(f"{path}?pagina={value}")
    assert response.status_code == 400, path
    body = response.get_data(as_text=True)
    assert "10.000" in body or "10000" in body
    assert client.get(f"{path}?pagina=2").status_code == 200


def test_the_organisation_profiles_partner_page_is_bounded(
    users: RoleUsers, client: FlaskClient
) -> None:
    login(client, "admin")
    assert client.get(f"/organizzazioni/ORG-A?partner_page={HUGE}").status_code == 400
    assert client.get("/organizzazioni/ORG-A?partner_page=2").status_code == 200


def test_parse_bounded() -> None:
    assert parse_bounded("12", PAGE) == 12
    assert parse_bounded(HUGE, PAGE) is None
    assert parse_bounded("1.250.000", EUROS) == 1_250_000
    assert parse_bounded("9" * 20, EUROS) is None
    assert parse_bounded("9223372036854775807", EUROS) is None


@pytest.mark.usefixtures("builder_world")
@pytest.mark.parametrize("amount", ["9" * 20, "9.223.372.036.854.775.807"])
def test_huge_budget_lines_are_refused_in_the_form(app: Flask, world: Graph, amount: str) -> None:
    lead = logged_in(app, "lead")
    cid = _open_fse1(lead)
    response = post_invitation(lead, cid, "ORG-A", Servizi=amount, Altro=amount)
    assert response.status_code == 200
    assert "10.000.000.000" in response.get_data(as_text=True)
    assert count(world, "MATCH (i:Invitation) RETURN count(i) AS n") == 0


def test_a_huge_call_budget_is_refused_in_the_form(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    load_calls(world)
    client = logged_in(app, "admin")
    response = client.post(
        "/bandi/nuovo",
        data={"code": "BIG1", "title_it": "Grande", "title_en": "Big", "budget_eur": "9" * 20},
    )
    assert response.status_code == 200
    assert "10.000.000.000" in response.get_data(as_text=True)
