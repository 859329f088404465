"""The sector mixing matrix and attribute assortativity, by hand and against networkx."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis import IGraphView, assortativity, mixing_matrix


def _example() -> nx.Graph:
    # public: p, q; civil: c; business: b. Edges p-q (inside public), p-c, c-b.
    G = nx.Graph([("p", "q"), ("p", "c"), ("c", "b")])
    nx.set_node_attributes(
        G, {"p": "PublicBody", "q": "District", "c": "ThirdSector", "b": "SME"}, "kind"
    )
    return G


def _with_random_kinds(G: nx.Graph, rng: random.Random) -> nx.Graph:
    """``G`` with a kind drawn by ``rng`` on every node."""
    kinds = ["District", "PublicBody", "ThirdSector", "SME", "Foundation"]
    nx.set_node_attributes(G, {v: rng.choice(kinds) for v in G}, "kind")
    return G


def test_mixing_matrix_by_hand() -> None:
    result = mixing_matrix(_example())
    assert result["groups"] == ["public", "business", "civil"]
    assert result["counts"] == {
        "public": {"public": 1, "business": 0, "civil": 1},
        "business": {"public": 0, "business": 0, "civil": 1},
        "civil": {"public": 1, "business": 1, "civil": 0},
    }
    assert result["nodes"] == {"business": 1, "civil": 1, "public": 2}
    assert result["cross_share"] == pytest.approx(2 / 3)
    # Edge ends: public 3 of 6, civil 2, business 1: 1 - (1/4 + 1/9 + 1/36) = 11/18.
    assert result["expected_cross_share"] == pytest.approx(11 / 18)


def test_mixing_by_kind_keeps_the_model_order() -> None:
    assert mixing_matrix(_example(), attr="kind")["groups"] == [
        "District",
        "PublicBody",
        "ThirdSector",
        "SME",
    ]


def test_assortativity_by_hand() -> None:
    # Within-group share of edge ends 1/3; by chance 1/4 + 1/9 + 1/36 = 7/18:
    # r = (1/3 - 7/18) / (1 - 7/18) = -1/11.
    assert assortativity(_example()) == pytest.approx(-1 / 11)


def test_perfect_assortativity_and_undefined_cases() -> None:
    G = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "g")
    assert assortativity(G, attr="g") == pytest.approx(1.0)
    nx.set_node_attributes(G, dict.fromkeys(G, "x"), "g")
    assert assortativity(G, attr="g") is None  # one group: no contrast to measure
    assert assortativity(nx.empty_graph(3), attr="g") is None


@pytest.mark.parametrize("attr", ["sector", "kind"])
def test_assortativity_equals_networkx(attr: str) -> None:
    rng = random.Random(1)
    G = _with_random_kinds(nx.gnm_random_graph(120, 300, seed=3), rng)
    nx.set_node_attributes(G, {v: rng.choice(["public", "civil", "business"]) for v in G}, "sector")
    expected = nx.attribute_assortativity_coefficient(G, attr)
    assert assortativity(G, attr=attr) == pytest.approx(expected)


@pytest.mark.parametrize("attr", ["sector", "kind"])
def test_counting_through_an_igraph_view_gives_the_same_matrix(attr: str) -> None:
    G = _with_random_kinds(nx.gnm_random_graph(150, 400, seed=5), random.Random(2))
    view = IGraphView(G)
    assert mixing_matrix(G, attr=attr, view=view) == mixing_matrix(G, attr=attr)
    assert assortativity(G, attr=attr, view=view) == pytest.approx(assortativity(G, attr=attr))
