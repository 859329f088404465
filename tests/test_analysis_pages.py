"""The analysis pages: who reaches them, progress then results, comparison, network data,
a consortium's own network, and the exports (CSV columns, GEXF read back by networkx)."""

from __future__ import annotations

import csv
import gzip
import html
import io
import json

import networkx as nx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import analysis_jobs
from app.services.analysis_export import DISTRICT_COLUMNS, METRIC_COLUMNS
from app.services.analysis_store import Scope
from graph.driver import Graph
from tests.analysis_factories import (
    SEED_STAFF,
    add_consortium,
    add_network,
    ensure_seed_staff,
    wait_fresh,
)
from tests.factories import PASSWORD, RoleUsers, logged_in, login

pytestmark = pytest.mark.usefixtures("no_analysis_job_running")


@pytest.fixture
def network(users: RoleUsers, world: Graph) -> Graph:
    add_network(world)
    return world


def _staff(client: FlaskClient) -> FlaskClient:
    assert login(client, "staff") == 302
    return client


def test_staff_and_admins_only(network: Graph, app: Flask) -> None:
    for key in ("member_a", "lead"):
        client = app.test_client()
        login(client, key)
        for path in (
            "/analisi/",
            "/analisi/rete",
            "/analisi/rete/dati",
            "/analisi/confronto",
            "/analisi/esporta/gexf",
        ):
            assert client.get(path).status_code == 403, (key, path)
    admin = logged_in(app, "admin")
    assert admin.get("/analisi/").status_code == 200


def test_dashboard_shows_progress_then_the_results(network: Graph, client: FlaskClient) -> None:
    page = _staff(client).get("/analisi/").get_data(as_text=True)
    assert 'id="analysis-status"' in page and 'data-state="pending"' in page
    assert '<meta http-equiv="refresh"' in page  # the no-JavaScript fallback
    status_url = page.split('data-status-url="', 1)[1].split('"', 1)[0]
    job = client.get(status_url).get_json()
    assert job["state"] in ("queued", "running", "done") and "step_label" in job

    analysis_jobs.wait_idle(timeout=60)
    job = client.get(status_url).get_json()
    assert (job["state"], job["progress"]) == ("done", 1.0)
    page = client.get("/analisi/").get_data(as_text=True)
    assert 'data-state="fresh"' in page and 'id="district-table"' in page
    assert 'data-district="DCS01"' in page and 'data-district="DCS02"' in page
    assert 'href="/organizzazioni/ORG-A"' in page  # a broker, linked to its profile
    assert 'id="growth-chart"' in page
    assert client.get("/analisi/lavori/nope").status_code == 404
    # Definitions beside the measures, and how the regional index relates to the districts'.
    definitions = page.split('id="measure-definitions"', 1)[1].split("</dl>", 1)[0]
    for measure in (
        "index",
        "cross_share",
        "density",
        "average_clustering",
        "modularity",
        "pagerank",
        "betweenness",
    ):
        assert f'data-measure="{measure}"' in definitions
    relation = page.split('id="index-relation"', 1)[1].split("</p>", 1)[0]
    assert "non è una media degli indici dei distretti" in relation


def test_district_scope_is_immediate_and_checked(network: Graph, client: FlaskClient) -> None:
    page = _staff(client).get("/analisi/?distretto=DCS01").get_data(as_text=True)
    assert 'data-state="fresh"' in page and "Cooperativa Alfa" in page
    assert client.get("/analisi/?distretto=DCS99").status_code == 404
    assert client.get("/analisi/?dal=zero").status_code == 400


def test_compare_districts_side_by_side(network: Graph, client: FlaskClient) -> None:
    wait_fresh(network, Scope())
    page = _staff(client).get("/analisi/confronto?d=DCS02&d=DCS01").get_data(as_text=True)
    table = page.split('id="comparison-table"', 1)[1]
    assert table.index('data-district="DCS02"') < table.index('data-district="DCS01"')
    # Shares on a percent axis; clustering and density, coefficients, on a decimal one.
    charts = {}
    for chart_id in ("comparison-chart", "comparison-chart-coefficients"):
        raw = page.split(f'id="{chart_id}"', 1)[1].split("data-chart='", 1)[1].split("'", 1)[0]
        charts[chart_id] = json.loads(html.unescape(raw))
    assert charts["comparison-chart"]["unit"] == "percent"
    assert charts["comparison-chart"]["keys"] == ["index", "cross_share"]
    assert charts["comparison-chart-coefficients"]["unit"] == "decimal"
    assert charts["comparison-chart-coefficients"]["keys"] == ["average_clustering", "density"]


