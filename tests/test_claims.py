"""Organisations nobody acts for: a request or invitation reaches their contact address
with a claim link; the claimant registers, confirms, claims; an administrator approves
from one queue; the new member finds the invitation waiting and accepts it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import accounts
from graph.driver import Graph
from tests.conftest import app_on
from tests.consortium_factories import add_organizations, count, load_calls
from tests.factories import PASSWORD, RoleUsers, logged_in, post_status
from tests.mail_fixtures import SmtpServer, text_of
from tests.test_email_verification import register

CONTACT = "info@gamma.example"


@pytest.fixture
def claim_world(users: RoleUsers, world: Graph) -> RoleUsers:
    """The builder's world; Associazione Gamma (ORG-C) has a contact address and nobody
    acting for it; Beta (ORG-B, acted for by member_b) has one too."""
    load_calls(world)
    add_organizations(world)
    world.write(
        lambda tx: tx.run(
            "MATCH (c:Organization {id: 'ORG-C'}), (b:Organization {id: 'ORG-B'}) "
            "SET c.email = $contact, b.email = 'info@beta.example'",
            contact=CONTACT,
        ).consume()
    )
    return users


def _path(pattern: str, text: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r"[^\s<\"]+)", text)
    assert match, text
    return match.group(1)


def _open_consortium(lead: FlaskClient) -> str:
    response = lead.post(
        "/consorzi/nuovo", data={"call": "FSE1", "lead": "DCS01", "title": "Welfare di prossimità"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def test_invitation_claim_approval_and_the_new_member_accepts(
    claim_world: RoleUsers,
    mail_app: Flask,
    smtp_server: SmtpServer,
    world: Graph,
    deliver_pending: Callable[..., Any],
) -> None:
    lead = logged_in(mail_app, "lead")
    cid = _open_consortium(lead)
    assert (
        lead.post(
            f"/consorzi/{cid}/invita", data={"org_id": "ORG-C", "role": "partner"}
        ).status_code
        == 302
    )
    deliver_pending()
    claim_mails = smtp_server.to(CONTACT)
    assert len(claim_mails) == 1
    body = text_of(claim_mails[0])
    assert "Associazione Gamma" in body and "Welfare di prossimità" in body
    claim_path = _path("/rivendica/", body)

    # The claimant has no account yet: the link offers to log in or register.
    person = mail_app.test_client()
    page = person.get(claim_path).get_data(as_text=True)
    assert "Associazione Gamma" in page and "/registrati?next=" in page
    registered = register(person, "anna@posta.example", "Anna Gamma", next_=claim_path)
    assert registered.status_code == 302 and "next=" in registered.headers["Location"]
    smtp_server.clear()
    deliver_pending()
    verify_path = _path("/email/conferma/", text_of(smtp_server.wait_for(1)[0]))
    back = person.post(
        "/accedi?next=" + claim_path, data={"email": "anna@posta.example", "password": PASSWORD}
    )
    assert back.headers["Location"] == claim_path

    # Unconfirmed: the claim is refused until the address is confirmed.
    person.post(claim_path)
    assert count(world, "MATCH (r:JoinRequest) RETURN count(r)") == 0
    assert person.get(verify_path).status_code == 302
    assert person.post(claim_path).status_code == 302
    assert (
        count(
            world,
            "MATCH (r:JoinRequest {claim: true, status: 'pending'})-[:TO]->"
            "(:Organization {id: 'ORG-C'}) RETURN count(r)",
        )
        == 1
    )
    assert (
        count(
            world,
            "MATCH (n:Notification {kind: 'claim_received'})-[:FOR]->"
            "(:User {id: $id}) RETURN count(n)",
            id=claim_world.admin,
        )
        == 1
    )
    # Until approved the claimant does not act for the organisation.
    assert (
        person.post(f"/consorzi/inviti/{_invitation(world)}", data={"answer": "accept"}).status_code
        == 403
    )

    admin = logged_in(mail_app, "admin")
    assert "/admin/richieste" in admin.get("/admin/").get_data(as_text=True)
    queue = admin.get("/admin/richieste").get_data(as_text=True)
    request_id = re.search(r'data-request="([^"]+)" data-claim="yes"', queue)
    assert request_id and "Associazione Gamma" in queue and CONTACT in queue
    assert post_status(admin, f"/admin/richieste/{request_id.group(1)}", decision="approve") == 302
    assert (
        post_status(admin, f"/admin/richieste/{request_id.group(1)}", decision="approve") == 404
    )  # decided once

    # The new member finds the invitation waiting and accepts it.
    waiting = person.get("/consorzi/").get_data(as_text=True)
    invitation = _invitation(world)
    assert f'data-invitation="{invitation}"' in waiting
    accepted = person.post(f"/consorzi/inviti/{invitation}", data={"answer": "accept"})
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(cid)
    assert (
        count(
            world,
            "MATCH (:Organization {id: 'ORG-C'})-[:MEMBER_OF {role: 'partner'}]->"
            "(:Consortium {id: $cid}) RETURN count(*)",
            cid=cid,
        )
        == 1
    )
    # The link is spent now that someone acts for the organisation.
    again = mail_app.test_client().get(claim_path).get_data(as_text=True)
    assert "ask them to let you join" in again or "chiedete di potervi unire" in again


def _invitation(graph: Graph) -> str:
    return str(
        graph.read(
            lambda tx: tx.run(
                "MATCH (i:Invitation)-[:TO]->(:Organization {id: 'ORG-C'}) RETURN i.id"
            ).single(strict=True)[0]
        )
    )


def test_a_partnership_request_mails_a_claim_link_only_when_nobody_acts(
    claim_world: RoleUsers,
    mail_app: Flask,
    smtp_server: SmtpServer,
    deliver_pending: Callable[..., Any],
) -> None:
    member = logged_in(mail_app, "member_a")
    for target in ("ORG-C", "ORG-B"):
        sent = member.post(
            f"/partenariati/richiesta/{target}",
            data={"from_org": "ORG-A", "type": "informal", "message": "Lavoriamo insieme?"},
        )
        assert sent.status_code == 302, sent.get_data(as_text=True)
    deliver_pending()
    assert smtp_server.to("info@beta.example") == []
    (mail,) = smtp_server.to(CONTACT)
    assert "Cooperativa Alfa" in text_of(mail) and "/rivendica/" in text_of(mail)


@pytest.mark.parametrize(
    ("email", "approved"),
    [("anna@gamma.example", True), ("anna@gmail.com", False), ("anna@altro.example", False)],
)
def test_email_domain_approval(
    claim_world: RoleUsers, neo4j_uri: str, world: Graph, email: str, approved: bool
) -> None:
    from app.services import claims

    with app_on(neo4j_uri, CLAIM_APPROVAL="email-domain") as app:
        accounts.create_user(world, email=email, name="Anna", password=PASSWORD)
        token = claims.claim_token(app.config["SECRET_KEY"], "ORG-C", CONTACT)
        client = app.test_client()
        client.post("/accedi", data={"email": email, "password": PASSWORD})
        assert client.post(f"/rivendica/{token}").status_code == 302
    acts = count(
        world,
        "MATCH (:User {email: $e})-[:ACTS_FOR]->(:Organization {id: 'ORG-C'}) RETURN count(*)",
        e=email,
    )
    assert acts == (1 if approved else 0)
    assert count(world, "MATCH (r:JoinRequest {status: 'pending'}) RETURN count(r)") == (
        0 if approved else 1
    )


def test_claim_links_are_signed(claim_world: RoleUsers, client: FlaskClient) -> None:
    from app.services import claims

    forged = claims.claim_token("not the secret", "ORG-C", CONTACT)
    assert client.get(f"/rivendica/{forged}").status_code == 400
    assert client.get("/rivendica/nope").status_code == 400
