"""Records built by graph.records.FromRecord: Neo4j values made Python's, nested records,
tuples of them (from lists or stored JSON text), None kept, converters by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from neo4j.time import Date, DateTime

from graph.call_records import Call, CallPhase
from graph.consortium_records import BudgetLine, ConsortiumMember
from graph.partnership_records import OrgRef, Partnership, PartnershipOf
from graph.records import FromRecord, MissingKeysError


@dataclass(frozen=True)
class _Tie(FromRecord):
    """Fields of every kind from_record() builds."""

    first: Partnership
    other: OrgRef | None
    sides: tuple[OrgRef, ...]
    lines: tuple[BudgetLine, ...]
    label: str

    CONVERT = {"label": str.upper}


def test_nested_records_tuples_none_and_converters() -> None:
    tie = _Tie.from_record(
        {
            "first": {
                "id": "P1",
                "type": None,
                "since": Date(2024, 5, 1),
                "until": None,
                "source": None,
            },
            "other": None,
            "sides": [{"id": "B", "name": "Beta", "kind": None}],
            "lines": '[{"label": "Staff", "amount_eur": 1200}]',
            "label": "x",
        }
    )
    assert tie == _Tie(
        Partnership("P1", None, date(2024, 5, 1), None, None, None),
        None,
        (OrgRef("B", "Beta", None, None),),
        (BudgetLine("Staff", 1200),),
        "X",
    )
    assert type(tie.first.since) is date  # not neo4j.time.Date


def test_null_values_and_lines_read_as_empty() -> None:
    member = ConsortiumMember.from_record(
        {
            "org_id": "ORG-A",
            "name": "Alfa",
            "kind": "SME",
            "non_profit": None,
            "size_class": None,
            "capabilities": ["accompaniment"],
            "themes": None,
            "role": "lead",
            "budget_eur": 0,
            "budget_lines": None,
            "code": None,
            "district_code": None,
            "joined_at": DateTime(2026, 1, 2, 3, 4, 5),
        }
    )
    assert member.budget_lines == () and member.themes == ()
    assert member.capabilities == ("accompaniment",) and member.code is None
    assert type(member.joined_at) is datetime


def test_a_missing_key_fails_unless_its_field_has_a_default() -> None:
    """A misspelt RETURN alias is an error naming the record and the keys, not a None."""
    with pytest.raises(MissingKeysError, match=r"^Partnership: row has no key type, source$"):
        Partnership.from_record({"id": "P1", "tipe": "formal", "since": None, "until": None})
    with pytest.raises(MissingKeysError, match=r"^_Tie: row has no key label$"):
        _Tie.from_record({"first": None, "other": None, "sides": [], "lines": "[]"})
    # ended_at has a default: a query that leaves it out reads it as None.
    partnership = Partnership.from_record(
        {"id": "P1", "type": "formal", "since": None, "until": None, "source": None}
    )
    assert partnership.ended_at is None and partnership.type == "formal"
    # OrgRef.code likewise; a nested record is as strict as its own fields.
    assert OrgRef.from_record({"id": "B", "name": "Beta", "kind": "SME"}).code is None
    with pytest.raises(MissingKeysError, match=r"^OrgRef: row has no key kind$"):
        PartnershipOf.from_record(
            {
                "partnership": {
                    "id": "P1",
                    "type": None,
                    "since": None,
                    "until": None,
                    "source": None,
                },
                "organization": {"id": "A", "name": "Alfa"},
                "partner": {"id": "B", "name": "Beta", "kind": "SME"},
            }
        )


def test_a_call_parses_its_phases_rules_and_documents() -> None:
    call = Call.from_record(
        {
            "code": "FSE1",
            "phases_json": '[{"code": "p", "label_it": "Proposta", "deadline": "2026-03-31"},'
            ' {"code": "e", "deadline": ""}]',
            "rules_json": '{"min_members": 3}',
            "documents_json": '[{"title": "Bando", "url": "https://example.org/b.pdf"}]',
            "opens_on": "2026-01-15",
            "themes": [{"code": "casa", "label_it": "Casa", "label_en": "Housing"}],
        }
    )
    assert call.phases == (
        CallPhase("p", "Proposta", None, date(2026, 3, 31)),
        CallPhase("e", None, None, None),
    )
    assert call.rules == {"min_members": 3} and call.rules_version == 1
    assert call.opens_on == date(2026, 1, 15) and call.documents[0].title == "Bando"
    assert [t.label_en for t in call.themes] == ["Housing"] and not call.practice_mode