def test_network_data_is_node_link_json(
    network: Graph, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.analysis import network_routes

    monkeypatch.setattr(network_routes, "GZIP_FROM_BYTES", 0)  # this document is small
    _staff(client)
    pending = client.get("/analisi/rete/dati")
    assert pending.status_code == 202 and pending.get_json()["job"]["id"]
    wait_fresh(network, Scope(), "network")
    data = client.get("/analisi/rete/dati").get_json()
    assert data["state"] == "fresh" and data["directed"] is False
    assert len(data["nodes"]) == 8 and len(data["links"]) == 6
    alfa = next(n for n in data["nodes"] if n["id"] == "ORG-A")
    assert alfa["sector"] == "civil" and alfa["themes"] == ["proximity_assistance"]
    assert {"x", "y", "pagerank", "betweenness", "degree"} <= set(alfa)
    assert {link["partnership_type"] for link in data["links"]} >= {"subsidiarity_pact"}
    # Browsers that accept gzip get the same document compressed (kept compressed).
    packed = client.get("/analisi/rete/dati", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert json.loads(gzip.decompress(packed.data)) == data
    page = client.get("/analisi/rete").get_data(as_text=True)
    assert 'data-url="/analisi/rete/dati"' in page and "vendor/sigma.min.js" in page


def test_consortium_network_for_those_who_see_the_consortium(
    network: Graph, users: RoleUsers, app: Flask
) -> None:
    add_consortium(network)
    client = logged_in(app, "member_b")
    detail = client.get("/consorzi/CNS-T").get_data(as_text=True)
    assert 'href="/analisi/consorzi/CNS-T/rete"' in detail
    page = client.get("/analisi/consorzi/CNS-T/rete")
    assert page.status_code == 200
    data = client.get("/analisi/consorzi/CNS-T/rete/dati").get_json()
    assert {n["id"]: n["role"] for n in data["nodes"]} == {
        "ORG-A": "lead",
        "ORG-B": "partner",
        "ORG-P": "partner",
    }
    assert len(data["links"]) == 3
    assert client.get("/analisi/consorzi/nope/rete").status_code == 404
    outsider = logged_in(app, "newcomer")
    assert outsider.get("/analisi/consorzi/CNS-T/rete").status_code == 403
    assert outsider.get("/analisi/consorzi/CNS-T/rete/dati").status_code == 403


def _csv(client: FlaskClient, path: str) -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_exports_wait_for_results_then_have_their_columns(
    network: Graph, client: FlaskClient
) -> None:
    first = _staff(client).get("/analisi/esporta/metriche-csv")
    assert first.status_code == 302 and first.headers["Location"].startswith("/analisi/")
    wait_fresh(network, Scope())
    metrics = _csv(client, "/analisi/esporta/metriche-csv")
    assert tuple(metrics[0]) == METRIC_COLUMNS and len(metrics) == 1 + 8
    # Each export has a file name of its own (the two CSV files used to share one).
    names = {
        fmt: client.get(f"/analisi/esporta/{fmt}").headers["Content-Disposition"]
        for fmt in ("gexf", "graphml", "metriche-csv", "distretti-csv", "json")
    }
    assert len(set(names.values())) == len(names)
    assert 'filename="wecare-metriche-organizzazioni-' in names["metriche-csv"]
    assert 'filename="wecare-indici-distretti-' in names["distretti-csv"]
    districts = _csv(client, "/analisi/esporta/distretti-csv")
    assert tuple(districts[0]) == DISTRICT_COLUMNS
    assert [row[0] for row in districts[1:]] == ["DCS01", "DCS02"]
    italian = client.get("/analisi/esporta/metriche-csv?formato=it")
    assert italian.headers["Content-Type"] == "text/csv; charset=cp1252"
    rows = list(csv.reader(io.StringIO(italian.data.decode("cp1252")), delimiter=";"))
    at = METRIC_COLUMNS.index("pagerank")
    assert tuple(rows[0]) == METRIC_COLUMNS and len(rows) == 1 + 8
    assert all("," in row[at] and "." not in row[at] for row in rows[1:])  # 0,125
    assert sorted(row[0] for row in rows[1:]) == sorted(row[0] for row in metrics[1:])
    bundle = json.loads(client.get("/analisi/esporta/json").get_data(as_text=True))
    assert bundle["version"] == network.version()
    assert bundle["bundle"]["structure"]["edges"] == 6 and len(bundle["network"]["nodes"]) == 8
    graphml = client.get("/analisi/esporta/graphml")
    assert nx.read_graphml(io.BytesIO(graphml.data)).number_of_edges() == 6
    assert client.get("/analisi/esporta/csv").status_code == 404


@pytest.fixture
def seed_client(seeded_graph: Graph, client: FlaskClient) -> FlaskClient:
    ensure_seed_staff(seeded_graph)
    response = client.post("/accedi", data={"email": SEED_STAFF, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_gexf_reads_back_with_every_node_attribute(
    seeded_graph: Graph, seed_client: FlaskClient
) -> None:
    document = wait_fresh(seeded_graph, Scope(), "network").data
    assert document is not None
    response = seed_client.get("/analisi/esporta/gexf")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    G = nx.read_gexf(io.BytesIO(response.data))
    assert G.number_of_nodes() == len(document["nodes"]) > 700
    assert G.number_of_edges() == len(document["links"])
    for node in document["nodes"]:
        expected = {k: v for k, v in node.items() if k not in ("id", "x", "y") and v is not None}
        got = dict(G.nodes[node["id"]])
        viz = got.pop("viz")
        assert got == {**expected, "label": node["name"]}
        assert (viz["position"]["x"], viz["position"]["y"]) == (node["x"], node["y"])
    edge = next(iter(G.edges(data=True)))[2]
    assert {"partnership_type", "strength", "since", "count"} <= set(edge)
