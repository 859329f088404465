"""Audit finding 15: the memberships import keeps a consortium's structure whatever the
door (one lead; a year where the call needs one) and reports, row by row, every member
that breaks a rule of the call (imported and flagged)."""

from __future__ import annotations

import pytest

from app.services.csv_import import ImportReport
from graph.driver import Graph
from tests.import_reports import error_places
from tests.test_csv_import import _import, faulty_organizations  # noqa: F401

HEADER = (
    "consortium_id,organization_id,role,budget_eur,call_code,consortium_title,"
    "consortium_status,consortium_year,consortium_line,district_code,"
    "consortium_budget_eur"
)


def _import_memberships(graph: Graph, *rows: str) -> ImportReport:
    """Import a memberships file of HEADER and ``rows``."""
    return _import(graph, "memberships", "\n".join([HEADER, *rows]))


def _leads(graph: Graph, consortium_id: str) -> list[str]:
    return graph.read(
        lambda tx: [
            r["id"]
            for r in tx.run(
                "MATCH (o:Organization)-[:MEMBER_OF {role: 'lead'}]->(:Consortium {id: $c}) "
                "RETURN o.id AS id ORDER BY id",
                c=consortium_id,
            )
        ]
    )


@pytest.mark.usefixtures("faulty_organizations")
def test_a_second_lead_is_refused_in_the_file_and_against_the_database(reference: Graph) -> None:
    report = _import_memberships(
        reference,
        "CNS-L,ORG-B,lead,1000,FESR,Due capofila,draft,2024,line1,,",
        "CNS-L,ORG-H,lead,1000,,,,,,,",  # line 3: a second lead
    )
    assert error_places(report) == [(3, "role", "second_lead")]
    assert _leads(reference, "CNS-L") == ["ORG-B"]
    later = _import_memberships(reference, "CNS-L,ORG-A,lead,5,,,,,,,")
    assert [(e.line, e.code) for e in later.errors] == [(2, "second_lead")]
    assert _leads(reference, "CNS-L") == ["ORG-B"]
    # The same lead again is no second lead.
    same = _import_memberships(reference, "CNS-L,ORG-B,lead,1000,,,,,,,")
    assert same.failed == 0


@pytest.mark.usefixtures("faulty_organizations")
def test_a_year_is_required_where_the_call_needs_one(reference: Graph) -> None:
    report = _import_memberships(reference, "CNS-Y,ORG-A,lead,0,FSE1,Senza anno,draft,,,,")
    assert error_places(report) == [(2, "consortium_year", "required")]
    assert report.good == 0


@pytest.mark.usefixtures("faulty_organizations")
def test_members_that_break_a_rule_are_imported_and_flagged(reference: Graph) -> None:
    report = _import_memberships(
        reference,
        # FSE1 is led by a District: a third-sector lead breaks lead_kinds.
        "CNS-F,ORG-A,lead,0,FSE1,Regole,draft,2024,,DCS01,",
        "CNS-F,ORG-H,associate,0,,,,,,,",
    )
    assert report.failed == 0 and report.created == 2
    assert [(f.line, f.column, f.code, f.params.get("rule")) for f in report.flags] == [
        (2, "role", "rule_broken", "lead_kinds")
    ]
    assert report.extra["flagged"] == 1
    lines = list(report.error_report_lines())
    assert len(lines) == 2 and "rule_broken" in lines[1]
