"""The consortium builder over HTTP and through its services, on a tiny known world."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import audit, consortia, invitations
from graph.driver import Graph
from graph.organization_records import Organization
from tests.consortium_factories import (
    add_member,
    add_organizations,
    consortium_led_by,
    count,
    load_calls,
    post_invitation,
)
from tests.factories import RoleUsers, logged_in


@pytest.fixture
def builder_world(users: RoleUsers, world: Graph) -> RoleUsers:
    load_calls(world)
    add_organizations(world)
    add_member(world, "member_p", "ORG-P")
    return users


def _open_fse1(client: FlaskClient) -> str:
    response = client.post(
        "/consorzi/nuovo", data={"call": "FSE1", "lead": "DCS01", "title": "Welfare di prossimità"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/consorzi/(CNS-[^/]+)$", response.headers["Location"])
    assert match
    return match.group(1)


def _statuses(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-rule="([^"]+)" data-status="([^"]+)"', html))


def _invite(client: FlaskClient, cid: str, org_id: str, role: str = "partner", **lines: str) -> int:
    return post_invitation(client, cid, org_id, role, **lines).status_code


def _fse1_view(graph: Graph) -> consortia.ConsortiumView:
    """The view of a new FSE1 draft led by DCS01, created by the service for "lead-user"."""
    view = consortia.load_view(graph, consortium_led_by(graph, "lead-user", "DCS01", title="x"))
    assert view is not None
    return view


def _invitation_id(graph: Graph, org_id: str) -> str:
    return str(
        graph.read(
            lambda tx: tx.run(
                "MATCH (i:Invitation {status: 'pending'})-[:TO]->(:Organization {id: $o}) "
                "RETURN i.id",
                o=org_id,
            ).single(strict=True)[0]
        )
    )


def test_a_lead_builds_a_valid_fse1_consortium(
    builder_world: RoleUsers, app: Flask, world: Graph
) -> None:
    lead = logged_in(app, "lead")
    cid = _open_fse1(lead)
    html = lead.get(f"/consorzi/{cid}").get_data(as_text=True)
    before = _statuses(html)
    assert before["min_members"] == "fail"
    assert before["required_kind_groups:PublicBody"] == "fail"
    assert before["lead_kinds"] == "pass" and before["one_per_district"] == "pass"
    assert 'data-gap="sector:business"' in html and 'data-org="ORG-P"' in html

    assert _invite(lead, cid, "ORG-P", Personale="120.000", Sede="5 000") == 302
    assert _invite(lead, cid, "ORG-A", Animazione="80000") == 302
    assert _invite(lead, cid, "ORG-B", role="associate") == 302
    for key, org in (("member_p", "ORG-P"), ("member_a", "ORG-A"), ("member_b", "ORG-B")):
        member = logged_in(app, key)
        invitation = _invitation_id(world, org)
        assert f'data-invitation="{invitation}"' in member.get("/consorzi/").get_data(as_text=True)
        answer = member.post(f"/consorzi/inviti/{invitation}", data={"answer": "accept"})
        assert answer.status_code == 302
    after = _statuses(lead.get(f"/consorzi/{cid}/regole").get_data(as_text=True))
    assert {code: s for code, s in after.items() if s == "fail"} == {}
    budget = world.read(
        lambda tx: (
            tx.run(
                "MATCH (:Organization {id: 'ORG-P'})-[r:MEMBER_OF]->(:Consortium {id: $c}) "
                "RETURN r.budget_eur AS b, r.role AS role",
                c=cid,
            )
            .single(strict=True)
            .data()
        )
    )
    assert budget == {"b": 125000, "role": "partner"}

    assert lead.post(f"/consorzi/{cid}/stato", data={"target": "preliminary"}).status_code == 302
    status = world.read(
        lambda tx: (
            tx.run(
                "MATCH (c:Consortium {id: $c}) RETURN c.status AS s, c.rules_checked_version AS v",
                c=cid,
            )
            .single(strict=True)
            .data()
        )
    )
    assert status == {"s": "preliminary", "v": 1}
    actions = count(
        world,
        "MATCH (e:AuditEvent) WHERE e.target_id = $c AND e.action IN "
        "['consortium_create', 'consortium_invite', 'invitation_answer', "
        "'consortium_status'] RETURN count(e)",
        c=cid,
    )
    assert actions == 1 + 3 + 3 + 1


def test_a_phase_change_is_refused_while_a_blocking_rule_fails(
    builder_world: RoleUsers, app: Flask, world: Graph
) -> None:
    lead = logged_in(app, "lead")
    cid = _open_fse1(lead)
    response = lead.post(
        f"/consorzi/{cid}/stato", data={"target": "preliminary"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert (
        count(world, "MATCH (c:Consortium {id: $c, status: 'draft'}) RETURN count(c)", c=cid) == 1
    )
    refused = world.read(
        lambda tx: tx.run(
            "MATCH (e:AuditEvent {action: 'consortium_status', target_id: $c}) "
            "RETURN e.outcome AS o",
            c=cid,
        ).single(strict=True)["o"]
    )
    assert refused == "refused"
    # Skipping a phase, or the Region's decision, is not the lead's to make.
    assert (
        consortia.change_status(world, audit.Actor("x"), cid, "submitted", allowed_by=["lead"])[0]
        == "not_allowed"
    )


def test_one_fse1_consortium_per_district_even_via_the_form(
    builder_world: RoleUsers, app: Flask, world: Graph
) -> None:
    lead = logged_in(app, "lead")
    first = _open_fse1(lead)
    again = lead.post(
        "/consorzi/nuovo", data={"call": "FSE1", "lead": "DCS01", "title": "Un altro"}
    )
    assert again.status_code == 200
    assert f"/consorzi/{first}" in again.get_data(as_text=True)
    assert count(world, "MATCH (c:Consortium) RETURN count(c)") == 1


def test_lead_must_be_eligible_and_lines_chosen(builder_world: RoleUsers, world: Graph) -> None:
    actor = audit.Actor("u")
    alfa = consortia.find_lead(world, "ORG-A")
    assert alfa is not None
    with pytest.raises(consortia.ConsortiumError) as refused:
        consortia.create_consortium(world, actor, call_code="FSE1", lead=alfa, title="x", line=None)
    assert refused.value.code == "lead_not_eligible"
    beta = consortia.find_lead(world, "ORG-B")
    assert beta is not None
    with pytest.raises(consortia.ConsortiumError) as refused:
        consortia.create_consortium(world, actor, call_code="FESR", lead=beta, title="x", line=None)
    assert refused.value.code == "line_required"
    cid = consortia.create_consortium(
        world, actor, call_code="FESR", lead=beta, title="x", line="line2"
    )
    view = consortia.load_view(world, cid)
    assert view is not None and view.consortium.line == "line2"
    assert view.consortium.district_call_key is None


def test_members_cannot_answer_for_others_and_roles_follow_the_call(
    builder_world: RoleUsers, app: Flask, world: Graph
) -> None:
    lead = logged_in(app, "lead")
    cid = _open_fse1(lead)
    # An SME cannot be a partner of measure 1: the refusal says it may be an associate.
    page = post_invitation(lead, cid, "ORG-B", Servizi="9.000")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="Servizi"' in html and 'value="9.000"' in html
    assert _invite(lead, cid, "ORG-B", role="associate", Servizi="1000") == 200
    assert _invite(lead, cid, "ORG-A") == 302
    assert _invite(lead, cid, "ORG-A") == 200  # one pending invitation per organisation
    outsider = logged_in(app, "member_b")
    invitation = _invitation_id(world, "ORG-A")
    assert (
        outsider.post(f"/consorzi/inviti/{invitation}", data={"answer": "accept"}).status_code
        == 403
    )
    assert outsider.get(f"/consorzi/{cid}").status_code == 403
    assert logged_in(app, "member_a").get(f"/consorzi/{cid}").status_code == 200


def test_invitations_expire(builder_world: RoleUsers, world: Graph) -> None:
    actor = audit.Actor("lead-user")
    view = _fse1_view(world)
    org = Organization.from_record(
        {"id": "ORG-A", "name": "Cooperativa Alfa", "kind": "ThirdSector"}
    )
    invitations.invite(world, actor, view, org=org, role="partner", lines=[], days=0)
    world.write(
        lambda tx: tx.run(
            "MATCH (i:Invitation) SET i.expires_at = datetime() - duration('PT1S')"
        ).consume()
    )
    invitation = invitations.get_invitation(world, _any_invitation(world))
    assert invitation is not None
    assert invitations.answer(world, actor, invitation, accept=True) == "expired"
    assert (
        count(world, "MATCH (:Organization {id: 'ORG-A'})-[r:MEMBER_OF]->() RETURN count(r)") == 0
    )
    # An expired invitation no longer blocks a new one.
    invitations.invite(world, actor, view, org=org, role="partner", lines=[], days=14)
    assert count(world, "MATCH (i:Invitation {status: 'pending'}) RETURN count(i)") == 1


def _any_invitation(graph: Graph) -> str:
    return str(
        graph.read(lambda tx: tx.run("MATCH (i:Invitation) RETURN i.id").single(strict=True)[0])
    )


def test_associates_carry_no_budget(builder_world: RoleUsers, world: Graph) -> None:
    actor = audit.Actor("lead-user")
    view = _fse1_view(world)
    with pytest.raises(consortia.ConsortiumError) as refused:
        invitations.invite(
            world,
            actor,
            view,
            org=Organization.from_record(
                {"id": "ORG-F", "name": "Fondazione Delta", "kind": "Foundation"}
            ),
            role="associate",
            lines=[invitations.BudgetLine("x", 5)],
            days=3,
        )
    assert refused.value.code == "associate_budget"
