"""Home page, directory and profile on the seed network; language choice; error pages."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from graph.driver import Graph
from graph.model import KINDS


def _count(html: str, row_attr: str) -> dict[str, int]:
    """Map each ``data-<attr>`` row of a table to the number in its last numeric cell."""
    counts = {}
    for key, row in re.findall(rf'<tr data-{row_attr}="([^"]+)">(.*?)</tr>', html, re.S):
        numbers = re.findall(r'<td class="num"[^>]*>(\d+)</td>', row)
        counts[key] = int(numbers[-1])
    return counts


def test_home_counts_every_kind_and_all_30_districts(
    seeded_graph: Graph, client: FlaskClient
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    by_kind = _count(html, "kind")
    assert set(by_kind) == set(KINDS)
    assert all(n > 0 for n in by_kind.values())
    by_district = _count(html, "district")
    assert len(by_district) == 30
    assert all(n > 0 for n in by_district.values())
    # The district table adds up to the organisations that have a municipality.
    located = seeded_graph.read(
        lambda tx: tx.run(
            "MATCH (o:Organization)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->() "
            "RETURN count(o) AS n"
        ).single(strict=True)["n"]
    )
    assert sum(by_district.values()) == located


def test_home_is_italian_by_default_and_english_on_request(
    seeded_graph: Graph, client: FlaskClient
) -> None:
    italian = client.get("/").get_data(as_text=True)
    assert "La rete in sintesi" in italian
    assert 'lang="it"' in italian
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "The network at a glance" in english
    # The choice sticks for the rest of the visit.
    assert "The network at a glance" in client.get("/").get_data(as_text=True)
    assert "La rete in sintesi" in client.get("/?lang=it").get_data(as_text=True)


def test_directory_pages_and_filters(seeded_graph: Graph, client: FlaskClient) -> None:
    first = client.get("/organizzazioni/").get_data(as_text=True)
    ids_first = re.findall(r'href="/organizzazioni/([^"?]+)"', first)
    assert len(ids_first) == 25
    second = client.get("/organizzazioni/?page=2").get_data(as_text=True)
    ids_second = re.findall(r'href="/organizzazioni/([^"?]+)"', second)
    assert ids_second and not set(ids_first) & set(ids_second)

    smes = client.get("/organizzazioni/?kind=SME").get_data(as_text=True)
    total = int(re.search(r"(\d+) organizzazioni", smes).group(1))  # type: ignore[union-attr]
    expected = seeded_graph.read(
        lambda tx: tx.run("MATCH (o:SME) RETURN count(o) AS n").single(strict=True)["n"]
    )
    assert total == expected


def test_directory_rejects_unknown_kind(seeded_graph: Graph, client: FlaskClient) -> None:
    response = client.get("/organizzazioni/?kind=Robot")
    assert response.status_code == 400
    assert "Tipologia di organizzazione sconosciuta" in response.get_data(as_text=True)


def test_profile_shows_partners(seeded_graph: Graph, client: FlaskClient) -> None:
    org_id = seeded_graph.read(
        lambda tx: tx.run(
            "MATCH (o:Organization)-[:PARTNER_OF]-() WITH o, count(*) AS d "
            "ORDER BY d DESC, o.id LIMIT 1 RETURN o.id AS id"
        ).single(strict=True)["id"]
    )
    response = client.get(f"/organizzazioni/{org_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="partners"' in html


def test_unknown_profile_is_404_in_html_and_json(seeded_graph: Graph, client: FlaskClient) -> None:
    page = client.get("/organizzazioni/NOPE-1")
    assert page.status_code == 404
    assert "Pagina non trovata" in page.get_data(as_text=True)
    api = client.get("/organizzazioni/NOPE-1", headers={"Accept": "application/json"})
    assert api.status_code == 404
    assert api.get_json()["error"]["status"] == 404


def test_security_headers(client: FlaskClient, graph: Graph) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_wrong_method_names_the_allowed_ones(graph: Graph, client: FlaskClient) -> None:
    page = client.put("/")
    assert page.status_code == 405 and "GET" in page.headers["Allow"]
    assert "text/html" in page.headers["Content-Type"]
    health = client.delete("/health")
    assert health.status_code == 405 and health.get_json()["error"]["status"] == 405
    assert "GET" in health.headers["Allow"]


def test_profile_lists_partners_fifty_a_page(world: Graph, client: FlaskClient) -> None:
    """A hub's profile shows its partners a page at a time, with the total."""
    world.write(
        lambda tx: tx.run(
            """
        MATCH (a:Organization {id: 'ORG-A'})
        UNWIND range(1, 60) AS i
        CREATE (o:Organization:SME {id: 'ORG-P' + i, kind: 'SME',
                                    name: 'Partner ' + right('0' + i, 2)})
        CREATE (a)-[:PARTNER_OF {type: 'network', since: date('2020-01-01')}]->(o)
        """
        ).consume()
    )
    first = client.get("/organizzazioni/ORG-A").get_data(as_text=True)
    rows = re.findall(r'href="/organizzazioni/ORG-P\d+"', first.split('id="partners"')[1])
    assert len(rows) == 50 and '<span class="count">60</span>' in first
    assert "partner_page=2" in first and "partner_page=0" not in first
    second = client.get("/organizzazioni/ORG-A?partner_page=2").get_data(as_text=True)
    partners = second.split('id="partners"')[1].split("</table>")[0]
    assert len(re.findall(r'href="/organizzazioni/ORG-P\d+"', partners)) == 10
    assert "partner_page=1" in second
    beyond = client.get("/organizzazioni/ORG-A?partner_page=99")
    assert beyond.status_code == 200 and "partner_page=1" in beyond.get_data(as_text=True)
