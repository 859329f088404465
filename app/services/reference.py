"""Reference data for forms: themes and municipalities (small, read often)."""

from __future__ import annotations

from typing import Any

from graph.driver import Graph
from graph.reference_repo import list_municipalities_tx, list_themes_tx


def themes(graph: Graph) -> list[dict[str, Any]]:
    return graph.read(list_themes_tx)


def municipalities(graph: Graph) -> list[dict[str, Any]]:
    return graph.read(list_municipalities_tx)
