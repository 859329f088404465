"""The partnership dossier: members, roles, budget lines and rule results, as CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from app.services.consortia import ConsortiumView
from app.services.csv_format import escape_cell
from app.services.rules import RuleResult
from graph.consortium_records import BudgetLine

Explain = Callable[[RuleResult], str]
#: A rule result's readable name in the user's language (never the internal code).
Name = Callable[[RuleResult], str]
#: Words a code in the user's language: ``label("kind", "SME")``; categories are
#: ``status``, ``kind``, ``role`` and ``outcome``.
Label = Callable[[str, str], str]


def _euros(amount: int) -> str:
    """Whole euros as an Italian spreadsheet reads them (no grouping).

    >>> _euros(1250000)
    '1250000'
    """
    return str(int(amount))


def dossier_rows(
    view: ConsortiumView, explain: Explain, label: Label, headings: dict[str, str], name: Name
) -> list[list[str]]:
    """The dossier as rows: a header block, members with budget lines, rule results.

    ``headings`` holds the translated section and column names; ``explain``, ``label``
    and ``name`` word rule results, codes and rules in the user's language.
    """
    c, h = view.consortium, headings
    rows = [
        [h["consortium"], c.id],
        [h["title"], c.title or ""],
        [h["call"], view.call.code],
        [h["status"], label("status", c.status)],
        [h["district"], (view.district.name or "") if view.district else ""],
        [h["rules_version"], str(view.rules_version)],
        [h["total_budget"], _euros(view.total_budget)],
        [],
        [h["organization"], h["id"], h["kind"], h["role"], h["budget_line"], h["amount"]],
    ]
    for member in view.members:
        head = [
            member.name,
            member.org_id,
            label("kind", member.kind),
            label("role", member.role),
        ]
        lines = member.budget_lines or (BudgetLine("", member.budget_eur),)
        for line in lines:
            rows.append([*head, line.label, _euros(line.amount_eur)])
    rows += [[], [h["rule"], h["outcome"], h["explanation"], h["members"]]]
    names = view.names()
    for result in view.results:
        concerned = ", ".join(names.get(org_id, org_id) for org_id in result.members)
        rows.append([name(result), label("outcome", result.status), explain(result), concerned])
    return rows


def dossier_csv(rows: list[list[str]]) -> str:
    """``;``-separated text for Italian spreadsheets, every cell made formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([escape_cell(str(cell)) for cell in row])
    return buffer.getvalue()
