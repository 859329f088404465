"""One record per organisation at proposal: a held tax code is refused with the holder,
a similar name nearby brings a warning the proposer can confirm; the proposer's list and
the administrators' queue show the outcome and the duplicates found."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.services import dedupe
from graph.driver import Graph
from tests.factories import RoleUsers, login, post_status

#: A proposal in Torino, the municipality of ORG-A (Cooperativa Alfa).
PROPOSAL = {
    "kind": "ThirdSector",
    "name": "Alfa Società Cooperativa Sociale Onlus",
    "municipality": "001272",
    "description": "Assistenza domiciliare agli anziani",
    "themes": ["proximity_assistance"],
}


def _client(app: Flask, key: str) -> FlaskClient:
    client = app.test_client()
    login(client, key)
    return client


def _proposals(graph: Graph) -> list[dict[str, Any]]:
    return graph.read(
        lambda tx: [
            r.data()
            for r in tx.run(
                "MATCH (p:OrganizationProposal) RETURN p.name AS name, p.status AS status, "
                "p.similar_confirmed AS similar"
            )
        ]
    )


def _set_tax_code(graph: Graph, org_id: str, code: str) -> None:
    graph.write(
        lambda tx: tx.run(
            "MATCH (o:Organization {id: $id}) SET o.tax_code = $code", id=org_id, code=code
        ).consume()
    )


def test_names_are_compared_without_legal_forms_accents_and_order() -> None:
    assert dedupe.normalise_name("COOPERATIVA SOCIALE ALFA s.c.s. O.N.L.U.S.") == "alfa"
    assert dedupe.similarity("Alfa Cooperativa", "Cooperativa Sociale Alfa") == 100
    assert dedupe.similarity("Società Età d'Oro S.r.l.", "Societa Eta d Oro") == 100
    assert dedupe.similarity("Beta Servizi srl", "Gamma Servizi srl") < dedupe.SIMILAR_AT
    assert dedupe.similarity("Comune di Torino", "ASL Torino") < dedupe.SIMILAR_AT


def test_held_tax_code_is_refused_at_once_with_the_holder(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    _set_tax_code(world, "ORG-B", "01234567897")
    client = _client(app, "newcomer")
    response = client.post(
        "/account/proponi", data={**PROPOSAL, "name": "Un nome nuovo", "tax_code": "01234567897"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="duplicate-holder"' in html and "Beta Servizi srl" in html
    assert 'href="/organizzazioni/ORG-B"' in html
    assert 'action="/account/unisciti/ORG-B"' in html  # the offer to ask to join it
    assert _proposals(world) == []
    # Confirming "another organisation" does not get past a held tax code.
    again = client.post(
        "/account/proponi",
        data={
            **PROPOSAL,
            "name": "Un nome nuovo",
            "tax_code": "01234567897",
            "confirm_distinct": "y",
        },
    )
    assert again.status_code == 200 and _proposals(world) == []


def test_similar_name_nearby_warns_and_the_proposer_can_go_on(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    client = _client(app, "newcomer")
    response = client.post("/account/proponi", data=PROPOSAL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="duplicate-similar"' in html and 'data-org="ORG-A"' in html
    assert "Assistenza domiciliare agli anziani" in html  # nothing typed is lost
    assert 'name="confirm_distinct"' in html
    assert _proposals(world) == []

    sent = client.post("/account/proponi", data={**PROPOSAL, "confirm_distinct": "y"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/account/proposte")
    assert _proposals(world) == [
        {"name": PROPOSAL["name"], "status": "pending", "similar": ["ORG-A"]}
    ]


def test_a_distinct_name_elsewhere_is_not_warned(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    world.write(
        lambda tx: tx.run(
            "CREATE (:Municipality {istat: '004078', name: 'Cuneo', province: 'CN'})"
        ).consume()
    )
    client = _client(app, "newcomer")
    elsewhere = client.post("/account/proponi", data={**PROPOSAL, "municipality": "004078"})
    assert elsewhere.status_code == 302  # same name, but another municipality and district
    other = client.post("/account/proponi", data={**PROPOSAL, "name": "Fondazione Gamma"})
    assert other.status_code == 302
    assert len(_proposals(world)) == 2


def test_proposer_sees_pending_and_decided_proposals(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    client = _client(app, "newcomer")
    client.post("/account/proponi", data={**PROPOSAL, "name": "Fondazione Gamma"})
    client.post("/account/proponi", data={**PROPOSAL, "name": "Associazione Delta"})
    html = client.get("/account/proposte").get_data(as_text=True)
    assert html.count('data-status="pending"') == 2 and "Fondazione Gamma" in html

    ids = world.read(
        lambda tx: {
            r["name"]: r["id"]
            for r in tx.run("MATCH (p:OrganizationProposal) RETURN p.name AS name, p.id AS id")
        }
    )
    admin = _client(app, "admin")
    assert (
        post_status(admin, f"/admin/proposte/{ids['Fondazione Gamma']}", decision="approve") == 302
    )
    assert (
        post_status(admin, f"/admin/proposte/{ids['Associazione Delta']}", decision="decline")
        == 302
    )
    html = client.get("/account/proposte").get_data(as_text=True)
    assert 'data-status="approved"' in html and 'data-status="declined"' in html
    org_id = world.read(
        lambda tx: tx.run(
            "MATCH (o:Organization {name: 'Fondazione Gamma'}) RETURN o.id AS id"
        ).single(strict=True)["id"]
    )
    assert f'href="/organizzazioni/{org_id}"' in html
    # Another user sees none of them.
    other = _client(app, "member_b").get("/account/proposte").get_data(as_text=True)
    assert "Fondazione Gamma" not in other


def test_review_queue_shows_duplicates_place_description_and_date(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    client = _client(app, "newcomer")
    client.post("/account/proponi", data={**PROPOSAL, "confirm_distinct": "y"})
    _set_tax_code(world, "ORG-B", "01234567897")
    # A proposal whose tax code became held after it was sent (the queue looks now).
    world.write(
        lambda tx: tx.run(
            "MATCH (u:User {email: 'newcomer@test.example'}) "
            "CREATE (p:OrganizationProposal {id: 'P-2', status: 'pending', name: 'Beta bis', "
            "kind: 'SME', municipality: '001191', tax_code: '01234567897', themes: [], "
            "created_at: datetime('2026-11-30T10:00:00Z')})-[:BY]->(u)"
        ).consume()
    )
    html = _client(app, "admin").get("/admin/proposte").get_data(as_text=True)
    assert 'data-similar="ORG-A"' in html and 'data-holder="ORG-B"' in html
    assert "Torino" in html and "Pinerolo" in html
    assert "Assistenza domiciliare agli anziani" in html
    assert "30/11/2026" in html or "2026-11-30" in html or "30 nov" in html


IMPORT_HEADER = "id,kind,name,municipality_istat,tax_code"


def test_import_refuses_held_tax_codes_and_warns_of_same_names(world: Graph) -> None:
    import io

    from app.services.csv_import import import_csv

    _set_tax_code(world, "ORG-B", "01234567897")
    data = "\n".join(
        [
            IMPORT_HEADER,
            "ORG-X,ThirdSector,Nuova per codice,001272,01234567897",  # tax code of ORG-B
            "ORG-Y,ThirdSector,ALFA Società Cooperativa Sociale,001191,",  # ORG-A, same district
            "ORG-Z,Foundation,Fondazione Zeta,001272,",
            "ORG-W,Foundation,Fondazione Zeta Onlus,001191,",  # ORG-Z, earlier in the file
            "ORG-A,ThirdSector,Cooperativa Alfa,001272,",  # ORG-A itself, updated: no warning
        ]
    )
    report = import_csv(world, "organizations", io.BytesIO(data.encode()))
    entries = [(e.line, e.column, e.code, e.params) for e in report.errors]
    assert entries == [
        (2, "tax_code", "tax_code_taken", {"holder": "ORG-B"}),
        (3, "name", "similar_name", {"holder": "ORG-A", "name": "Cooperativa Alfa"}),
        (5, "name", "similar_name", {"holder": "ORG-Z", "name": "Fondazione Zeta"}),
    ]
    assert report.created == 3 and report.failed == 1  # warned rows are still imported
    assert report.extra == {"similar_name": 2}


def test_api_creation_refuses_held_tax_codes_and_warns_of_similar_names(
    users: RoleUsers, app: Flask, world: Graph
) -> None:
    from tests.factories import make_api_token

    _set_tax_code(world, "ORG-B", "01234567897")
    headers = {"Authorization": f"Bearer {make_api_token(world, users.newcomer)}"}
    client = app.test_client()
    url = "/api/v1/proposals"
    body = {"kind": "ThirdSector", "name": PROPOSAL["name"], "municipality": "001272"}
    assert client.post(url, json=body).status_code == 401

    held = client.post(
        url, json={**body, "name": "Altro nome", "tax_code": "012 3456 7897"}, headers=headers
    )
    assert held.status_code == 409
    assert held.get_json()["error"]["errors"]["duplicates"]["holder"]["id"] == "ORG-B"

    similar = client.post(url, json=body, headers=headers)
    assert similar.status_code == 409
    duplicates = similar.get_json()["error"]["errors"]["duplicates"]
    assert duplicates["holder"] is None
    assert [c["id"] for c in duplicates["similar"]] == ["ORG-A"]
    assert _proposals(world) == []

    sent = client.post(url, json={**body, "confirm_distinct": True}, headers=headers)
    assert sent.status_code == 201 and sent.get_json()["status"] == "pending"
    assert _proposals(world) == [
        {"name": PROPOSAL["name"], "status": "pending", "similar": ["ORG-A"]}
    ]
    unknown = client.post(url, json={**body, "municipality": "999999"}, headers=headers)
    assert unknown.status_code == 404
    bad_code = client.post(url, json={**body, "tax_code": "01234567890"}, headers=headers)
    assert bad_code.status_code == 409
