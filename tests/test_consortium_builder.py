"""The consortium builder in real use: blocking gaps first and each candidate once, the
phase button disabled with its reason, deadlines enforced (practice mode aside), the
live-state digest, over-commitment warnings and the dossier as a PDF."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from flask import Flask
from pypdf import PdfReader

from app.services import audit, calls, commitments, consortia, gaps
from graph.driver import Graph
from tests.consortium_factories import count
from tests.factories import RoleUsers, logged_in
from tests.test_consortium_views import fse1  # noqa: F401  (the fixture)


def _close_call(world: Graph, code: str, days_ago: int = 1) -> str:
    """Move every deadline of the call into the past; returns the first one."""
    deadline = (date.today() - timedelta(days=days_ago)).isoformat()

    def work(tx):  # type: ignore[no-untyped-def]
        phases = json.loads(
            tx.run("MATCH (c:Call {code: $code}) RETURN c.phases_json AS p", code=code).single(
                strict=True
            )["p"]
        )
        for phase in phases:
            phase["deadline"] = deadline
        tx.run(
            "MATCH (c:Call {code: $code}) SET c.phases_json = $p", code=code, p=json.dumps(phases)
        ).consume()

    world.write(work)
    return deadline


def test_blocking_gaps_come_first_and_each_candidate_once(fse1: str, world: Graph) -> None:  # noqa: F811
    view = consortia.load_view(world, fse1)
    assert view is not None
    report = gaps.gap_report(world, view)
    assert report.blocking and report.soft
    assert all(g.kind == "rule" and g.params["result"].blocks for g in report.blocking)
    assert not any(g.kind == "rule" and g.params["result"].blocks for g in report.soft)
    assert report.gaps[: len(report.blocking)] == report.blocking
    ids = [c.org_id for c in report.candidates]
    assert ids and len(ids) == len(set(ids))
    # Alfa fills the missing civil sector, the themes and the third-sector rule: one row.
    alfa = next(c for c in report.candidates if c.org_id == "ORG-A")
    assert {"sector:civil", "theme:themes", "rule:required_kind_groups:ThirdSector"} <= set(
        alfa.fills
    )
    assert alfa.blocking and alfa.role == "partner"
    # Candidates that fill a blocking gap come before those that do not.
    flags = [c.blocking for c in report.candidates]
    assert flags == sorted(flags, reverse=True)
    # Every suggestion of every gap is one of the candidates, with that gap among its fills.
    by_id = {c.org_id: c for c in report.candidates}
    for gap in report.gaps:
        for s in gap.suggestions:
            assert gaps.gap_key(gap) in by_id[s.org_id].fills


def test_builder_page_orders_gaps_and_disables_the_blocked_move(fse1: str, app: Flask) -> None:  # noqa: F811
    html = logged_in(app, "lead").get(f"/consorzi/{fse1}").get_data(as_text=True)
    assert html.index('id="gaps-blocking"') < html.index('id="gaps-soft"')
    candidates = html.split('id="candidates"')[1].split("</table>")[0]
    rows = [part.split('"')[0] for part in candidates.split('<tr data-org="')[1:]]
    assert rows and len(rows) == len(set(rows))
    button = html.split('data-target="preliminary"')[1].split(">")[0]
    assert "disabled" in button and 'aria-disabled="true"' in button
    reason = html.split('id="blocked-preliminary">')[1].split("</span>")[0]
    assert "Membri obbligatori" in reason


def test_no_new_consortium_and_no_phase_move_after_the_deadline(
    fse1: str,  # noqa: F811
    app: Flask,
    world: Graph,
    users: RoleUsers,
) -> None:
    _close_call(world, "FSE1")
    lead = logged_in(app, "lead")
    # The phase move: refused with a clear reason, status unchanged, refusal audited.
    response = lead.post(
        f"/consorzi/{fse1}/stato", data={"target": "preliminary"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "la scadenza di questa fase è passata" in page
    assert (
        count(
            world, "MATCH (c:Consortium {id: $c}) WHERE c.status = 'draft' RETURN count(c)", c=fse1
        )
        == 1
    )
    assert (
        count(
            world,
            "MATCH (e:AuditEvent {action: 'consortium_status', target_id: $c, "
            "outcome: 'refused'}) RETURN count(e)",
            c=fse1,
        )
        == 1
    )
    outcome, blocking = consortia.change_status(
        world, audit.Actor(users.lead), fse1, "preliminary", allowed_by=["lead"]
    )
    assert outcome == "deadline" and any(r.rule == "deadline" for r in blocking)
    # A new consortium: refused too (a second district, so uniqueness is not the reason).
    _close_call(world, "FSE2")
    member = logged_in(app, "member_a")
    before = count(world, "MATCH (c:Consortium) RETURN count(c)")
    page = member.post(
        "/consorzi/nuovo", data={"call": "FSE2", "lead": "ORG-A", "title": "Tardi"}
    ).get_data(as_text=True)
    assert "nessun nuovo consorzio" in page
    assert count(world, "MATCH (c:Consortium) RETURN count(c)") == before


def test_practice_mode_lets_deadlines_warn_and_is_audited(
    fse1: str,  # noqa: F811
    app: Flask,
    world: Graph,
    users: RoleUsers,
) -> None:
    _close_call(world, "FSE1")
    lead = logged_in(app, "lead")
    assert lead.post("/bandi/FSE1/pratica", data={"practice": "on"}).status_code == 403
    admin = logged_in(app, "admin")
    assert admin.post("/bandi/FSE1/pratica", data={"practice": "on"}).status_code == 302
    assert (
        count(
            world,
            "MATCH (e:AuditEvent {action: 'call_practice_mode', target_id: 'FSE1'})"
            " RETURN count(e)",
        )
        == 1
    )
    view = consortia.load_view(world, fse1)
    assert view is not None
    deadline = next(r for r in view.results if r.rule == "deadline")
    assert (deadline.status, deadline.blocks) == ("warning", False)
    # Still refused, now for the rules the consortium breaks, not the deadline.
    outcome, _b = consortia.change_status(
        world, audit.Actor(users.lead), fse1, "preliminary", allowed_by=["lead"]
    )
    assert outcome == "refused"
    page = lead.get(f"/consorzi/{fse1}").get_data(as_text=True)
    assert 'id="practice-banner"' in page
    assert calls.set_practice_mode(world, audit.Actor(users.admin), "FSE1", False)
    assert 'id="practice-banner"' not in lead.get(f"/consorzi/{fse1}").get_data(as_text=True)
    assert admin.post("/bandi/NOPE/pratica", data={"practice": "on"}).status_code == 404


def test_live_state_changes_when_a_member_joins(fse1: str, app: Flask, world: Graph) -> None:  # noqa: F811
    lead = logged_in(app, "lead")
    first = lead.get(f"/consorzi/{fse1}/stato.json").get_json()
    assert first["members"] == 2 and first["blocking"] >= 1
    again = lead.get(f"/consorzi/{fse1}/stato.json").get_json()
    assert again["digest"] == first["digest"]
    world.write(
        lambda tx: tx.run(
            "MATCH (c:Consortium {id: $c}), (a:Organization {id: 'ORG-A'}) "
            "CREATE (a)-[:MEMBER_OF {role: 'partner', budget_eur: 0}]->(c)",
            c=fse1,
        ).consume()
    )
    after = lead.get(f"/consorzi/{fse1}/stato.json").get_json()
    assert after["members"] == 3 and after["digest"] != first["digest"]
    outsider = logged_in(app, "member_b")
    assert outsider.get(f"/consorzi/{fse1}/stato.json").status_code == 403


def test_over_commitment_is_flagged_on_the_builder_and_when_inviting(
    fse1: str,  # noqa: F811
    app: Flask,
    world: Graph,
) -> None:
    view = consortia.load_view(world, fse1)
    assert view is not None
    assert commitments.flagged_for(world, view, limit=3) == []
    flagged = {c.org_id: c for c in commitments.flagged_for(world, view, limit=0)}
    assert flagged["ORG-P"].bids == 1 and flagged["ORG-P"].over
    # The district leading a second consortium of the same call and edition.
    world.write(
        lambda tx: tx.run(
            "MATCH (d:Organization {id: 'DCS01'}), (c:Consortium {id: $c}) "
            "CREATE (o:Consortium {id: 'CNS-OTHER', call_code: c.call_code, year: c.year, "
            "status: 'draft', title: 'Altro'}) "
            "CREATE (d)-[:MEMBER_OF {role: 'lead', budget_eur: 0}]->(o)",
            c=fse1,
        ).consume()
    )
    district = {c.org_id: c for c in commitments.flagged_for(world, view, limit=3)}["DCS01"]
    assert district.second_lead and not district.over
    lead = logged_in(app, "lead")
    page = lead.get(f"/consorzi/{fse1}").get_data(as_text=True)
    assert 'id="commitments-h"' in page and "dovrebbe guidarne uno solo" in page
    app.config["MAX_BIDS_PER_CALL"] = 0
    invite = lead.get(f"/consorzi/{fse1}/invita?org_id=ORG-A").get_data(as_text=True)
    assert 'class="callout callout-warning commitment"' in invite and "Cooperativa Alfa" in invite


def test_dossier_pdf_names_members_and_rules_readably(fse1: str, app: Flask) -> None:  # noqa: F811
    response = logged_in(app, "lead").get(f"/consorzi/{fse1}/dossier.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f'filename="dossier-{fse1}.pdf"' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = " ".join(text.split())
    for expected in (
        "Comune di Prova",
        "Personale",
        "Capofila",
        "Membri obbligatori",
        "Numero minimo",
        "non rispettata",
    ):
        assert expected in flat, expected
    for code in ("lead_kinds", "required_kind_groups", "min_members"):
        assert code not in flat


@pytest.mark.parametrize("path", ["dossier.pdf", "stato.json"])
def test_new_consortium_routes_need_a_login(fse1: str, app: Flask, path: str) -> None:  # noqa: F811
    response = app.test_client().get(f"/consorzi/{fse1}/{path}")
    assert response.status_code in (302, 401)
