"""The network document is networkx's node-link data with metrics, positions and the
partnership type under its own name."""

from __future__ import annotations

import networkx as nx

from app.services.analysis_documents import METRICS, network_document, view_document


def _tiny() -> nx.Graph:
    G: nx.Graph[str] = nx.Graph(name="tiny")
    G.add_node("a", name="Comune di Alba", kind="PublicBody", themes="casa;lavoro")
    G.add_node("b", name="Coop Bra", kind="ThirdSector", themes="")
    G.add_edge("a", "b", type="pact", strength=2)
    return G


def test_network_document_is_node_link_data_with_metrics_and_positions() -> None:
    G = _tiny()
    document = network_document(G, {"a": {"degree": 1}}, {"a": (0.5, -1.0)})
    assert document["directed"] is False and document["multigraph"] is False
    assert document["graph"] == {"name": "tiny"} and document["graph"] is not G.graph
    a, b = document["nodes"]
    assert a["id"] == "a" and a["name"] == "Comune di Alba"
    assert a["degree"] == 1 and a["pagerank"] is None and b["degree"] is None
    assert set(METRICS) <= set(a)
    assert (a["x"], a["y"]) == (0.5, -1.0) and (b["x"], b["y"]) == (0.0, 0.0)
    assert document["links"] == [
        {"source": "a", "target": "b", "strength": 2, "partnership_type": "pact"}
    ]
    assert G.edges["a", "b"]["type"] == "pact"  # the graph itself is left alone


def test_view_document_keeps_what_the_browser_draws() -> None:
    view = view_document(network_document(_tiny(), {}, {}))
    assert view["nodes"][0]["themes"] == ["casa", "lavoro"]
    assert "degree" in view["nodes"][0] and "constraint" not in view["nodes"][0]
    assert view["links"][0] == {
        "source": "a",
        "target": "b",
        "partnership_type": "pact",
        "strength": 2,
    }
