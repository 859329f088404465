"""The seed's district map: contiguous areas grown from the sourced facts, deterministic."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from seed import geography, reference, regions
from seed.districts import (
    DISTRICT_SPECS,
    assign_municipalities,
    cross_province_neighbours,
    district_sources,
    neighbour_pairs,
)

TORINO, MONCALIERI, PINEROLO, NOVARA, CUNEO = "001272", "001156", "001191", "003106", "004078"
SHAPELESS = {"005079": "DCS24", "005110": "DCS24", "096034": "DCS29"}


def _arc_indices(arcs: Any) -> Iterator[int]:
    if isinstance(arcs, int):
        yield arcs if arcs >= 0 else ~arcs
    else:
        for part in arcs:
            yield from _arc_indices(part)


@pytest.fixture(scope="module")
def borders() -> nx.Graph:
    """Municipalities joined when their shapes share an arc, read here independently of
    seed.geography."""
    topology = json.loads(geography.TOPOLOGY_FILE.read_text(encoding="utf-8"))
    graph: nx.Graph = nx.Graph()
    users: dict[int, list[str]] = {}
    for shape in topology["objects"]["comuni"]["geometries"]:
        if shape.get("arcs"):
            istat = shape["properties"]["com_istat_code"]
            graph.add_node(istat)
            for arc in set(_arc_indices(shape["arcs"])):
                users.setdefault(arc, []).append(istat)
    for sharing in users.values():
        graph.add_edges_from((a, b) for a in sharing for b in sharing if a < b)
    return graph


@pytest.fixture(scope="module")
def assignment() -> dict[str, str]:
    return assign_municipalities(reference.municipalities())


def test_borders_are_read_from_the_shapes(borders: nx.Graph) -> None:
    adjacency = geography.adjacency()
    assert len(adjacency) == borders.number_of_nodes() == 1178
    assert {istat: set(others) for istat, others in adjacency.items()} == {
        istat: set(borders[istat]) for istat in borders
    }
    assert MONCALIERI in adjacency[TORINO] and PINEROLO not in adjacency[TORINO]


def test_centroids_lie_where_the_towns_are() -> None:
    position = geography.centroids()
    assert set(position) == set(geography.adjacency())
    (tx, ty), (px, py) = position[TORINO], position[PINEROLO]
    assert 30 < ((tx - px) ** 2 + (ty - py) ** 2) ** 0.5 < 40  # about 35 km apart
    assert position[NOVARA][0] > tx + 50 and position[CUNEO][1] < ty - 60


def test_every_district_is_one_contiguous_area(
    assignment: dict[str, str], borders: nx.Graph
) -> None:
    pieces = {}
    for spec in DISTRICT_SPECS:
        shaped = [i for i, code in assignment.items() if code == spec.code and i in borders]
        pieces[spec.code] = nx.number_connected_components(borders.subgraph(shaped))
    assert pieces == {spec.code: 1 for spec in DISTRICT_SPECS}


def test_sourced_placements_hold(assignment: dict[str, str]) -> None:
    province = {m["istat"]: m["province"] for m in reference.municipalities()}
    specs = {spec.code: spec for spec in DISTRICT_SPECS}
    assert len(assignment) == 1181
    assert all(province[i] == specs[code].province for i, code in assignment.items())
    for code, placed in district_sources().items():
        assert all(assignment[istat] == code for istat in placed)
    for spec in DISTRICT_SPECS:
        if spec.closed:
            members = {i for i, code in assignment.items() if code == spec.code}
            assert members == set(district_sources()[spec.code])
    assert SHAPELESS.items() <= assignment.items()


def test_the_map_is_deterministic(assignment: dict[str, str]) -> None:
    geography.adjacency.cache_clear()
    geography.centroids.cache_clear()
    again = assign_municipalities(list(reversed(reference.municipalities())))
    assert again == assignment


def test_cross_province_neighbours_are_those_with_a_common_border(
    assignment: dict[str, str], borders: nx.Graph
) -> None:
    province = {spec.code: spec.province for spec in DISTRICT_SPECS}
    expected = set()
    for a, b in borders.edges:
        pair = tuple(sorted((assignment[a], assignment[b])))
        if province[pair[0]] != province[pair[1]]:
            expected.add(pair)
    derived = cross_province_neighbours(assignment)
    assert set(derived) == expected and len(derived) == len(expected)
    assert ("DCS12", "DCS22") in expected and ("DCS15", "DCS30") in expected
    assert set(derived) <= set(neighbour_pairs(assignment))


def test_join_up_claims_a_chain_of_free_municipalities_and_refuses_a_blocked_one() -> None:
    province = {m["istat"]: m["province"] for m in reference.municipalities()}
    assignment = {TORINO: "X", PINEROLO: "X"}
    regions.join_up("X", TORINO, assignment, province)
    region = {i for i, code in assignment.items() if code == "X"}
    assert len(region) > 2 and regions.component(TORINO, region) == region
    assert {province[i] for i in region} == {"TO"}
    blocked = {i: "Y" for i, p in province.items() if p == "TO"} | {TORINO: "X", PINEROLO: "X"}
    with pytest.raises(ValueError, match="cannot be joined up"):
        regions.join_up("X", TORINO, blocked, province)
