"""Reference data for forms: themes and municipalities (small, read often, kept per
network version in each process: callers must not change what they get)."""

from __future__ import annotations

from typing import Any

from app.services.memo import VersionedMemo
from graph.driver import Graph
from graph.reference_repo import list_municipalities_tx, list_themes_tx

_lists: VersionedMemo[list[dict[str, Any]]] = VersionedMemo(8)


def themes(graph: Graph) -> list[dict[str, Any]]:
    return _lists.get(graph, "themes", lambda: graph.read(list_themes_tx))


def municipalities(graph: Graph) -> list[dict[str, Any]]:
    return _lists.get(graph, "municipalities", lambda: graph.read(list_municipalities_tx))
