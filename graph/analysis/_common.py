"""Helpers shared by the analysis modules: input checks, sectors and JSON-safe numbers."""

from __future__ import annotations

import math
import zlib
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

from graph.model import SECTOR_OF_KIND


def require_simple_undirected(G: nx.Graph) -> None:
    """Raise ``NetworkXNotImplemented`` unless ``G`` is a simple undirected graph."""
    if G.is_directed() or G.is_multigraph():
        raise nx.NetworkXNotImplemented("not implemented for directed graphs or multigraphs")


def node_sector(data: Mapping[str, Any], attr: str = "sector") -> str:
    """The sector of a node: its ``attr`` attribute, else the sector of its ``kind``."""
    value = data.get(attr)
    if value:
        return str(value)
    return SECTOR_OF_KIND.get(str(data.get("kind", "")), "")


def node_groups(G: nx.Graph, attr: str) -> dict[Hashable, str]:
    """Each node's group: ``attr`` (for ``"sector"``, derived from ``kind`` when missing)."""
    if attr == "sector":
        return {v: node_sector(d, attr) for v, d in G.nodes(data=True)}
    return {v: str(d.get(attr, "")) for v, d in G.nodes(data=True)}


def members_by(G: nx.Graph, attr: str) -> dict[str, list[Hashable]]:
    """Nodes grouped by ``attr``, groups sorted by name; nodes without one are left out."""
    members: dict[str, list[Hashable]] = {}
    for v, code in node_groups(G, attr).items():
        if code:
            members.setdefault(code, []).append(v)
    return dict(sorted(members.items()))


def group_seed(seed: int | None, name: str) -> int | None:
    """A seed for one group, from the run's ``seed`` and the group's name.

    Adding or removing a group leaves the others' random draws unchanged.
    """
    return None if seed is None else zlib.crc32(f"{seed}:{name}".encode())


def finite(value: float) -> float | None:
    """``value`` as a float, or ``None`` when it is NaN or infinite (JSON has neither)."""
    value = float(value)
    return value if math.isfinite(value) else None
