"""Who is told of what: every event that notifies, its recipients, and a link that opens
for them (see docs/notifications.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask

from app.services import audit, consortia, invitations, reminders
from graph.consortium_repo import set_status_tx
from graph.driver import Graph
from graph.import_job_repo import create_import_job_tx, finish_import_job_tx
from graph.invitation_records import AddressedInvitation
from graph.organization_records import Organization
from tests.consortium_factories import add_member, add_organizations, consortium_led_by, load_calls
from tests.factories import RoleUsers, login, post_status


def _notes(graph: Graph, key: str) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in graph.read(
            lambda tx: tx.run(
                "MATCH (:User {email: $e})<-[:FOR]-(n:Notification) "
                "RETURN n.kind AS kind, n.link AS link ORDER BY n.created_at, n.kind",
                e=f"{key}@test.example",
            ).data()
        )
    ]


def _kinds(graph: Graph, key: str) -> list[str]:
    return [n["kind"] for n in _notes(graph, key)]


def _opens(app: Flask, key: str, link: str) -> bool:
    client = app.test_client()
    assert login(client, key) == 302
    return client.get(link).status_code == 200


def _consortium(graph: Graph, users: RoleUsers) -> str:
    load_calls(graph)
    add_organizations(graph)
    return consortium_led_by(graph, users.lead, "DCS01", title="Welfare in rete")


def _invite(
    graph: Graph, users: RoleUsers, cid: str, org: dict[str, str], days: int = 14
) -> AddressedInvitation:
    view = consortia.load_view(graph, cid)
    assert view is not None
    invitation_id = invitations.invite(
        graph,
        audit.Actor(users.lead),
        view,
        org=Organization.from_record(org),
        role="partner",
        lines=[],
        days=days,
    )
    found = invitations.get_invitation(graph, invitation_id)
    assert found is not None
    return found


def test_invitation_received_answered_and_withdrawn(
    users: RoleUsers, world: Graph, app: Flask
) -> None:
    cid = _consortium(world, users)
    add_member(world, "member_p", "ORG-P")
    invitation = _invite(
        world, users, cid, {"id": "ORG-P", "name": "Comune di Prova", "kind": "PublicBody"}
    )
    (received,) = _notes(world, "member_p")
    assert received["kind"] == "invitation_received"
    assert _opens(app, "member_p", received["link"])
    assert _kinds(world, "lead") == []  # who invited is not told of their own act

    member_p = world.read(
        lambda tx: tx.run("MATCH (u:User {email: 'member_p@test.example'}) RETURN u.id").single(
            strict=True
        )[0]
    )
    assert invitations.answer(world, audit.Actor(member_p), invitation, True) == "accepted"
    (accepted,) = _notes(world, "lead")
    assert accepted["kind"] == "invitation_accepted"
    assert _opens(app, "lead", accepted["link"])

    _invite(world, users, cid, {"id": "ORG-A", "name": "Cooperativa Alfa", "kind": "ThirdSector"})
    withdrawn_id = world.read(
        lambda tx: tx.run("MATCH (i:Invitation {status: 'pending'}) RETURN i.id").single(
            strict=True
        )[0]
    )
    assert invitations.withdraw(world, audit.Actor(users.lead), cid, withdrawn_id)
    assert _kinds(world, "member_a") == ["invitation_received", "invitation_withdrawn"]


def test_invitation_reminded_once_then_expired_for_both_sides(
    users: RoleUsers, world: Graph
) -> None:
    cid = _consortium(world, users)
    _invite(
        world,
        users,
        cid,
        {"id": "ORG-A", "name": "Cooperativa Alfa", "kind": "ThirdSector"},
        days=5,
    )
    now = datetime.now(UTC)
    done = reminders.run_deadlines(world, now=now + timedelta(days=3), days_before=3)
    assert done["invitations_reminded"] == 1
    done = reminders.run_deadlines(world, now=now + timedelta(days=3, hours=1), days_before=3)
    assert done["invitations_reminded"] == 0
    assert _kinds(world, "member_a") == ["invitation_received", "invitation_reminder"]
    done = reminders.run_deadlines(world, now=now + timedelta(days=6), days_before=3)
    assert done["invitations_expired"] == 1
    assert _kinds(world, "member_a")[-1] == "invitation_expired"
    assert _kinds(world, "lead") == ["invitation_expired"]
    assert (
        reminders.run_deadlines(world, now=now + timedelta(days=7), days_before=3)[
            "invitations_expired"
        ]
        == 0
    )


def test_phase_change_and_a_newly_failing_rule_reach_the_members(
    users: RoleUsers, world: Graph, app: Flask
) -> None:
    cid = _consortium(world, users)
    member_p = add_member(world, "member_p", "ORG-P")
    for org, actor in (
        ({"id": "ORG-P", "name": "Comune di Prova", "kind": "PublicBody"}, member_p),
        ({"id": "ORG-A", "name": "Cooperativa Alfa", "kind": "ThirdSector"}, users.member_a),
    ):
        invitation = _invite(world, users, cid, org)
        assert invitations.answer(world, audit.Actor(actor), invitation, True) == "accepted"
    view = consortia.load_view(world, cid)
    assert view is not None
    before = {r.code for r in view.results if r.status == "fail"}
    invitations.remove_member(world, audit.Actor(users.lead), view, "ORG-P")
    view = consortia.load_view(world, cid)
    assert view is not None
    after = {r.code for r in view.results if r.status == "fail"}
    assert after - before, "removing the public body should break a rule of FSE1"
    failing = [n for n in _notes(world, "member_a") if n["kind"] == "consortium_rule_failing"]
    assert len(failing) == 1 and _opens(app, "member_a", failing[0]["link"])
    assert "consortium_rule_failing" not in _kinds(world, "lead")  # who removed it

    assert world.write(
        set_status_tx,
        consortium_id=cid,
        from_status="draft",
        to_status="preliminary",
        rules_version=1,
        checked=False,
        actor_id=users.lead,
    )
    assert _kinds(world, "member_a")[-1] == "consortium_phase_changed"
    client = app.test_client()
    login(client, "member_a")
    assert "Proposta preliminare" in client.get("/notifiche").get_data(as_text=True)


def test_join_requests_and_their_decision(users: RoleUsers, world: Graph, app: Flask) -> None:
    newcomer = app.test_client()
    login(newcomer, "newcomer")
    assert newcomer.post("/account/unisciti/ORG-A").status_code == 302
    (received,) = _notes(world, "member_a")
    assert received["kind"] == "join_request_received"
    assert _opens(app, "member_a", received["link"])
    assert _kinds(world, "admin") == []  # the organisation has people to decide
    request_id = world.read(
        lambda tx: tx.run("MATCH (r:JoinRequest) RETURN r.id").single(strict=True)[0]
    )
    member = app.test_client()
    login(member, "member_a")
    assert (
        post_status(member, f"/organizzazioni/ORG-A/richieste/{request_id}", decision="approve")
        == 302
    )
    (decided,) = _notes(world, "newcomer")
    assert decided["kind"] == "join_request_approved"
    assert _opens(app, "newcomer", decided["link"])
    # When nobody acts for the organisation, the administrators are told.
    world.write(
        lambda tx: tx.run(
            "MATCH (o:Organization {id: 'ORG-B'})<-[r:ACTS_FOR]-() DELETE r"
        ).consume()
    )
    assert newcomer.post("/account/unisciti/ORG-B").status_code == 302
    (to_admin,) = _notes(world, "admin")
    assert to_admin["kind"] == "join_request_received"
    assert to_admin["link"] == "/admin/richieste"  # the one queue, linked from /admin
    assert _opens(app, "admin", to_admin["link"])


def test_proposal_decisions_reach_the_proposer(users: RoleUsers, world: Graph, app: Flask) -> None:
    user = app.test_client()
    login(user, "newcomer")
    for name, tax in (("Gamma Welfare srl", "01234567897"), ("Delta srl", "")):
        assert (
            user.post(
                "/account/proponi",
                data={
                    "kind": "SME",
                    "name": name,
                    "municipality": "001191",
                    "size_class": "micro",
                    "tax_code": tax,
                    "themes": ["local_governance"],
                },
            ).status_code
            == 302
        )
    proposals = world.read(
        lambda tx: tx.run("MATCH (p:OrganizationProposal) RETURN p.name AS name, p.id AS id").data()
    )
    ids = {p["name"]: p["id"] for p in proposals}
    admin = app.test_client()
    login(admin, "admin")
    assert (
        post_status(admin, f"/admin/proposte/{ids['Gamma Welfare srl']}", decision="approve") == 302
    )
    assert post_status(admin, f"/admin/proposte/{ids['Delta srl']}", decision="decline") == 302
    notes = _notes(world, "newcomer")
    assert sorted(n["kind"] for n in notes) == ["proposal_approved", "proposal_refused"]
    for note in notes:
        assert _opens(app, "newcomer", note["link"])


def test_import_finished_reaches_who_started_it(users: RoleUsers, world: Graph, app: Flask) -> None:
    world.write(
        create_import_job_tx,
        job={
            "id": "job1",
            "file_kind": "organizations",
            "filename": "enti.csv",
            "dry_run": False,
            "lang": "it",
            "user_id": users.admin,
        },
    )
    world.write(
        finish_import_job_tx,
        job_id="job1",
        changes={
            "status": "done",
            "rows": 3,
            "total": 3,
            "created": 2,
            "updated": 1,
            "unchanged": 0,
            "failed": 0,
            "encoding": "utf-8",
            "delimiter": ",",
        },
    )
    (note,) = _notes(world, "admin")
    assert note["kind"] == "import_finished"
    assert _opens(app, "admin", note["link"])
    client = app.test_client()
    login(client, "admin")
    assert "enti.csv" in client.get("/notifiche").get_data(as_text=True)
