"""Gould-Fernandez brokerage and Burt's constraint, by hand and against a brute-force count."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis import ROLES, Backend, brokerage, constraint, top_brokers

BACKENDS: list[Backend] = ["networkx", "igraph"]


def _grouped(edges: list[tuple[str, str]]) -> nx.Graph:
    """Group from the first letter of the node name."""
    G = nx.Graph(edges)
    nx.set_node_attributes(G, {v: v[0] for v in G}, "group")
    return G


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("ends", "middle", "expected"),
    [
        # Each open two-path counts once in each direction (reciprocal arcs).
        (("a1", "a2"), "a0", {"coordinator": 2}),
        (("b1", "b2"), "a0", {"itinerant": 2}),
        (("a1", "b1"), "a0", {"representative": 1, "gatekeeper": 1}),
        (("b1", "c1"), "a0", {"liaison": 2}),
    ],
)
def test_each_role_on_a_single_two_path(
    backend: Backend, ends: tuple[str, str], middle: str, expected: dict[str, int]
) -> None:
    G = _grouped([(ends[0], middle), (middle, ends[1])])
    result = brokerage(G, attr="group", backend=backend)
    assert result[middle] == {role: expected.get(role, 0) for role in ROLES}
    assert all(v == 0 for node in ends for v in result[node].values())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_closed_triangle_brokers_nothing(backend: Backend) -> None:
    result = brokerage(
        _grouped([("a", "b"), ("b", "c"), ("c", "a")]), attr="group", backend=backend
    )
    assert all(v == 0 for roles in result.values() for v in roles.values())


def _gould_fernandez_on_arcs(G: nx.Graph, attr: str) -> dict[object, dict[str, int]]:
    """The textbook count on the symmetric digraph: every a -> b -> c with no a -> c."""
    D = G.to_directed()
    group = nx.get_node_attributes(G, attr)
    counts = {v: dict.fromkeys(ROLES, 0) for v in G}
    for b in D:
        for a in D.predecessors(b):
            for c in D.successors(b):
                if a == c or D.has_edge(a, c):
                    continue
                ga, gb, gc = group[a], group[b], group[c]
                if ga == gb == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "itinerant"
                elif ga == gb:
                    role = "representative"
                elif gb == gc:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                counts[b][role] += 1
    return counts


@pytest.mark.parametrize("seed", range(5))
def test_counts_equal_the_textbook_definition(seed: int) -> None:
    rng = random.Random(seed)
    G = nx.powerlaw_cluster_graph(100, 3, 0.6, seed=seed)
    nx.set_node_attributes(G, {v: rng.choice("abcd") for v in G}, "group")
    expected = _gould_fernandez_on_arcs(G, "group")
    for backend in BACKENDS:
        assert brokerage(G, attr="group", backend=backend) == expected


def test_top_brokers_rank_cross_group_brokerage() -> None:
    G = _grouped([("a1", "a0"), ("a0", "a2"), ("b1", "c0"), ("c0", "a3"), ("c0", "b2")])
    ranked = top_brokers(brokerage(G, attr="group"))
    # c0: b1-a3 and b2-a3 are liaisons (2 x 2), b1-b2 itinerant (2); a0 only coordinates.
    assert ranked == [{"node": "c0", "cross": 6, "liaison": 4}]


@pytest.mark.parametrize("backend", BACKENDS)
def test_constraint_of_a_star(backend: Backend) -> None:
    # The hub's three contacts are unconnected: 3 * (1/3)**2 = 1/3. A leaf depends on
    # its single contact: 1. An isolated node has no constraint.
    G = nx.star_graph(3)
    G.add_node("alone")
    result = constraint(G, backend=backend)
    assert result[0] == pytest.approx(1 / 3)
    assert result[1] == pytest.approx(1.0)
    assert result["alone"] is None


def test_igraph_constraint_equals_networkx() -> None:
    G = nx.les_miserables_graph()
    ig_result = constraint(G, weight="weight", backend="igraph")
    assert ig_result == pytest.approx(constraint(G, weight="weight", backend="networkx"))
