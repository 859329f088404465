"""The circular-subsidiarity index on constructed networks, by hand and against its baseline."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import Backend, subsidiarity_by_group, subsidiarity_index, triad_counts

BACKENDS: list[Backend] = ["networkx", "igraph"]


def _sectors(G: nx.Graph) -> nx.Graph:
    """Sector from the first letter of the node name: P public, C civil, B business."""
    names = {"P": "public", "C": "civil", "B": "business"}
    nx.set_node_attributes(G, {v: names[v[0]] for v in G}, "sector")
    return G


def constructed() -> nx.Graph:
    """Two parts, one closed and one open.

    Part 1: triangle P1-C1-B1 with pendants P1-P2 and C1-C2.
      two-paths by middle node: P1 has C(3,2) = 3 ({C1,B1} spans), C1 has 3 ({P1,B1}
      spans), B1 has 1 ({P1,C1} spans), P2 and C2 none: 7 two-paths, 3 spanning.
    Part 2: civil hub C0 tied to P0, B0 and B9.
      C0 has C(3,2) = 3 two-paths: {P0,B0} and {P0,B9} span, {B0,B9} does not.
    Totals: 10 two-paths, 5 spanning: index 5/10 = 0.5. One triangle, spanning:
    triangle share 1. Open two-paths 10 - 3 = 7, of which 5 - 3 = 2 span: 2/7.
    """
    return _sectors(
        nx.Graph(
            [
                ("P1", "C1"),
                ("C1", "B1"),
                ("B1", "P1"),
                ("P1", "P2"),
                ("C1", "C2"),
                ("C0", "P0"),
                ("C0", "B0"),
                ("C0", "B9"),
            ]
        )
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_index_of_the_constructed_example(backend: Backend) -> None:
    result = subsidiarity_index(constructed(), samples=0, backend=backend)
    assert {k: result[k] for k in triad_counts(constructed())} == {
        "two_paths": 10,
        "spanning_two_paths": 5,
        "triangles": 1,
        "spanning_triangles": 1,
    }
    assert result["index"] == 0.5
    assert result["triangle_share"] == 1.0
    assert result["open_share"] == pytest.approx(2 / 7)
    assert result["z"] is None and result["samples"] == 0


def test_sector_comes_from_kind_when_missing() -> None:
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "District", "b": "Foundation", "c": "SME"}, "kind")
    assert triad_counts(G)["spanning_two_paths"] == 1
    G.nodes["c"]["kind"] = "Unknown"  # an unknown kind spans nothing
    assert triad_counts(G)["spanning_two_paths"] == 0


def _triangles(sector_of_corner: list[str], count: int) -> nx.Graph:
    G: nx.Graph[str] = nx.Graph()
    for i in range(count):
        a, b, c = (f"{s}{i}{j}" for j, s in enumerate(sector_of_corner))
        G.add_edges_from([(a, b), (b, c), (c, a)])
    return _sectors(G)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_circular_network_beats_its_baseline(backend: Backend) -> None:
    # Ten public-civil-business triangles: every two-path spans (index 1). Rewired with
    # the same degrees (all 2) the triangles become mixed cycles: less than 1 on average.
    result = subsidiarity_index(_triangles(["P", "C", "B"], 10), seed=4, backend=backend)
    assert result["index"] == 1.0
    assert result["baseline_mean"] < 0.8
    assert result["z"] > 2
    assert result["ratio"] > 1.2


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_siloed_network_falls_below_its_baseline(backend: Backend) -> None:
    # Triangles inside one sector each (P, C, B in turn): no two-path spans (index 0),
    # while random graphs with the same degrees do span the sectors now and then.
    G = nx.union_all([_triangles([s, s, s], 4) for s in "PCB"])
    result = subsidiarity_index(G, seed=4, backend=backend)
    assert result["index"] == 0.0
    assert result["baseline_mean"] > 0.05
    assert result["z"] < -2


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_baseline_is_repeated_by_its_seed(backend: Backend) -> None:
    G = _sectors(
        nx.relabel_nodes(
            nx.powerlaw_cluster_graph(90, 3, 0.3, seed=2), lambda i: "PCB"[i % 3] + str(i)
        )
    )
    first = subsidiarity_index(G, samples=10, seed=1, backend=backend)
    assert first == subsidiarity_index(G, samples=10, seed=1, backend=backend)
    other = subsidiarity_index(G, samples=10, seed=2, backend=backend)
    assert other["baseline_mean"] != first["baseline_mean"]
    assert first["samples"] == 10
    assert first["z"] == pytest.approx(
        (first["index"] - first["baseline_mean"]) / first["baseline_std"]
    )


def test_both_backends_draw_the_same_baseline_distribution() -> None:
    G = _sectors(
        nx.relabel_nodes(
            nx.powerlaw_cluster_graph(150, 3, 0.5, seed=7), lambda i: "PCBCB"[i % 5] + str(i)
        )
    )
    nx_result = subsidiarity_index(G, samples=30, seed=1, backend="networkx")
    ig_result = subsidiarity_index(G, samples=30, seed=1, backend="igraph")
    assert ig_result["index"] == nx_result["index"]
    spread = 3 * max(nx_result["baseline_std"], ig_result["baseline_std"])
    assert abs(ig_result["baseline_mean"] - nx_result["baseline_mean"]) < spread


def test_a_graph_that_cannot_be_rewired_has_no_z() -> None:
    # A single triangle: every degree-preserving swap would create a multi-edge.
    result = subsidiarity_index(_triangles(["P", "C", "B"], 1), seed=1, backend="networkx")
    assert result["baseline_std"] == 0 and result["z"] is None and result["ratio"] == 1.0


def test_index_per_district() -> None:
    G = nx.union(constructed(), _triangles(["P", "P", "C"], 1))
    nx.set_node_attributes(G, {v: "D1" for v in constructed()}, "district")
    nx.set_node_attributes(G, {v: "D2" for v in _triangles(["P", "P", "C"], 1)}, "district")
    result = subsidiarity_by_group(G, samples=0)
    assert list(result) == ["D1", "D2"]
    assert result["D1"]["index"] == 0.5
    assert result["D2"]["index"] == 0.0  # no business in D2: nothing can span


def test_the_whole_index_is_the_weighted_mean_of_inside_and_outside_chains() -> None:
    from graph.analysis.bundle import district_table
    from graph.analysis.subsidiarity import index_decomposition

    # Two districts, each a one-sector chain inside, tied to each other across sectors.
    G = nx.Graph(
        [("p1", "p2"), ("p2", "p3"), ("c1", "c2"), ("c2", "c3"), ("p2", "c2"), ("c2", "b1")]
    )
    nx.set_node_attributes(
        G,
        {
            "p1": "public",
            "p2": "public",
            "p3": "public",
            "c1": "civil",
            "c2": "civil",
            "c3": "civil",
            "b1": "business",
        },
        "sector",
    )
    nx.set_node_attributes(G, {n: "D1" for n in ("p1", "p2", "p3")}, "district")
    nx.set_node_attributes(G, {n: "D2" for n in ("c1", "c2", "c3", "b1")}, "district")
    nx.set_node_attributes(
        G,
        {
            n: {"public": "PublicBody", "civil": "ThirdSector", "business": "SME"}[
                G.nodes[n]["sector"]
            ]
            for n in G
        },
        "kind",
    )
    overall = subsidiarity_index(G, samples=0)
    rows = district_table(G, samples=0)
    found = index_decomposition(overall, rows)
    assert found is not None
    assert found["index"] == pytest.approx(overall["index"])
    inside = sum(r["two_paths"] for r in rows)
    assert inside < overall["two_paths"]
    # The whole is the two-path-weighted mean of the two parts, exactly.
    share = found["inside_share"]
    assert share * found["inside_index"] + (1 - share) * found["outside_index"] == (
        pytest.approx(found["index"])
    )
    # Rows from a bundle computed before the counts were stored: no decomposition.
    assert index_decomposition(overall, [{"index": 0.1}]) is None
