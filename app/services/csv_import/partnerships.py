"""The partnerships file: one row per partnership, keyed on ``id`` or on what it links."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, Final

from app.services.csv_import import cells
from app.services.csv_import.errors import CellError
from app.services.csv_import.spec import Column, FileSpec, Problem, Runner
from graph.driver import Graph
from graph.import_repo import write_partnerships_tx
from graph.model import PARTNERSHIP_TYPES

_PROPERTIES: Final = ("type", "since", "until", "strength", "source")
#: ``source`` of a partnership created by an import that does not say where it came from.
DEFAULT_SOURCE: Final = "import"
_FAILURE_COLUMNS: Final = {
    "missing_from": "from_id",
    "missing_to": "to_id",
    "other_endpoints": "id",
}


def derived_partnership_id(a: str, b: str, kind: str, since: date) -> str:
    """A stable id for a row without one: the unordered pair, the type and the start date.

    >>> derived_partnership_id("ORG-2", "ORG-1", "informal", date(2020, 1, 1))
    'PRT-H-D2C91B0987291DEF'
    >>> derived_partnership_id("ORG-1", "ORG-2", "informal", date(2020, 1, 1))
    'PRT-H-D2C91B0987291DEF'
    """
    low, high = sorted((a, b))
    digest = hashlib.sha256(f"{low}\x1f{high}\x1f{kind}\x1f{since.isoformat()}".encode())
    return "PRT-H-" + digest.hexdigest()[:16].upper()


class PartnershipsSpec(FileSpec):
    kind = "partnerships"
    batch_size = 10_000

    def columns(self) -> tuple[Column, ...]:
        return (
            Column("id", cells.identifier),
            Column("from_id", cells.identifier, required=True, in_header=True),
            Column("to_id", cells.identifier, required=True, in_header=True),
            Column("type", cells.choice(PARTNERSHIP_TYPES), required=True, in_header=True),
            Column("since", cells.iso_or_italian_date, required=True, in_header=True),
            Column("until", cells.iso_or_italian_date),
            Column("strength", cells.bounded(0, 1)),
            Column("source", cells.text(100)),
        )

    def finish(self, values: dict[str, Any], line: int) -> tuple[dict[str, Any], list[Problem]]:
        problems: list[Problem] = []
        if values["from_id"] == values["to_id"]:
            problems.append(("to_id", CellError("self_partnership")))
        if values.get("until") is not None and values["until"] < values["since"]:
            problems.append(("until", CellError("until_before_since")))
        if problems:
            return {}, problems
        ident = values.get("id") or derived_partnership_id(
            values["from_id"], values["to_id"], values["type"], values["since"]
        )
        props = {k: values[k] for k in _PROPERTIES if k in self.present}
        for key in ("since", "until"):  # sent as text: cheaper to pack than dates
            if props.get(key) is not None:
                props[key] = props[key].isoformat()
        row = {"id": ident, "from_id": values["from_id"], "to_id": values["to_id"], "props": props}
        if values.get("id"):
            return row, self.duplicate("key", ident, line, "id")
        return row, self.duplicate("key", ident, line, "", "duplicate_pair")

    def write(self, run: Runner, graph: Graph, rows: list[dict[str, Any]]) -> dict[str, Any]:
        return run(graph, write_partnerships_tx, rows=rows, default_source=DEFAULT_SOURCE)

    def failure_cell(self, row: dict[str, Any], code: str) -> tuple[str, str]:
        column = _FAILURE_COLUMNS.get(code, "")
        return column, row.get(column, "") if column else ""
