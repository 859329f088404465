"""Partner search: accents and partial words, combined facets, paging, injection, JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.services import search
from app.services.facet_index import FacetIndex, Hits, OrgRow
from app.services.search import SearchQuery
from graph.driver import Graph

FSE3_RULES = {
    "lead_kinds": ["SME"],
    "member_kinds": ["SME"],
    "associate_kinds": [],
    "size_classes": ["micro", "small", "medium"],
    "lines": [],
}


pytestmark = pytest.mark.usefixtures("fresh_search_index")


@pytest.fixture
def directory(world: Graph) -> Graph:
    """The tiny world plus organisations with accents, themes and a call."""

    def create_tx(tx: Any) -> None:
        tx.run(
            """
            MATCH (torino:Municipality {istat: '001272'})
            MATCH (pinerolo:Municipality {istat: '001191'})
            MATCH (prox:Theme {code: 'proximity_assistance'})
            MATCH (gov:Theme {code: 'local_governance'})
            CREATE (c:Organization:ThirdSector {id: 'ORG-C', kind: 'ThirdSector',
                    name: 'Cooperativa Sociale Solidarietà', non_profit: true,
                    description: 'Assistenza domiciliare agli anziani di Ciriè'})
            CREATE (d:Organization:ThirdSector {id: 'ORG-D', kind: 'ThirdSector',
                    name: 'Città Solidale APS', non_profit: true, description: 'Doposcuola'})
            CREATE (e:Organization:SME {id: 'ORG-E', kind: 'SME', name: 'Servizi Sociali srl',
                    size_class: 'micro', non_profit: false,
                    description: 'Welfare aziendale per le imprese'})
            CREATE (c)-[:LOCATED_IN]->(torino), (d)-[:LOCATED_IN]->(pinerolo),
                   (e)-[:LOCATED_IN]->(pinerolo)
            CREATE (c)-[:WORKS_ON]->(prox), (d)-[:WORKS_ON]->(prox), (d)-[:WORKS_ON]->(gov)
            CREATE (c)-[:PARTNER_OF {id: 'P1', since: date('2020-01-01')}]->(d)
            CREATE (:Call {code: 'FSE3', title_it: 'Welfare aziendale',
                           title_en: 'Company welfare', rules_json: $rules})
            """,
            rules=json.dumps(FSE3_RULES),
        ).consume()

    world.write(create_tx)
    world.run_schema("CALL db.awaitIndexes(60)")
    return world


def _ids(graph: Graph, text: str = "", **filters: tuple[str, ...]) -> list[str]:
    result = search.search(graph, SearchQuery(text=text, filters=filters, sort="name"))
    return [item.id for item in result.items]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("solidarieta", ["ORG-C"]),  # accent typed without it
        ("città", ["ORG-D"]),  # accent typed
        ("citta", ["ORG-D"]),  # accent omitted on a short word
        ("cirie", ["ORG-C"]),  # in the description
        ("coop", ["ORG-A", "ORG-C"]),  # beginning of a word
        ("cooperative", ["ORG-A", "ORG-C"]),  # plural of the stored singular
        ("anziano", ["ORG-C", "ORG-D"]),  # singular of the stored plural; its theme
        ("solidale pinerolo", ["ORG-D"]),  # a word and a place
        ("servizi sociali", ["ORG-E"]),
    ],
)
def test_accents_and_partial_words_are_found(
    directory: Graph, typed: str, expected: list[str]
) -> None:
    assert sorted(_full_matches(directory, typed)) == expected


def _full_matches(graph: Graph, text: str) -> list[str]:
    """Ids of the organisations matching every word (partial matches come after them)."""
    result = search.search(graph, SearchQuery(text=text, sort="name"))
    return [i.id for i in result.items if i.words_matched == len(result.reading.words)]


def test_facets_combine_and_count(directory: Graph) -> None:
    result = search.search(directory, SearchQuery(filters={"kind": ("ThirdSector",)}))
    assert {i.id for i in result.items} == {"ORG-A", "ORG-C", "ORG-D"}
    # Counts of the chosen facet ignore its own filter: the other kinds stay visible.
    assert result.counts["kind"] == {"ThirdSector": 3, "SME": 2, "District": 1}
    assert result.counts["theme"] == {"proximity_assistance": 2, "local_governance": 1}
    assert result.counts["district"] == {"DCS01": 3}
    both = search.search(
        directory, SearchQuery(filters={"kind": ("ThirdSector",), "theme": ("local_governance",)})
    )
    assert [i.id for i in both.items] == ["ORG-D"]
    assert both.counts["kind"] == {"ThirdSector": 1}
    either = _ids(directory, kind=("ThirdSector", "SME"), theme=("proximity_assistance",))
    assert either == ["ORG-D", "ORG-C"]
    assert _ids(directory, "servizi", profit=("profit",)) == ["ORG-B", "ORG-E"]
    assert _ids(directory, "servizi", profit=("non_profit",)) == []
    assert _ids(directory, size=("micro",), province=("TO",)) == ["ORG-E"]


def test_call_eligibility_facet(directory: Graph) -> None:
    result = search.search(directory, SearchQuery(filters={"call": ("FSE3",)}))
    assert sorted(i.id for i in result.items) == ["ORG-B", "ORG-E"]
    assert result.counts["call"] == {"FSE3": 2}


def test_sorting_and_paging(directory: Graph) -> None:
    by_name = search.search(directory, SearchQuery(sort="name", per_page=2, page=2))
    assert by_name.total == 6 and by_name.pages == 3
    assert [i.name for i in by_name.items] == [
        "Cooperativa Alfa",
        "Cooperativa Sociale Solidarietà",
    ]
    by_partners = search.search(directory, SearchQuery(sort="partners", per_page=2))
    assert {i.id for i in by_partners.items} == {"ORG-C", "ORG-D"}


INJECTIONS = [
    "') MATCH (n) DETACH DELETE n //",
    '" OR 1=1 } RETURN 1 //',
    "*:* OR name:* AND NOT x~ [a TO z] {b TO c} ^2 \\ / && || !",
    "CALL db.index.fulltext.drop('organization_text')",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_text_is_just_words(directory: Graph, client: FlaskClient, text: str) -> None:
    def counts() -> tuple[Any, ...]:
        def read_tx(tx: Any) -> tuple[Any, ...]:
            sizes = tx.run(
                "RETURN COUNT { (n) } AS nodes, COUNT { ()-[r]->() } AS rels, "
                "COLLECT { MATCH (o:Organization) RETURN o.name } AS names"
            ).single(strict=True)
            indexes = sorted(r["name"] for r in tx.run("SHOW INDEXES YIELD name"))
            return sizes["nodes"], sizes["rels"], sorted(sizes["names"]), indexes

        return directory.read(read_tx)

    before = counts()
    response = client.get("/cerca/api", query_string={"q": text})
    assert response.status_code == 200
    assert isinstance(response.get_json()["total"], int)
    assert client.get("/cerca/", query_string={"q": text}).status_code == 200
    assert counts() == before


def test_empty_state_suggests_what_to_remove(directory: Graph, client: FlaskClient) -> None:
    query = {"q": "solidale", "kind": "SME", "lang": "en"}
    page = client.get("/cerca/", query_string=query).get_data(as_text=True)
    assert 'id="no-results"' in page and 'data-remove="kind"' in page
    data = client.get("/cerca/api", query_string=query).get_json()
    assert data["total"] == 0
    assert data["suggestions"] == [{"remove": "q", "count": 2}, {"remove": "kind", "count": 1}]


def test_json_api(directory: Graph, client: FlaskClient) -> None:
    data = client.get("/cerca/api?q=solidarieta&kind=ThirdSector").get_json()
    assert data["total"] == 1 and data["items"][0]["id"] == "ORG-C"
    item = data["items"][0]
    assert item["sector"] == "civil" and item["district"] and item["partners"] == 1
    assert {
        "value": "ThirdSector",
        "label": "Ente del Terzo settore",
        "count": 1,
        "selected": True,
    } in data["facets"]["kind"]


def test_index_follows_writes(directory: Graph) -> None:
    assert _ids(directory, "biblioteca") == []
    directory.write(
        lambda tx: tx.run(
            "CREATE (:Organization:ThirdSector {id: 'ORG-F', kind: 'ThirdSector', "
            "name: 'Biblioteca Popolare', non_profit: true})"
        ).consume()
    )
    assert _ids(directory, "biblioteca") == ["ORG-F"]
    assert search.search(directory, SearchQuery()).total == 7


def test_facet_index_alone() -> None:
    rows = [
        OrgRow("a", "Zeta", "SME", "D1", "TO", ("t1",), "micro", False, (), 3),
        OrgRow("b", "Àlfa", "ThirdSector", "D2", "CN", ("t1", "t2"), "", True, (), 9),
        OrgRow("c", "beta", "SME", "D1", "TO", (), "small", True, (), 1),
    ]
    index = FacetIndex(rows, {"X": lambda r: r.kind == "SME"})
    assert index.ids == ["b", "c", "a"]  # accents and case ignored in name order
    found = index.search({"kind": ["SME"]}, Hits(["a", "b"], [1.0, 2.0]), sort="relevance")
    assert found.ids == ["a"] and found.total == 1
    assert found.counts["kind"] == {"SME": 1, "ThirdSector": 1}
    assert found.counts["call"] == {"X": 1}
    assert found.without == {"kind": 2} and found.without_text == 2
    by_partners = index.search({}, None, sort="partners", limit=2)
    assert by_partners.ids == ["b", "a"]
