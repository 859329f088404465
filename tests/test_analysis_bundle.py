"""The dashboard bundle: complete, JSON-safe, and the same through either backend."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest

from graph.analysis import analysis_bundle, district_table, jsonable
from graph.analysis._igraph import AUTO_MIN_EDGES

KINDS = ["District", "PublicBody", "ThirdSector", "Foundation", "SME"]


def regional(n: int = 150, seed: int = 3) -> nx.Graph:
    """A small region: kinds, three districts, dated partnerships with strengths."""
    rng = random.Random(seed)
    G = nx.powerlaw_cluster_graph(n, 3, 0.4, seed=seed)
    G = nx.relabel_nodes(G, {i: f"org-{i:03d}" for i in G})
    for v in G:
        G.nodes[v].update(kind=rng.choice(KINDS), district=rng.choice(["D1", "D2", "D3"]))
    for u, v in G.edges():
        since = rng.randrange(2015, 2025)
        G[u][v].update(since=since, strength=round(rng.uniform(0.1, 1), 2))
        if rng.random() < 0.3:
            G[u][v]["until"] = since + rng.randrange(3)
    return G


def test_bundle_holds_every_section_as_strict_json() -> None:
    steps: list[tuple[str, float]] = []
    bundle = analysis_bundle(
        regional(), seed=1, samples=5, progress=lambda s, f: steps.append((s, f))
    )
    text = json.dumps(bundle, allow_nan=False)
    assert json.loads(text) == bundle
    assert set(bundle) == {
        "graph",
        "structure",
        "mixing",
        "communities",
        "subsidiarity",
        "districts",
        "fragility",
        "brokers",
        "top",
        "growth",
        "nodes",
        "timings",
    }
    assert [d["district"] for d in bundle["districts"]] == ["D1", "D2", "D3"]
    assert len(bundle["nodes"]) == 150 and len(bundle["top"]["pagerank"]) == 20
    assert bundle["subsidiarity"]["overall"]["samples"] == 5
    fractions = [f for _, f in steps]
    assert fractions == sorted(fractions) and steps[-1] == ("done", 1.0)


def test_both_backends_give_the_same_deterministic_figures() -> None:
    G = regional()
    by_nx = analysis_bundle(G, seed=1, samples=0, backend="networkx")
    by_ig = analysis_bundle(G, seed=1, samples=0, backend="igraph")
    for section in ("structure", "mixing", "fragility", "brokers", "growth", "districts"):
        _assert_close(by_ig[section], by_nx[section], section)
    assert by_ig["subsidiarity"] == by_nx["subsidiarity"]
    for v, metrics in by_nx["nodes"].items():
        assert by_ig["nodes"][v]["betweenness"] == pytest.approx(metrics["betweenness"])
        assert by_ig["nodes"][v]["pagerank"] == pytest.approx(metrics["pagerank"], abs=1e-4)


def _assert_close(got: object, expected: object, where: str) -> None:
    """Equal, with floats compared to rounding, through nested dicts and lists."""
    if isinstance(expected, dict):
        assert isinstance(got, dict) and got.keys() == expected.keys(), where
        for key in expected:
            _assert_close(got[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), where
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            _assert_close(g, e, f"{where}[{i}]")
    elif isinstance(expected, float):
        assert got == pytest.approx(expected), where
    else:
        assert got == expected, where


def test_auto_backend_switches_to_igraph_on_larger_graphs() -> None:
    small, large = regional(100), regional(AUTO_MIN_EDGES)
    assert small.number_of_edges() < AUTO_MIN_EDGES <= large.number_of_edges()
    assert analysis_bundle(small, samples=0)["timings"]["convert"] < 0.01
    bundle = analysis_bundle(large, samples=0, nodes=False)
    assert "nodes" not in bundle and bundle["structure"]["nodes"] == AUTO_MIN_EDGES


def test_district_rows_describe_each_district_alone() -> None:
    G = nx.Graph([("p", "c"), ("c", "b"), ("b", "p"), ("c", "x")])
    nx.set_node_attributes(G, {"p": "D1", "c": "D1", "b": "D1", "x": "D2"}, "district")
    nx.set_node_attributes(
        G, {"p": "PublicBody", "c": "ThirdSector", "b": "SME", "x": "SME"}, "kind"
    )
    rows = district_table(G, samples=0)
    assert [(r["district"], r["nodes"], r["edges"]) for r in rows] == [("D1", 3, 3), ("D2", 1, 0)]
    assert rows[0]["index"] == 1.0 and rows[0]["cross_share"] == 1.0
    assert rows[1]["index"] is None


def test_jsonable_cleans_keys_tuples_and_nan() -> None:
    assert jsonable({("a", 1): [float("inf"), (1, 2)]}) == {"('a', 1)": [None, [1, 2]]}
