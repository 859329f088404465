"""The typeahead's JSON: accent-insensitive word prefixes, place beside each name, capped
query and results, and only organisations in the directory (never pending proposals)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.services import typeahead
from graph.driver import Graph
from tests.factories import RoleUsers, login


def _towns(graph: Graph) -> None:
    graph.write(
        lambda tx: tx.run(
            """
        MATCH (d:District {id: 'DCS01'})
        CREATE (c:Municipality {istat: '001086', name: 'Ciriè', province: 'TO'})
        CREATE (s:Municipality {istat: '001258', name: 'San Maurizio Canavese', province: 'TO'})
        CREATE (c)-[:IN_DISTRICT]->(d)
        """
        ).consume()
    )


def _get(app: Flask, path: str) -> dict[str, Any]:
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    return body


def test_municipalities_by_folded_word_prefix_with_district(app: Flask, world: Graph) -> None:
    _towns(world)
    body = _get(app, "/suggerimenti/comuni?q=cirie")
    assert body["count"] == 1
    assert body["items"][0] == {
        "id": "001086",
        "name": "Ciriè",
        "kind": None,
        "municipality": "Ciriè",
        "province": "TO",
        "district": "Distretto della Coesione Sociale di Prova",
    }
    assert [i["id"] for i in _get(app, "/suggerimenti/comuni?q=MAURIZIO")["items"]] == [
        "001258"
    ]  # a word inside the name, any case
    assert _get(app, "/suggerimenti/comuni?q=c")["items"] == []  # too short
    assert _get(app, "/suggerimenti/comuni?q=urizio")["items"] == []  # not a word's start


def test_organizations_by_every_word_typed(app: Flask, world: Graph) -> None:
    body = _get(app, "/suggerimenti/organizzazioni?q=coop%20alf")
    assert [(i["id"], i["municipality"], i["district"]) for i in body["items"]] == [
        ("ORG-A", "Torino", "Distretto della Coesione Sociale di Prova")
    ]
    assert _get(app, "/suggerimenti/organizzazioni?q=coop%20beta")["count"] == 0
    assert [i["id"] for i in _get(app, "/suggerimenti/organizzazioni?q=SERVIZI")["items"]] == [
        "ORG-B"
    ]


def test_pending_proposals_are_never_suggested(users: RoleUsers, app: Flask, world: Graph) -> None:
    client = app.test_client()
    login(client, "newcomer")
    assert (
        client.post(
            "/account/proponi",
            data={
                "kind": "Foundation",
                "name": "Fondazione Riservata",
                "municipality": "001191",
            },
        ).status_code
        == 302
    )
    assert _get(app, "/suggerimenti/organizzazioni?q=riservata")["count"] == 0


def test_query_length_and_result_count_are_capped(app: Flask, world: Graph) -> None:
    world.write(
        lambda tx: tx.run(
            "UNWIND range(1, 30) AS n CREATE (:Organization:ThirdSector {id: 'ORG-N' + n, "
            "kind: 'ThirdSector', name: 'Associazione Numero ' + n})"
        ).consume()
    )
    assert _get(app, "/suggerimenti/organizzazioni?q=associazione")["count"] == (
        typeahead.MAX_RESULTS
    )
    assert _get(app, "/suggerimenti/organizzazioni?q=associazione&limit=3")["count"] == 3
    assert _get(app, "/suggerimenti/organizzazioni?q=associazione&limit=500")["count"] == (
        typeahead.MAX_RESULTS
    )
    long = "a" * 5000
    assert _get(app, f"/suggerimenti/organizzazioni?q={long}")["query"] == "a" * 60
    # Lucene syntax is never passed through: only folded words reach the index.
    assert _get(app, "/suggerimenti/organizzazioni?q=numero%20OR%20*:*")["count"] == 0
    assert typeahead.words('name:"x" AND (y)') == ["name", "x", "and", "y"]
