"""Contiguous regions (the districts) grown over the municipalities' common borders.

A region is the set of municipalities an ``assignment`` maps to its code; it only takes
free municipalities of its own area (its province, by ``area_of``), so it never crosses
an area's border. Borders and positions come from ``seed.geography``.
"""

from __future__ import annotations

import heapq
import math
from collections import deque

from seed import geography


def distance(istat: str, sources: tuple[str, ...]) -> float:
    """Kilometres from a municipality's centroid to the nearest of ``sources`` (those
    with a shape)."""
    position = geography.centroids()
    return min(math.dist(position[istat], position[s]) for s in sources if s in position)


def component(start: str, members: set[str]) -> set[str]:
    """The municipalities of ``members`` reachable from ``start`` across shared borders."""
    neighbours = geography.adjacency()
    found, stack = {start}, [start]
    while stack:
        for there in neighbours[stack.pop()] & members - found:
            found.add(there)
            stack.append(there)
    return found


def _free(istat: str, area: str, assignment: dict[str, str], area_of: dict[str, str]) -> bool:
    """Whether a municipality is still unassigned and lies in ``area``."""
    return istat not in assignment and area_of.get(istat) == area


def join_up(code: str, seat: str, assignment: dict[str, str], area_of: dict[str, str]) -> None:
    """Join region ``code``'s pieces to the piece of its ``seat``: each time the shortest
    chain of free municipalities of its area (breadth-first, in ISTAT order) is claimed.

    Raises ValueError when a piece cannot be reached that way.
    """
    neighbours = geography.adjacency()
    while True:
        region = {i for i, c in assignment.items() if c == code and i in neighbours}
        joined = component(seat, region)
        if joined == region:
            return
        came_from: dict[str, str] = dict.fromkeys(sorted(joined), "")
        queue, end = deque(came_from), ""
        while queue and not end:
            here = queue.popleft()
            for there in sorted(neighbours[here] - came_from.keys()):
                if there in region:
                    end = here
                    break
                if _free(there, area_of[seat], assignment, area_of):
                    came_from[there] = here
                    queue.append(there)
        if not end:
            raise ValueError(f"{code}'s municipalities cannot be joined up in its area")
        while end not in joined:
            assignment[end] = code
            end = came_from[end]


def grow(
    sources: dict[str, tuple[str, ...]], assignment: dict[str, str], area_of: dict[str, str]
) -> None:
    """Grow the regions of ``sources`` (code: its source municipalities) together until no
    free municipality of their areas borders one of them.

    The next municipality taken is, of every free one bordering a region, the nearest to
    one of that region's sources (by centroid), ties to the lower ISTAT code, then the
    lower region code: each region stays one piece, and each municipality goes to a near
    source it can reach without crossing another region.
    """
    neighbours = geography.adjacency()
    area = {code: area_of[codes[0]] for code, codes in sources.items()}
    frontier: list[tuple[float, str, str]] = []

    def reach_from(istat: str, code: str) -> None:
        for there in neighbours.get(istat, ()):
            if _free(there, area[code], assignment, area_of):
                heapq.heappush(frontier, (distance(there, sources[code]), there, code))

    for istat, code in sorted(assignment.items()):
        if code in sources:
            reach_from(istat, code)
    while frontier:
        _, istat, code = heapq.heappop(frontier)
        if istat not in assignment:
            assignment[istat] = code
            reach_from(istat, code)
