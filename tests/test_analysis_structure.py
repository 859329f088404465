"""Density, components and clustering, by hand and igraph beside networkx."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import Backend, component_sizes, structure

BACKENDS: list[Backend] = ["networkx", "igraph"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_triangle_with_a_tail_and_an_isolate(backend: Backend) -> None:
    # Triangle 0-1-2, tail 2-3, isolate 4: 4 of C(5, 2) = 10 pairs tied. Local clustering
    # 1, 1, 1/3 (one of node 2's three neighbour pairs is tied), 0, 0: mean 7/15.
    # Connected triples: 1 + 1 + 3 = 5 centred, 3 of them closed: transitivity 3/5.
    G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])
    G.add_node(4)
    result = structure(G, backend=backend)
    assert result == {
        "nodes": 5,
        "edges": 4,
        "density": 0.4,
        "average_degree": 1.6,
        "components": 2,
        "largest_component": 4,
        "largest_share": 0.8,
        "isolates": 1,
        "average_clustering": pytest.approx(7 / 15),
        "transitivity": pytest.approx(3 / 5),
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_component_sizes(backend: Backend) -> None:
    G = nx.Graph([(1, 2), (2, 3), (4, 5)])
    G.add_node(6)
    assert component_sizes(G, backend=backend) == [3, 2, 1]


def test_igraph_structure_equals_networkx() -> None:
    G = nx.les_miserables_graph()
    G.add_nodes_from(["lonely", "alone"])
    assert structure(G, backend="igraph") == pytest.approx(structure(G, backend="networkx"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_empty_graph(backend: Backend) -> None:
    result = structure(nx.Graph(), backend=backend)
    assert result["nodes"] == 0 and result["components"] == 0 and result["density"] == 0
