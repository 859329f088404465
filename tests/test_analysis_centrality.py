"""Centralities on graphs whose answers are known by hand, and igraph against networkx."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import Backend, betweenness, degree, pagerank
from graph.analysis.centrality import BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_MAX_NODES

BACKENDS: list[Backend] = ["networkx", "igraph"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_betweenness_of_a_path(backend: Backend) -> None:
    # 0-1-2-3-4: node 1 lies on the paths 0-2, 0-3, 0-4 (3 pairs), node 2 on 0-3, 0-4,
    # 1-3, 1-4 (4 pairs); there are C(3, 2) = 6 pairs of other nodes to normalise by.
    G = nx.path_graph(5)
    raw = betweenness(G, normalized=False, backend=backend)
    assert raw == {0: 0.0, 1: 3.0, 2: 4.0, 3: 3.0, 4: 0.0}
    assert betweenness(G, backend=backend)[2] == pytest.approx(4 / 6)


@pytest.mark.parametrize("backend", BACKENDS)
def test_betweenness_of_the_florentine_families(backend: Backend) -> None:
    # Padgett's Medici sit on 47.5 of the 91 shortest-path pairs of the other 14 families.
    result = betweenness(nx.florentine_families_graph(), backend=backend)
    assert result["Medici"] == pytest.approx(47.5 / 91)
    assert max(result, key=result.__getitem__) == "Medici"


@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("k", [None, 2, 7, 20])
def test_igraph_betweenness_equals_networkx(k: int | None, normalized: bool) -> None:
    G = nx.les_miserables_graph()
    nx_result = betweenness(G, k=k, seed=11, normalized=normalized, backend="networkx")
    ig_result = betweenness(G, k=k, seed=11, normalized=normalized, backend="igraph")
    assert ig_result == pytest.approx(nx_result, rel=1e-9, abs=1e-12)


def test_sampled_betweenness_is_an_estimate_repeated_by_its_seed() -> None:
    G = nx.les_miserables_graph()
    exact = betweenness(G)
    sampled = betweenness(G, k=10, seed=3)
    assert sampled == betweenness(G, k=10, seed=3)
    assert sampled != exact
    assert betweenness(G, k=len(G), seed=3) == pytest.approx(exact)


def test_betweenness_samples_by_default_above_the_exact_size() -> None:
    G = nx.path_graph(EXACT_BETWEENNESS_MAX_NODES + 1)  # 2,001 nodes
    # Exactly, node i of a path lies between i * (2000 - i) pairs: 500 and 1500 tie.
    # Sources drawn at random fall unevenly on the two sides and break the tie.
    result = betweenness(G, normalized=False, seed=1)
    assert result[500] != pytest.approx(result[1500])
    assert result == betweenness(G, normalized=False, seed=1, k=BETWEENNESS_SAMPLES)
    small = nx.path_graph(EXACT_BETWEENNESS_MAX_NODES)
    assert betweenness(small, normalized=False)[500] == 500 * 1499


def test_betweenness_rejects_a_single_source() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        betweenness(nx.path_graph(5), k=1)


def test_degree_of_a_star() -> None:
    assert degree(nx.star_graph(4)) == {0: 1.0, 1: 0.25, 2: 0.25, 3: 0.25, 4: 0.25}
    G = nx.Graph([(0, 1, {"w": 3.0}), (1, 2, {"w": 1.0})])
    assert degree(G, weight="w") == {0: 1.5, 1: 2.0, 2: 0.5}


@pytest.mark.parametrize("backend", BACKENDS)
def test_pagerank_of_a_star(backend: Backend) -> None:
    # Hub h and three leaves l, alpha = 0.85, n = 4: l = 0.15/4 + 0.85 h/3 and
    # h = 0.15/4 + 0.85 * 3l, so h = 0.0375 * 3.55 / (1 - 0.7225) = 0.47973.
    result = pagerank(nx.star_graph(3), backend=backend)
    assert result[0] == pytest.approx(0.0375 * 3.55 / 0.2775, abs=1e-5)
    assert sum(result.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_igraph_pagerank_matches_networkx(weight: str | None) -> None:
    G = nx.les_miserables_graph()
    G.add_node("isolated")  # a dangling node teleports uniformly in both
    nx_result = pagerank(G, weight=weight, backend="networkx")
    ig_result = pagerank(G, weight=weight, backend="igraph")
    assert ig_result == pytest.approx(nx_result, abs=1e-4)


def test_directed_graphs_are_refused() -> None:
    with pytest.raises(nx.NetworkXNotImplemented):
        pagerank(nx.DiGraph([(0, 1)]))
