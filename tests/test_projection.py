"""Projection from Neo4j into networkx, on a small network written here by hand."""

from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx
import pytest
from neo4j import ManagedTransaction

from graph.analysis import analysis_bundle
from graph.driver import Graph
from graph.model import SECTORS
from graph.projection import consortium_graph, district_graph, network_graph, projection_tx

# Districts D1 (towns 001, 002) and D2 (town 003); seven organisations; seven
# partnerships, P7 a second tie between TS1 and SME2, stored the other way round.
_NETWORK = """
CREATE (d1:Organization:District {id: 'DIST-1', code: 'D1', name: 'Distretto Uno',
                                  kind: 'District', non_profit: true})
CREATE (d2:Organization:District {id: 'DIST-2', code: 'D2', name: 'Distretto Due',
                                  kind: 'District', non_profit: true})
CREATE (m1:Municipality {istat: '001', name: 'Uno', province: 'TO'})-[:IN_DISTRICT]->(d1)
CREATE (m2:Municipality {istat: '002', name: 'Due', province: 'TO'})-[:IN_DISTRICT]->(d1)
CREATE (m3:Municipality {istat: '003', name: 'Tre', province: 'CN'})-[:IN_DISTRICT]->(d2)
CREATE (health:Theme {code: 'health_wellbeing'}), (civil:Theme {code: 'civil_economy'})
CREATE (pb1:Organization:PublicBody {id: 'PB1', name: 'Comune Due', kind: 'PublicBody',
                                     non_profit: true})
CREATE (ts1:Organization:ThirdSector {id: 'TS1', name: 'Terzo Uno', kind: 'ThirdSector',
                                      non_profit: true})
CREATE (sme1:Organization:SME {id: 'SME1', name: 'Impresa Uno', kind: 'SME',
                               size_class: 'micro', non_profit: false})
CREATE (sme2:Organization:SME {id: 'SME2', name: 'Impresa Due', kind: 'SME',
                               size_class: 'small'})
CREATE (fd1:Organization:Foundation {id: 'FD1', name: 'Fondazione', kind: 'Foundation',
                                     non_profit: true})
CREATE (d1)-[:LOCATED_IN]->(m1), (d2)-[:LOCATED_IN]->(m3), (pb1)-[:LOCATED_IN]->(m2),
       (ts1)-[:LOCATED_IN]->(m1), (sme1)-[:LOCATED_IN]->(m3), (sme2)-[:LOCATED_IN]->(m2),
       (fd1)-[:LOCATED_IN]->(m3)
CREATE (ts1)-[:WORKS_ON]->(health), (ts1)-[:WORKS_ON]->(civil)
CREATE (d1)-[:PARTNER_OF {id: 'P1', type: 'formal_agreement', since: date('2016-03-01'),
                          strength: 0.9}]->(ts1)
CREATE (ts1)-[:PARTNER_OF {id: 'P2', type: 'joint_project', since: date('2018-05-01'),
                           until: date('2020-12-31'), strength: 0.5}]->(sme2)
CREATE (sme2)-[:PARTNER_OF {id: 'P3', type: 'informal', since: date('2021-01-15'),
                            strength: 0.3}]->(pb1)
CREATE (pb1)-[:PARTNER_OF {id: 'P4', type: 'joint_project', since: date('2019-01-01'),
                           until: date('2019-06-30'), strength: 0.7}]->(sme1)
CREATE (sme1)-[:PARTNER_OF {id: 'P5', type: 'subsidiarity_pact', since: date('2022-02-01'),
                            strength: 0.8}]->(fd1)
CREATE (fd1)-[:PARTNER_OF {id: 'P6', type: 'informal', since: date('2023-01-01')}]->(d2)
CREATE (sme2)-[:PARTNER_OF {id: 'P7', type: 'formal_agreement', since: date('2015-01-01'),
                            until: date('2017-01-01'), strength: 0.95}]->(ts1)
CREATE (c1:Consortium {id: 'C1', call_code: 'FSE1', year: 2025, status: 'draft'})
CREATE (d1)-[:MEMBER_OF {role: 'lead'}]->(c1), (ts1)-[:MEMBER_OF {role: 'partner'}]->(c1),
       (sme1)-[:MEMBER_OF {role: 'associate'}]->(c1)
"""


def _write_network_tx(tx: ManagedTransaction) -> None:
    tx.run(_NETWORK).consume()


@pytest.fixture
def small(graph: Graph) -> Graph:
    graph.write(_write_network_tx)
    return graph


def _pairs(G: nx.Graph) -> set[frozenset[str]]:
    return {frozenset(e) for e in G.edges()}


def test_whole_network_nodes_and_attributes(small: Graph) -> None:
    G = network_graph(small)
    assert sorted(G) == ["DIST-1", "DIST-2", "FD1", "PB1", "SME1", "SME2", "TS1"]
    assert G.nodes["TS1"] == {
        "id": "TS1",
        "name": "Terzo Uno",
        "kind": "ThirdSector",
        "sector": "civil",
        "district": "D1",
        "size_class": "",
        "themes": "civil_economy;health_wellbeing",
        "non_profit": True,
    }
    assert G.nodes["DIST-1"]["sector"] == "public" and G.nodes["DIST-1"]["district"] == "D1"
    assert G.nodes["SME1"]["size_class"] == "micro" and G.nodes["SME1"]["non_profit"] is False
    assert "non_profit" not in G.nodes["SME2"]  # unknown stays absent, never None
    assert G.nodes["FD1"]["sector"] == "civil" and G.nodes["FD1"]["district"] == "D2"
    assert G.graph["scope"] == "network"


