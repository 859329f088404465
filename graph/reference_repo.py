"""Reference data for menus and validation: themes, municipalities, calls."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.records import native_rows


def list_themes_tx(tx: ManagedTransaction) -> list[dict[str, Any]]:
    result = tx.run(
        "MATCH (t:Theme) RETURN t.code AS code, t.label_it AS label_it, t.label_en AS label_en "
        "ORDER BY t.code"
    )
    return native_rows(result)


def list_municipalities_tx(tx: ManagedTransaction) -> list[dict[str, Any]]:
    result = tx.run(
        "MATCH (m:Municipality) RETURN m.istat AS istat, m.name AS name, m.province AS province "
        "ORDER BY m.province, m.name"
    )
    return native_rows(result)
