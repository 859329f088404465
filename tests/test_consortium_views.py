"""Dossier (CSV and printable page), the district lead's view, gap analysis with a
swappable recommender, rule wording in both languages, the public call pages."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from flask import Flask

from app.services import audit, consortia, gaps, invitations, recommend
from app.services.rules import evaluate
from app.wording.rules import explain, known_messages
from graph.driver import Graph
from tests.consortium_factories import add_organizations, consortium_led_by, load_calls
from tests.factories import RoleUsers, login
from tests.test_rules_engine import FAILING, VALID, _rules


@pytest.fixture
def fse1(users: RoleUsers, world: Graph) -> str:
    """A measure-1 draft of DCS01 with the lead, Comune di Prova (partner) and Alfa."""
    load_calls(world)
    add_organizations(world)
    cid = consortium_led_by(world, users.lead, "DCS01", title='Prossimità; "=rischio"')
    lead_lines = json.dumps([{"label": "Coordinamento", "amount_eur": 50000}])
    partner_lines = json.dumps(
        [{"label": "Personale", "amount_eur": 120000}, {"label": "=Sede", "amount_eur": 5000}]
    )
    world.write(
        lambda tx: tx.run(
            """
        MATCH (c:Consortium {id: $c}), (p:Organization {id: 'ORG-P'}),
              (d:Organization {id: 'DCS01'})-[r:MEMBER_OF]->(c)
        SET r.budget_eur = 50000, r.budget_lines = $lead_lines
        CREATE (p)-[:MEMBER_OF {role: 'partner', budget_eur: 125000,
                                budget_lines: $partner_lines}]->(c)
        """,
            c=cid,
            lead_lines=lead_lines,
            partner_lines=partner_lines,
        ).consume()
    )
    return cid


def test_dossier_csv_has_members_budget_lines_and_rules(fse1: str, app: Flask) -> None:
    lead = app.test_client()
    login(lead, "lead")
    response = lead.get(f"/consorzi/{fse1}/dossier.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    flat = [";".join(row) for row in rows]
    assert any(
        row[:2] == ["Comune di Prova", "ORG-P"] and row[4:] == ["Personale", "120000"]
        for row in rows
    )
    assert any(row[4:] == ["'=Sede", "5000"] for row in rows)  # formula-safe
    assert any("175000" in line for line in flat)  # total budget
    rule_rows = {row[0]: row[1] for row in rows[rows.index([]) + 1 :] if len(row) == 4}
    # rules by their readable names and outcomes worded in the user's language (Italian
    # by default), never the internal codes
    assert not any(
        code in line
        for line in flat
        for code in ("lead_kinds", "required_kind_groups", "min_members")
    )
    third = [name for name in rule_rows if name.startswith("Membri obbligatori (Ente del Terzo")]
    assert third and rule_rows[third[0]] == "non rispettata"
    assert rule_rows["Capofila"] == "rispettata"
    assert rule_rows["Numero minimo"] in ("rispettata", "non rispettata")
    page = lead.get(f"/consorzi/{fse1}/dossier")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="dossier-members"' in html
    assert "Personale" in html and 'data-rule="min_members"' in html


def test_district_view_shows_who_is_not_involved(fse1: str, app: Flask) -> None:
    lead = app.test_client()
    login(lead, "lead")
    html = lead.get("/consorzi/distretto/DCS01").get_data(as_text=True)
    uninvolved = html.split('id="uninvolved"')[1].split("</ul>")[0]
    # Alfa and the Comune have a partnership; the Comune is a member; Beta, Gamma, Delta
    # have neither.
    assert all(f'data-org="{o}"' in uninvolved for o in ("ORG-B", "ORG-C", "ORG-F"))
    assert 'data-org="ORG-A"' not in uninvolved and 'data-org="ORG-P"' not in uninvolved
    assert fse1 in html
    assert lead.get("/consorzi/distretto/DCS02").status_code == 403
    staff = app.test_client()
    login(staff, "staff")
    assert staff.get("/consorzi/distretto/DCS02").status_code == 200
    assert staff.get("/consorzi/distretto/NOPE").status_code == 404


def test_gaps_name_sectors_themes_rules_with_eligible_suggestions(fse1: str, world: Graph) -> None:
    view = consortia.load_view(world, fse1)
    assert view is not None
    found = {(g.kind, g.code): g for g in gaps.gap_analysis(world, view)}
    civil = found[("sector", "civil")]
    assert {s.org_id for s in civil.suggestions} == {"ORG-A", "ORG-C", "ORG-F"}
    roles = {s.org_id: s.role for s in civil.suggestions}
    assert roles == {"ORG-A": "partner", "ORG-C": "partner", "ORG-F": "associate"}
    business = found[("sector", "business")]
    assert [(s.org_id, s.role) for s in business.suggestions] == [("ORG-B", "associate")]
    theme = found[("theme", "themes")]
    assert "proximity_assistance" in theme.params["themes"]
    assert [s.org_id for s in theme.suggestions][0] == "ORG-A"
    rule = found[("rule", "required_kind_groups:ThirdSector")]
    assert {s.org_id for s in rule.suggestions} == {"ORG-A", "ORG-C"}


def test_gap_suggestions_come_from_a_swappable_recommender(fse1: str, world: Graph) -> None:
    asked: list[dict[str, Any]] = []

    class Suggested:
        def __init__(self, org_id: str, kind: str) -> None:
            self.org_id, self.name, self.kind = org_id, org_id, kind
            self.sector, self.score, self.reasons = "", 0.9, ["has worked with the lead"]

    def fake(graph: Graph, consortium_id: str, **kwargs: Any) -> list[Suggested]:
        asked.append({"id": consortium_id, **kwargs})
        return [
            Suggested("ORG-Q", "PublicBody"),
            Suggested("ORG-B", "SME"),
            Suggested("ORG-P", "PublicBody"),
        ]

    view = consortia.load_view(world, fse1)
    assert view is not None
    found = {(g.kind, g.code): g for g in gaps.gap_analysis(world, view, suggest=fake)}
    assert asked and all(a["id"] == fse1 for a in asked)
    assert {"missing_sectors", "missing_themes", "limit"} <= set(asked[0])
    business = found[("sector", "business")]
    assert [(s.org_id, s.reasons) for s in business.suggestions] == [
        ("ORG-B", ("has worked with the lead",))
    ]
    # ORG-P is already a member: never suggested again.
    assert all(s.org_id != "ORG-P" for g in found.values() for s in g.suggestions)
    # Without an argument, the partnerships recommender is used.
    assert gaps.recommender() is recommend.recommend_for_consortium


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_rule_verdict_has_a_sentence(lang: str, app: Flask) -> None:
    produced = set()
    with app.test_request_context(f"/?lang={lang}"):
        for key, facts in VALID.items():
            for result in evaluate(_rules(key), facts):
                produced.add(result.message)
                assert explain(result) != result.message
        for key, _rule, mutation, _code in FAILING:
            for result in evaluate(_rules(key), mutation(VALID[key])):
                produced.add(result.message)
                assert explain(result) != result.message
    assert produced <= known_messages()


def test_call_pages_are_public(users: RoleUsers, world: Graph, app: Flask) -> None:
    load_calls(world)
    client = app.test_client()
    listing = client.get("/bandi/").get_data(as_text=True)
    assert all(
        f'data-call="{code}"' in listing for code in ("FSE1", "FSE2", "FSE3", "FESR", "FSE4")
    )
    detail = client.get("/bandi/FESR?lang=en").get_data(as_text=True)
    assert "Line 2: micro and small enterprises" in detail
    assert "Total budget at most" in detail
    assert client.get("/bandi/FSE1/modifica").status_code == 302  # to the login page


def test_gap_suggestions_are_shared_until_membership_or_network_changes(
    fse1: str, world: Graph, users: RoleUsers
) -> None:
    """The recommender answers are kept per network version and consortium state: a
    budget change (bookkeeping) asks nothing again, a new member does."""
    view = consortia.load_view(world, fse1)
    assert view is not None
    gaps.gap_analysis(world, view)
    misses = gaps._answers.misses
    again = consortia.load_view(world, fse1)
    assert again is not None
    assert gaps.gap_analysis(world, again) == gaps.gap_analysis(world, view)
    assert gaps._answers.misses == misses
    version = world.version()
    invitations.set_budget(
        world, audit.Actor(users.lead), again, "ORG-P", [invitations.BudgetLine("Personale", 1000)]
    )
    assert world.version() == version  # budgets are bookkeeping
    budgeted = consortia.load_view(world, fse1)
    assert budgeted is not None and budgeted.total_budget != again.total_budget
    gaps.gap_analysis(world, budgeted)
    assert gaps._answers.misses == misses
    world.write(
        lambda tx: tx.run(
            "MATCH (c:Consortium {id: $c}), (a:Organization {id: 'ORG-A'}) "
            "CREATE (a)-[:MEMBER_OF {role: 'partner'}]->(c)",
            c=fse1,
        ).consume()
    )
    joined = consortia.load_view(world, fse1)
    assert joined is not None
    found = gaps.gap_analysis(world, joined)
    assert gaps._answers.misses > misses
    assert all(s.org_id != "ORG-A" for g in found for s in g.suggestions)