def test_whole_network_edges_merge_repeated_partnerships(small: Graph) -> None:
    G = network_graph(small)
    assert G.number_of_edges() == 6
    assert G.edges["DIST-1", "TS1"] == {
        "type": "formal_agreement",
        "strength": 0.9,
        "count": 1,
        "since": 2016,
    }
    # P2 (2018-2020, 0.5) and P7 (2015-2017, 0.95): the strongest type, the first
    # since and the last until.
    assert G.edges["TS1", "SME2"] == {
        "type": "formal_agreement",
        "strength": 0.95,
        "count": 2,
        "since": 2015,
        "until": 2020,
    }
    assert G.edges["FD1", "DIST-2"]["strength"] == 1.0  # no strength recorded


def test_no_attribute_is_none_so_gephi_formats_accept_the_graph(small: Graph) -> None:
    G = network_graph(small)
    values = [
        *(v for _, d in G.nodes(data=True) for v in d.values()),
        *(v for _, _, d in G.edges(data=True) for v in d.values()),
    ]
    assert None not in values
    buffer = io.BytesIO()
    nx.write_graphml(G, buffer)
    back = nx.read_graphml(io.BytesIO(buffer.getvalue()))
    assert back.nodes["TS1"]["themes"] == "civil_economy;health_wellbeing"


def test_district_keeps_its_organisations_and_their_ties(small: Graph) -> None:
    G = district_graph(small, "D1")
    assert sorted(G) == ["DIST-1", "PB1", "SME2", "TS1"]
    assert _pairs(G) == {
        frozenset(p) for p in [("DIST-1", "TS1"), ("TS1", "SME2"), ("SME2", "PB1")]
    }
    assert G.graph["scope"] == "district" and G.graph["district"] == "D1"
    assert _pairs(district_graph(small, "D2")) == {
        frozenset(("SME1", "FD1")),
        frozenset(("FD1", "DIST-2")),
    }
    assert len(district_graph(small, "D9")) == 0


def test_time_window_keeps_partnerships_active_in_it(small: Graph) -> None:
    G = network_graph(small, start=date(2019, 1, 1), end=date(2019, 12, 31))
    assert _pairs(G) == {
        frozenset(p) for p in [("DIST-1", "TS1"), ("TS1", "SME2"), ("PB1", "SME1")]
    }
    assert sorted(G) == ["DIST-1", "PB1", "SME1", "SME2", "TS1"]  # only active ones
    assert G.edges["TS1", "SME2"] == {  # P7 ended in 2017: only P2 is in the window
        "type": "joint_project",
        "strength": 0.5,
        "count": 1,
        "since": 2018,
        "until": 2020,
    }
    assert G.graph["start"] == "2019-01-01"


def test_open_ended_windows(small: Graph) -> None:
    later = network_graph(small, start=date(2021, 1, 1))
    assert later.number_of_edges() == 4 and len(later) == 7  # P2 ended the day before
    early = network_graph(small, end=date(2015, 6, 30))
    assert _pairs(early) == {frozenset(("TS1", "SME2"))}
    assert district_graph(small, "D1", start=date(2022, 1, 1)).number_of_edges() == 2


def test_consortium_members_with_roles_and_their_ties(small: Graph) -> None:
    G = consortium_graph(small, "C1")
    assert {v: d["role"] for v, d in G.nodes(data=True)} == {
        "DIST-1": "lead",
        "TS1": "partner",
        "SME1": "associate",
    }
    assert _pairs(G) == {frozenset(("DIST-1", "TS1"))}
    assert len(consortium_graph(small, "missing")) == 0


def test_rows_come_in_chunks_without_loss(small: Graph) -> None:
    nodes, edges = small.read(projection_tx, chunk=2, sources_per_chunk=2)
    assert len(nodes) == 7 and len(edges) == 7
    assert sorted(row[0] for row in nodes) == sorted(network_graph(small))
    _, whole = small.read(projection_tx)
    assert sorted(map(tuple, edges)) == sorted(map(tuple, whole))
    _, windowed = small.read(
        projection_tx, sources_per_chunk=3, start=date(2019, 1, 1), end=date(2019, 12, 31)
    )
    assert {frozenset(row[:2]) for row in windowed} == _pairs(
        network_graph(small, start=date(2019, 1, 1), end=date(2019, 12, 31))
    )


def test_contradictory_scopes_are_refused(small: Graph) -> None:
    with pytest.raises(ValueError, match="not both"):
        from graph.projection import project

        project(small, district="D1", consortium="C1")
    with pytest.raises(ValueError, match="starts after"):
        network_graph(small, start=date(2020, 1, 1), end=date(2019, 1, 1))


def test_seed_network_projects_whole_and_analyses(seeded_graph: Graph) -> None:
    G = network_graph(seeded_graph)
    assert G.number_of_nodes() > 500 and G.number_of_edges() > 1000
    assert {d["sector"] for _, d in G.nodes(data=True)} == set(SECTORS)
    assert all(d["district"] for _, d in G.nodes(data=True))
    bundle = analysis_bundle(G, seed=1, samples=5)
    json.dumps(bundle, allow_nan=False)
    assert bundle["structure"]["nodes"] == len(G)
    assert len(bundle["districts"]) == len({d["district"] for _, d in G.nodes(data=True)})
