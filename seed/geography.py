"""Which municipalities border which, and where each lies, from the boundaries' TopoJSON.

Read with the standard library: two municipalities are neighbours when their geometries
share an arc (TopoJSON stores a common border once); a municipality's position is the
area-weighted centroid of its rings, in kilometres on a local plane. Moransengo, Tonengo
(merged in 2023) and Miagliano have no shape, so they have neither (seed/README.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import cache
from typing import Any, Final

from seed.reference import PIEMONTE_DIR

TOPOLOGY_FILE: Final = PIEMONTE_DIR / "comuni_piemonte.topo.json"
_KM_PER_DEGREE: Final = 111.2
#: The plane's reference latitude (middle of Piemonte), for the longitude's scale.
_LATITUDE: Final = 45.0


@cache
def _topology() -> dict[str, Any]:
    with open(TOPOLOGY_FILE, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _geometries() -> list[dict[str, Any]]:
    """The municipalities that have a shape (a geometry type and arcs)."""
    geometries = _topology()["objects"]["comuni"]["geometries"]
    return [g for g in geometries if g.get("type") and g.get("arcs")]


def _rings(geometry: dict[str, Any]) -> list[list[int]]:
    """A Polygon's or MultiPolygon's rings, each a list of arc indices."""
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    return [ring for polygon in geometry["arcs"] for ring in polygon]


def _code(geometry: dict[str, Any]) -> str:
    return str(geometry["properties"]["com_istat_code"])


@cache
def adjacency() -> dict[str, frozenset[str]]:
    """Each shaped municipality's ISTAT code with the codes of those it shares an arc with."""
    users: dict[int, set[str]] = {}
    for geometry in _geometries():
        for ring in _rings(geometry):
            for index in ring:
                users.setdefault(index if index >= 0 else ~index, set()).add(_code(geometry))
    neighbours: dict[str, set[str]] = {_code(g): set() for g in _geometries()}
    for codes in users.values():
        for code in codes:
            neighbours[code] |= codes - {code}
    return {code: frozenset(others) for code, others in neighbours.items()}


def _decoded_arcs() -> list[list[tuple[float, float]]]:
    """Every arc as (x, y) kilometres: quantised arcs are delta-encoded, then scaled."""
    topology = _topology()
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    km_x = _KM_PER_DEGREE * math.cos(math.radians(_LATITUDE))
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(
                ((x * scale_x + shift_x) * km_x, (y * scale_y + shift_y) * _KM_PER_DEGREE)
            )
        arcs.append(points)
    return arcs


def _ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> Iterator[tuple[float, float]]:
    """A ring's points in order (an arc's first point is the previous arc's last)."""
    for index in ring:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        yield from points[1:]


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """Each shaped municipality's ISTAT code with its centroid (x, y) in kilometres."""
    arcs = _decoded_arcs()
    result = {}
    for geometry in _geometries():
        area = sum_x = sum_y = 0.0
        for ring in _rings(geometry):
            points = list(_ring_points(ring, arcs))
            for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
                cross = x0 * y1 - x1 * y0
                area += cross
                sum_x += (x0 + x1) * cross
                sum_y += (y0 + y1) * cross
        result[_code(geometry)] = (sum_x / (3 * area), sum_y / (3 * area))
    return result
