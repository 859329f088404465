"""The map's JSON endpoints and figures on the tiny world: organisations per municipality,
district measures, a district's coverage gaps, the boundaries served to anyone, and who may
read what."""

from __future__ import annotations

import gzip
import json

from flask.testing import FlaskClient

from app.services import territory
from graph.driver import Graph
from tests.factories import RoleUsers, login


def _consortium_with(graph: Graph, org_id: str, status: str = "funded") -> None:
    def create_tx(tx):  # type: ignore[no-untyped-def]
        tx.run(
            """
            MATCH (d:District {code: 'DCS01'}), (o:Organization {id: $org})
            CREATE (c:Consortium {id: 'CNS-1', title: 'Prova', status: $status, year: 2024})
            CREATE (c)-[:IN_DISTRICT]->(d), (o)-[:MEMBER_OF {role: 'lead'}]->(c)
            """,
            org=org_id,
            status=status,
        ).consume()

    graph.write(create_tx)


def test_municipality_counts_and_district_measures(users: RoleUsers, world: Graph) -> None:
    _consortium_with(world, "ORG-B")
    counts = {m.istat: m for m in territory.municipality_counts(world)}
    # Torino: the district itself and Cooperativa Alfa; Pinerolo: Beta, in the consortium.
    assert (counts["001272"].organizations, counts["001272"].in_consortia) == (2, 0)
    assert (counts["001191"].organizations, counts["001191"].in_consortia) == (1, 1)
    [row] = territory.district_measures(world, {"DCS01": "Prova"}, None)
    assert (row.organizations, row.funded, row.municipalities) == (3, 1, 2)
    assert row.index is None and row.density is None  # no analysis yet
    bundle = {
        "districts": [
            {"district": "DCS01", "index": 0.25, "density": float("nan"), "cross_share": 0.5}
        ]
    }
    [row] = territory.district_measures(world, {"DCS01": "Prova"}, bundle)
    assert (row.index, row.density, row.cross_share) == (0.25, None, 0.5)


def test_coverage_gaps_of_a_district(users: RoleUsers, world: Graph) -> None:
    rows = territory.coverage(world, "DCS01")
    gaps = territory.coverage_gaps(rows)
    assert [m.name for m in rows] == ["Pinerolo", "Torino"]
    assert gaps["no_organization"] == []
    assert {m.name for m in gaps["no_consortium"]} == {"Pinerolo", "Torino"}
    _consortium_with(world, "ORG-A")
    gaps = territory.coverage_gaps(territory.coverage(world, "DCS01"))
    assert [m.name for m in gaps["no_consortium"]] == ["Pinerolo"]
    assert territory.coverage(world, "DCS99") == []


def test_region_map_data_for_staff_only(users: RoleUsers, client: FlaskClient) -> None:
    assert (
        client.get("/analisi/mappa/dati", headers={"Accept": "application/json"}).status_code == 401
    )
    login(client, "member_a")
    assert client.get("/analisi/mappa/dati").status_code == 403
    client.post("/esci")
    login(client, "staff")
    response = client.get("/analisi/mappa/dati")
    assert response.status_code == 200
    data = response.get_json()
    assert data["measures"] == list(territory.MEASURES)
    assert [d["code"] for d in data["districts"]] == ["DCS01"]
    assert data["districts"][0]["organizations"] == 3
    assert {m["istat"] for m in data["municipalities"]} == {"001272", "001191"}
    page = client.get("/analisi/mappa?misura=index")
    assert page.status_code == 200
    assert b'data-measure="index"' in page.data
    assert b'id="map-table"' in page.data


def test_district_coverage_for_its_lead_and_staff(users: RoleUsers, client: FlaskClient) -> None:
    login(client, "lead")
    response = client.get("/analisi/mappa/distretto/DCS01/dati")
    assert response.status_code == 200
    assert [m["name"] for m in response.get_json()["municipalities"]] == ["Pinerolo", "Torino"]
    page = client.get("/consorzi/distretto/DCS01")
    assert page.status_code == 200 and b'id="coverage-map"' in page.data
    assert client.get("/analisi/mappa/distretto/DCS02/dati").status_code == 403
    client.post("/esci")
    login(client, "member_a")
    assert client.get("/analisi/mappa/distretto/DCS01/dati").status_code == 403
    client.post("/esci")
    login(client, "staff")
    assert client.get("/analisi/mappa/distretto/DCS01/dati").status_code == 200
    assert client.get("/analisi/mappa/distretto/DCS99/dati").status_code == 404


def test_topology_is_public_and_compressed(client: FlaskClient) -> None:
    response = client.get("/analisi/mappa/comuni.topo.json", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "public" in response.headers["Cache-Control"]
    topology = json.loads(gzip.decompress(response.data))
    assert len(topology["objects"]["comuni"]["geometries"]) == 1179
    plain = client.get("/analisi/mappa/comuni.topo.json")
    assert "Content-Encoding" not in plain.headers
    assert json.loads(plain.data)["type"] == "Topology"


def test_profile_shows_where_the_organisation_is(users: RoleUsers, client: FlaskClient) -> None:
    page = client.get("/organizzazioni/ORG-A")
    assert page.status_code == 200
    assert b'data-istat="001272"' in page.data
    assert b"js/map.js" in page.data
