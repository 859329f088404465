"""Year-by-year growth from partnership years, on a history written out by hand."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis import growth


def _history() -> nx.Graph:
    G: nx.Graph[str] = nx.Graph()
    G.add_edge("p", "c", since=2018, until=2019)  # public-civil, two years
    G.add_edge("c", "b", since=2019)  # civil-business, still active
    G.add_edge("b", "s", since=2021, until=2021)  # business-business, one year
    G.add_edge("p", "x")  # undated: left out
    nx.set_node_attributes(
        G, {"p": "public", "c": "civil", "b": "business", "s": "business", "x": "civil"}, "sector"
    )
    return G


def test_growth_by_hand() -> None:
    rows = {r["year"]: r for r in growth(_history())}
    assert list(rows) == [2018, 2019, 2020, 2021]
    # 2018: p-c.  2019: p-c, c-b.  2020: c-b.  2021: c-b, b-s.
    assert [rows[y]["active"] for y in rows] == [1, 2, 1, 2]
    assert [rows[y]["new"] for y in rows] == [1, 1, 0, 1]
    assert [rows[y]["ended"] for y in rows] == [0, 1, 0, 1]
    assert [rows[y]["organizations"] for y in rows] == [2, 3, 2, 3]
    assert [rows[y]["new_organizations"] for y in rows] == [2, 1, 0, 1]
    assert [rows[y]["cross_sector"] for y in rows] == [1, 2, 1, 1]
    assert rows[2021]["cross_sector_share"] == 0.5
    assert rows[2019]["density"] == pytest.approx(2 / 3)  # 2 of 3 pairs among p, c, b


def test_an_organisation_returning_after_a_gap_is_not_new_again() -> None:
    G: nx.Graph[str] = nx.Graph()
    G.add_edge("a", "b", since=2010, until=2010)
    G.add_edge("a", "c", since=2013, until=2013)
    rows = {r["year"]: r for r in growth(G)}
    assert [rows[y]["organizations"] for y in rows] == [2, 0, 0, 2]
    assert [rows[y]["new_organizations"] for y in rows] == [2, 0, 0, 1]


def test_last_year_extends_the_series() -> None:
    rows = growth(_history(), last_year=2023)
    assert [r["year"] for r in rows][-1] == 2023
    assert rows[-1]["active"] == 1  # only c-b is open-ended
    assert growth(nx.path_graph(3)) == []


@pytest.mark.parametrize("seed", range(6))
def test_growth_equals_counting_year_by_year(seed: int) -> None:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 120, seed=seed)
    nx.set_node_attributes(
        G, {v: rng.choice(["public", "civil", "business", ""]) for v in G}, "sector"
    )
    for u, v in G.edges():
        if rng.random() < 0.9:
            G[u][v]["since"] = rng.randrange(2010, 2024)
            if rng.random() < 0.4:
                G[u][v]["until"] = G[u][v]["since"] + rng.randrange(5)
    rows = growth(G, last_year=2026)
    seen: set[int] = set()
    for row in rows:
        year = row["year"]
        active = [
            (u, v)
            for u, v, d in G.edges(data=True)
            if d.get("since", 9999) <= year and d.get("until", 9999) >= year
        ]
        nodes = {x for edge in active for x in edge}
        sector = nx.get_node_attributes(G, "sector")
        assert row["active"] == len(active)
        assert row["organizations"] == len(nodes)
        assert row["new_organizations"] == len(nodes - seen)
        assert row["cross_sector"] == sum(
            1 for u, v in active if sector[u] and sector[v] and sector[u] != sector[v]
        )
        seen |= nodes
