"""Articulation points, bridges and stranded nodes, against hand answers and brute force."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import Backend, articulation_points, bridges, fragility

BACKENDS: list[Backend] = ["networkx", "igraph"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_path_hangs_on_its_inner_nodes(backend: Backend) -> None:
    G = nx.path_graph(4)
    assert articulation_points(G, backend=backend) == [1, 2]
    assert bridges(G, backend=backend) == [(0, 1), (1, 2), (2, 3)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_cycle_has_no_weak_point(backend: Backend) -> None:
    result = fragility(nx.cycle_graph(6), backend=backend)
    assert result == {"articulation_points": [], "bridges": [], "worst_stranded": 0}


@pytest.mark.parametrize("backend", BACKENDS)
def test_florentine_families(backend: Backend) -> None:
    # Without the Medici, Acciaiuoli and the Salviati-Pazzi pair lose the other 11.
    result = fragility(nx.florentine_families_graph(), backend=backend)
    assert result["articulation_points"] == [
        {"node": "Medici", "pieces": 3, "stranded": 3},
        {"node": "Albizzi", "pieces": 2, "stranded": 1},
        {"node": "Guadagni", "pieces": 2, "stranded": 1},
        {"node": "Salviati", "pieces": 2, "stranded": 1},
    ]
    assert result["bridges"] == [
        ("Acciaiuoli", "Medici"),
        ("Albizzi", "Ginori"),
        ("Guadagni", "Lamberteschi"),
        ("Medici", "Salviati"),
        ("Pazzi", "Salviati"),
    ]
    assert result["worst_stranded"] == 3


def _removal_by_brute_force(G: nx.Graph) -> dict[object, tuple[int, int]]:
    """Remove each cut point and measure the pieces directly."""
    found = {}
    for v in nx.articulation_points(G):
        size = len(nx.node_connected_component(G, v))
        H = G.copy()
        H.remove_node(v)
        pieces = [len(c) for c in nx.connected_components(H) if c & set(G[v])]
        found[v] = (len(pieces), size - 1 - max(pieces))
    return found


@pytest.mark.parametrize("seed", range(8))
def test_stranded_counts_match_removing_each_cut_point(seed: int) -> None:
    G = nx.gnm_random_graph(80, 90, seed=seed)
    G.add_edges_from(nx.path_graph(range(200, 205)).edges())  # a separate component
    expected = _removal_by_brute_force(G)
    for backend in BACKENDS:
        result = fragility(G, backend=backend)
        got = {r["node"]: (r["pieces"], r["stranded"]) for r in result["articulation_points"]}
        assert got == expected
        assert set(result["bridges"]) == {tuple(sorted(e, key=str)) for e in nx.bridges(G)}
