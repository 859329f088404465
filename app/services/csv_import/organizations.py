"""The organisations file: one row per organisation, keyed on ``id``."""

from __future__ import annotations

from typing import Any, Final

from app.services.countries import ITALY
from app.services.csv_import import cells
from app.services.csv_import.errors import CellError
from app.services.csv_import.spec import Column, FileSpec, Problem, Runner
from app.services.dedupe import name_key
from graph.dedupe_repo import import_neighbourhoods_tx
from graph.driver import Graph
from graph.import_repo import write_organizations_tx
from graph.model import CAPABILITIES, KINDS, SME_SIZES

#: Columns stored as node properties (the others become relationships or the key).
_PROPERTIES: Final = (
    "name",
    "legal_form",
    "tax_code",
    "size_class",
    "non_profit",
    "description",
    "website",
    "email",
    "capabilities",
    "fictional",
    "country",
)
_FAILURE_COLUMNS: Final = {
    "tax_code_taken": "tax_code",
    "kind_changed": "kind",
    "new_district": "kind",
}


class OrganizationsSpec(FileSpec):
    kind = "organizations"
    batch_size = 5_000

    def columns(self) -> tuple[Column, ...]:
        return (
            Column("id", cells.identifier, required=True, in_header=True),
            Column("kind", cells.choice(KINDS), required=True, in_header=True),
            Column("name", cells.text(200), required=True, in_header=True),
            Column("legal_form", cells.text(120)),
            Column("tax_code", cells.tax_code),
            Column("size_class", cells.choice(SME_SIZES)),
            Column("non_profit", cells.boolean),
            # Required unless the row gives a country (see _place_rules).
            Column(
                "municipality_istat",
                cells.istat_code(self.reference.municipalities),
                in_header=True,
            ),
            Column("country", cells.country),
            Column("description", cells.text(2000)),
            Column("website", cells.url),
            Column("email", cells.email),
            Column("themes", cells.code_list(self.reference.themes, "unknown_theme")),
            Column("capabilities", cells.code_list(CAPABILITIES, "unknown_capability")),
            Column("fictional", cells.boolean),
        )

    def finish(self, values: dict[str, Any], line: int) -> tuple[dict[str, Any], list[Problem]]:
        problems = self._kind_rules(values) + self._place_rules(values)
        if problems:
            return {}, problems
        problems = self.duplicate("key", values["id"], line, "id")
        if values.get("tax_code") and not problems:
            problems = self.duplicate("tax_code", values["tax_code"], line, "tax_code")
        row = {
            "id": values["id"],
            "kind": values["kind"],
            "istat": values["municipality_istat"],
            "themes": values["themes"] if "themes" in self.present else None,
            "props": {k: values[k] for k in _PROPERTIES if k in self.present},
        }
        return row, problems

    def _kind_rules(self, values: dict[str, Any]) -> list[Problem]:
        """Size classes belong to SMEs; everyone else is non-profit (as profile forms say)."""
        sme = values["kind"] == "SME"
        problems: list[Problem] = []
        if "size_class" in self.present:
            if sme and values["size_class"] is None:
                problems.append(("size_class", CellError("required")))
            elif not sme and values["size_class"] is not None:
                problems.append(("size_class", CellError("size_class_not_sme")))
        if "non_profit" in self.present:
            if values["non_profit"] is None:
                values["non_profit"] = not sme
            elif not sme and not values["non_profit"]:
                problems.append(("non_profit", CellError("profit_not_sme")))
        # Empty cells that mean "none" or "no" rather than "unknown".
        for column, empty in (("fictional", False), ("themes", []), ("capabilities", [])):
            if column in self.present and values[column] is None:
                values[column] = empty
        return problems

    def _place_rules(self, values: dict[str, Any]) -> list[Problem]:
        """A municipality (in Piemonte, so in Italy), or a country, or both with IT."""
        country = values.get("country")
        if values["municipality_istat"] is None:
            return [] if country else [("municipality_istat", CellError("required"))]
        if country not in (None, ITALY):
            return [("country", CellError("country_not_italy"))]
        return []

    def write(self, run: Runner, graph: Graph, rows: list[dict[str, Any]]) -> dict[str, Any]:
        warnings = self._similar_names(graph, rows)
        outcome = run(graph, write_organizations_tx, rows=rows)
        failed = {entry[0] for entry in outcome["failed"]}
        outcome["warnings"] = [w for w in warnings if w[0] not in failed]
        return outcome

    def _similar_names(self, graph: Graph, rows: list[dict[str, Any]]) -> list[list[Any]]:
        """Warnings for new organisations whose normalised name equals that of another in
        the same municipality or district, stored or earlier in the file (the row is still
        written). Equality of the names' keys (their normalised words, in any order), not
        the proposal form's token-set ratio: one dictionary look-up per row keeps a
        100,000-row import fast."""
        if not hasattr(self, "_areas"):
            self._areas: dict[str, str] = {}
            self._names: dict[str, dict[str, tuple[str, str]]] = {}
        istats = sorted({r["istat"] for r in rows if r["istat"]} - set(self._areas))
        found = graph.read(import_neighbourhoods_tx, istats=istats, ids=[r["id"] for r in rows])
        for istat, area in found["areas"]:
            self._areas[istat] = area
            self._names.setdefault(area, {})
        for org_id, name, area in found["organizations"]:
            self._names[area].setdefault(name_key(name or ""), (org_id, name))
        existing = set(found["existing"])
        warnings: list[list[Any]] = []
        for row in rows:
            area = self._areas.get(row["istat"] or "")
            name = row["props"].get("name")
            if row["id"] in existing or area is None or not name:
                continue
            holder = self._names[area].setdefault(name_key(name), (row["id"], name))
            if holder[0] != row["id"]:
                warnings.append(
                    [row["i"], "similar_name", {"holder": holder[0], "name": holder[1]}]
                )
        return warnings

    def failure_cell(self, row: dict[str, Any], code: str) -> tuple[str, str]:
        if code == "similar_name":
            return "name", row["props"].get("name") or ""
        column = _FAILURE_COLUMNS.get(code, "")
        if column == "tax_code":
            return column, row["props"].get("tax_code") or ""
        return column, row["kind"] if column else ""
