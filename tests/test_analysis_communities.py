"""Louvain communities and modularity: a known partition, and igraph beside networkx."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import Backend, louvain, modularity

BACKENDS: list[Backend] = ["networkx", "igraph"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_cliques_joined_by_one_edge(backend: Backend) -> None:
    # Two K4 and one bridge: m = 13 edges; each side holds L = 6 edges and a degree sum
    # of d = 13, so Q = 2 * (6/13 - (13/26)**2) = 12/13 - 1/2 = 0.42308.
    result = louvain(nx.barbell_graph(4, 0), seed=1, backend=backend)
    assert result["communities"] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert result["membership"] == {0: 0, 1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1, 7: 1}
    assert result["modularity"] == pytest.approx(12 / 13 - 0.5)


def test_modularity_by_hand() -> None:
    assert modularity(nx.barbell_graph(4, 0), [range(4), range(4, 8)]) == pytest.approx(
        12 / 13 - 0.5
    )
    assert modularity(nx.empty_graph(3), [{0}, {1}, {2}]) is None


@pytest.mark.parametrize("weight", [None, "weight"])
def test_igraph_and_networkx_reach_comparable_modularity(weight: str | None) -> None:
    G = nx.les_miserables_graph()
    nx_result = louvain(G, weight=weight, seed=5, backend="networkx")
    ig_result = louvain(G, weight=weight, seed=5, backend="igraph")
    assert ig_result["modularity"] == pytest.approx(nx_result["modularity"], abs=0.03)
    for result in (nx_result, ig_result):
        assert sorted(result["membership"]) == sorted(G)
        recomputed = modularity(G, result["communities"], weight=weight)
        assert result["modularity"] == pytest.approx(recomputed)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_seed_repeats_the_partition(backend: Backend) -> None:
    G = nx.karate_club_graph()
    assert louvain(G, seed=9, backend=backend) == louvain(G, seed=9, backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_communities_of_an_edgeless_graph(backend: Backend) -> None:
    result = louvain(nx.empty_graph(3), backend=backend)
    assert result["communities"] == [[0], [1], [2]]
    assert result["modularity"] is None
