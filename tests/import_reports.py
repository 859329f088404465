"""What a CSV import left, as the import tests compare it: its report and the stored
organisations."""

from __future__ import annotations

from typing import Any

from app.services.csv_import import ImportReport
from graph.driver import Graph


def error_places(report: ImportReport) -> list[tuple[int, str, str]]:
    """(line, column, code) of each error of ``report``, in the report's order."""
    return [(e.line, e.column, e.code) for e in report.errors]


def stored_organizations(graph: Graph) -> dict[str, dict[str, Any]]:
    """Every organisation but the districts, by id: its properties, labels, municipality
    (``istat``) and theme codes."""

    def read(tx: Any) -> dict[str, dict[str, Any]]:
        result = tx.run(
            "MATCH (o:Organization) WHERE NOT o:District "
            "OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality) "
            "RETURN o {.*, labels: labels(o), istat: m.istat, "
            "themes: [(o)-[:WORKS_ON]->(t) | t.code]} AS o"
        )
        return {r["o"]["id"]: r["o"] for r in result}

    return graph.read(read)
