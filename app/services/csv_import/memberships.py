"""The memberships file: one row per organisation in a consortium, keyed on the pair.

A row may also describe its consortium (call, title, status...); the first row that
does creates or updates it, later rows must agree, and rows that leave the consortium
columns empty refer to a consortium described earlier in the file or in the database.

A consortium's structure holds whatever the door (audit finding 15): a second lead is
refused (in the file or against the database), and so is a consortium of a call with one
consortium per district and edition that gives no year. The call's per-member rules
(who may lead, be a partner or an associate, non-profit, size, capabilities) are
reported row by row: the row is imported and flagged in the report (docs/csv-format.md).
"""

from __future__ import annotations

import json
from typing import Any, Final

from app.services.bounds import EUROS
from app.services.csv_import import cells
from app.services.csv_import.errors import CellError
from app.services.csv_import.spec import Column, FileSpec, Problem, Runner
from app.services.rules.engine import member_problems
from app.services.rules.facts import MemberFacts
from graph.driver import Graph
from graph.import_repo import write_memberships_tx
from graph.model import CONSORTIUM_ROLES, CONSORTIUM_STATUSES

#: Consortium columns and the property each sets on the Consortium node.
CONSORTIUM_COLUMNS: Final = {
    "call_code": "call_code",
    "consortium_title": "title",
    "consortium_status": "status",
    "consortium_year": "year",
    "consortium_line": "line",
    "district_code": "district_code",
    "consortium_budget_eur": "budget_eur",
}
_PROPERTIES: Final = ("role", "budget_eur")
_FAILURE_COLUMNS: Final = {
    "missing_organization": "organization_id",
    "missing_consortium": "consortium_id",
}
_MAX_EUR: Final = EUROS.high


class MembershipsSpec(FileSpec):
    kind = "memberships"
    batch_size = 5_000

    def columns(self) -> tuple[Column, ...]:
        return (
            Column("consortium_id", cells.identifier, required=True, in_header=True),
            Column("organization_id", cells.identifier, required=True, in_header=True),
            Column("role", cells.choice(CONSORTIUM_ROLES), required=True, in_header=True),
            Column("budget_eur", cells.bounded(0, _MAX_EUR)),
            Column("call_code", cells.member_of(self.reference.calls, "unknown_call")),
            Column("consortium_title", cells.text(300)),
            Column("consortium_status", cells.choice(CONSORTIUM_STATUSES)),
            Column("consortium_year", cells.bounded(2000, 2100, integer=True)),
            Column("consortium_line", cells.text(40)),
            Column("district_code", cells.member_of(self.reference.districts, "unknown_district")),
            Column("consortium_budget_eur", cells.bounded(0, _MAX_EUR)),
        )

    def finish(self, values: dict[str, Any], line: int) -> tuple[dict[str, Any], list[Problem]]:
        consortium_id = values["consortium_id"]
        consortium, problems = self._consortium(values)
        if problems:
            return {}, problems
        if values["role"] == "lead":
            first = self.seen.first_line("lead", consortium_id, line, values["organization_id"])
            stored = self.seen.get("lead", consortium_id)
            if first is not None and stored and stored[1] != values["organization_id"]:
                return {}, [("role", CellError("second_lead", line=first))]
        if consortium is None:  # described earlier in the file, perhaps
            stored = self.seen.get("consortium", consortium_id)
            consortium = json.loads(stored[1]) if stored and stored[1] else None
        else:
            text = json.dumps(consortium, sort_keys=True)
            if self.seen.first_line("consortium", consortium_id, line, text) is not None:
                first, first_text = self.seen.get("consortium", consortium_id) or (0, None)
                if first_text != text:
                    return {}, [("consortium_id", CellError("consortium_differs", line=first))]
        key = f"{consortium_id}\x1f{values['organization_id']}"
        row = {
            "consortium_id": consortium_id,
            "organization_id": values["organization_id"],
            "consortium": consortium,
            "props": {k: values[k] for k in _PROPERTIES if k in self.present},
        }
        return row, self.duplicate("key", key, line, "organization_id")

    def _consortium(self, values: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Problem]]:
        """The consortium's properties when this row describes it (its call is given)."""
        given = {c: values[c] for c in CONSORTIUM_COLUMNS if c in self.present}
        call_code = given.get("call_code")
        if call_code is None:
            if any(v is not None for v in given.values()):
                return None, [("call_code", CellError("required"))]
            return None, []
        call = self.reference.calls[call_code]
        problems: list[Problem] = []
        if "consortium_title" in given and given["consortium_title"] is None:
            problems.append(("consortium_title", CellError("required")))
        line = given.get("consortium_line")
        if line is not None and line not in (call.get("lines") or ()):
            problems.append(("consortium_line", CellError("unknown_line")))
        props = {CONSORTIUM_COLUMNS[c]: v for c, v in given.items()}
        if call.get("one_per_district") and given.get("consortium_year") is None:
            # One consortium per district and edition: the edition is part of its key.
            problems.append(("consortium_year", CellError("required")))
        if "district_code" in given:
            district = given["district_code"]
            territorial = district is not None and call.get("one_per_district")
            # The same key as the consortium builder's: one per district, call and edition.
            year = given.get("consortium_year")
            props["district_call_key"] = f"{call_code}:{year}:{district}" if territorial else None
        return props, problems

    def write(self, run: Runner, graph: Graph, rows: list[dict[str, Any]]) -> dict[str, Any]:
        outcome: dict[str, Any] = run(graph, write_memberships_tx, rows=rows)
        flags = []
        for member in outcome.pop("members", []):
            call = self.reference.calls.get(member["call_code"] or "")
            if call is None:
                continue
            org = member["org"]
            facts = MemberFacts(
                org_id=org["id"],
                name=org.get("name") or "",
                kind=org.get("kind") or "",
                role=member["role"] or "",
                non_profit=org.get("non_profit"),
                size_class=org.get("size_class"),
                capabilities=frozenset(org.get("capabilities") or ()),
            )
            for rule in member_problems(self._rules(call), facts, member["line"]):
                flags.append(
                    [
                        member["i"],
                        "rule_broken",
                        {
                            "rule": rule,
                            "call": call["code"],
                            "role": facts.role,
                            "kind": facts.kind,
                        },
                    ]
                )
        outcome["flags"] = flags
        outcome.setdefault("extra", {})["flagged"] = len({f[0] for f in flags})
        return outcome

    def _rules(self, call: dict[str, Any]) -> dict[str, Any]:
        """The call's rules, decoded once per import."""
        if "rules" not in call:
            call["rules"] = json.loads(call.get("rules_json") or "{}")
        rules: dict[str, Any] = call["rules"]
        return rules

    def failure_cell(self, row: dict[str, Any], code: str) -> tuple[str, str]:
        column = _FAILURE_COLUMNS.get(code, "")
        return column, row.get(column, "") if column else ""
