"""The JSON API's resources on a small world: the same transitions and object-level checks as
the pages, and every answer checked against the app's own OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.api.schemas import OrganizationSchema
from app.services import analysis_jobs, audit, consortia
from graph.driver import Graph
from tests.analysis_factories import add_network
from tests.api_calls import checked_api, json_of
from tests.consortium_factories import add_member, count, load_calls
from tests.factories import RoleUsers, make_api_token


@pytest.fixture
def api(users: RoleUsers, world: Graph, app: Flask) -> Iterator[Any]:
    """A client, a token per user, and the OpenAPI document every answer must satisfy."""
    add_network(world)
    load_calls(world)
    tokens = {
        key: make_api_token(world, getattr(users, key))
        for key in ("member_a", "member_b", "lead", "staff", "admin")
    }
    tokens["member_c"] = make_api_token(world, add_member(world, "member_c", "ORG-C"))
    yield checked_api(app, tokens)
    analysis_jobs.wait_idle(timeout=120)


def _ask(api: Any, key: str, **body: str) -> TestResponse:
    """The answer to a partnership request posted by ``key`` with ``body``."""
    return api("POST", "/api/v1/partnerships", key, json=body)


def test_partnership_request_answered_by_the_other_side(api: Any) -> None:
    asked = json_of(
        _ask(
            api,
            "member_a",
            from_org="ORG-A",
            to_org="ORG-C",
            type="joint_project",
            message="Proviamo?",
        ),
        201,
    )
    assert asked["status"] == "pending" and asked["from_org"]["id"] == "ORG-A"
    request_id = asked["id"]
    again = _ask(api, "member_a", from_org="ORG-A", to_org="ORG-C", type="informal")
    assert "in attesa" in json_of(again, 409)["error"]["detail"]
    partners = _ask(api, "member_a", from_org="ORG-A", to_org="ORG-B", type="informal")
    assert "già partner" in json_of(partners, 409)["error"]["detail"]
    incoming = json_of(api("GET", "/api/v1/partnerships/requests?status=pending", "member_c"))
    assert [r["id"] for r in incoming["items"]] == [request_id]
    # Only the receiver answers; only the sender withdraws.
    assert (
        api("POST", f"/api/v1/partnerships/requests/{request_id}/accept", "member_a").status_code
        == 403
    )
    assert (
        api("POST", f"/api/v1/partnerships/requests/{request_id}/withdraw", "member_c").status_code
        == 403
    )
    accepted = json_of(
        api("POST", f"/api/v1/partnerships/requests/{request_id}/accept", "member_c")
    )
    assert accepted["status"] == "accepted" and accepted["partnership_id"]
    json_of(api("POST", f"/api/v1/partnerships/requests/{request_id}/decline", "member_c"), 409)
    mine = json_of(api("GET", "/api/v1/partnerships?org=ORG-A", "member_a"))
    assert accepted["partnership_id"] in {p["id"] for p in mine["items"]}
    assert all(p["organization"] == "ORG-A" for p in mine["items"])
    paged = json_of(api("GET", "/api/v1/partnerships?per_page=2&page=2", "member_a"))
    assert paged["total"] == mine["total"] == 5 and len(paged["items"]) == 2


def test_members_cannot_act_for_other_organisations(api: Any, world: Graph) -> None:
    refused = _ask(api, "member_a", from_org="ORG-B", to_org="ORG-F", type="informal")
    assert json_of(refused, 403)["error"]["status"] == 403
    assert api("GET", "/api/v1/partnerships?org=ORG-B", "member_a").status_code == 403
    assert api("GET", "/api/v1/organizations/ORG-B/recommendations", "member_a").status_code == 403
    # P3 joins ORG-B and ORG-P: member_a may not end it, member_b may.
    assert (
        api(
            "POST", "/api/v1/partnerships/P3/end", "member_a", json={"until": "2024-12-31"}
        ).status_code
        == 403
    )
    ended = json_of(
        api("POST", "/api/v1/partnerships/P3/end", "member_b", json={"until": "2024-12-31"})
    )
    assert (ended["until"], ended["organization"], ended["partner"]["id"]) == (
        "2024-12-31",
        "ORG-B",
        "ORG-P",
    )
    again = api("POST", "/api/v1/partnerships/P3/end", "member_b", json={"until": "2025-01-01"})
    assert json_of(again, 409)["error"]["status"] == 409
    denied = count(world, "MATCH (e:AuditEvent {action: 'access_denied'}) RETURN count(e)")
    assert denied == 4


def test_recommendations_for_an_organisation_one_acts_for(api: Any) -> None:
    found = json_of(api("GET", "/api/v1/organizations/ORG-A/recommendations?limit=3", "member_a"))
    assert found["organization"] == "ORG-A" and len(found["items"]) <= 3
    assert all(item["reasons"] and item["reasons"][0]["text"] for item in found["items"])
    assert {item["ranker"] for item in found["items"]} <= {"learned", "formula"}
    led = json_of(api("GET", "/api/v1/organizations/DCS01/recommendations?call=FSE1", "lead"))
    assert led["call"] == "FSE1"
    # Regional staff read any organisation's suggestions (and cannot dismiss for it).
    assert api("GET", "/api/v1/organizations/ORG-A/recommendations", "staff").status_code == 200


def test_consortium_rules_for_those_who_may_see_it(
    api: Any, users: RoleUsers, world: Graph
) -> None:
    lead = consortia.find_lead(world, "DCS01")
    assert lead is not None
    cid = consortia.create_consortium(
        world, audit.Actor(users.lead), call_code="FSE1", lead=lead, title="Prova", line=None
    )
    listed = json_of(api("GET", "/api/v1/consortia", "lead"))
    assert [c["id"] for c in listed["items"]] == [cid]
    assert json_of(api("GET", "/api/v1/consortia", "member_b"))["items"] == []
    assert json_of(api("GET", "/api/v1/consortia?status=draft", "staff"))["total"] == 1
    detail = json_of(api("GET", f"/api/v1/consortia/{cid}", "lead"))
    assert detail["status"] == "draft" and detail["lead"] == lead.name
    assert [(t["target"], t["by"]) for t in detail["transitions"]] == [("preliminary", "lead")]
    rules = json_of(api("GET", f"/api/v1/consortia/{cid}/rules", "staff"))
    assert rules["items"] and {r["status"] for r in rules["items"]} <= {"pass", "fail", "warning"}
    assert "min_members" in rules["blocking"]
    failing = next(r for r in rules["items"] if r["code"] == "min_members")
    assert failing["status"] == "fail" and "almeno" in failing["explanation"]
    english = json_of(api("GET", f"/api/v1/consortia/{cid}/rules?lang=en", "staff"))
    assert (
        "at least" in next(r for r in english["items"] if r["code"] == "min_members")["explanation"]
    )
    assert api("GET", f"/api/v1/consortia/{cid}/rules", "member_b").status_code == 403
    suggested = json_of(api("GET", f"/api/v1/consortia/{cid}/recommendations", "lead"))
    assert suggested["consortium"] == cid
    assert api("GET", f"/api/v1/consortia/{cid}/recommendations", "staff").status_code == 403
    assert api("GET", f"/api/v1/consortia/{cid}/recommendations", "member_a").status_code == 403


def test_calls_and_search_are_public(api: Any) -> None:
    calls = json_of(api("GET", "/api/v1/calls?per_page=2", None))
    assert calls["total"] == 5 and len(calls["items"]) == 2
    fse1 = json_of(api("GET", "/api/v1/calls/FSE1", None))
    assert fse1["rules"]["lead_kinds"] == ["District"]
    found = json_of(api("GET", "/api/v1/search?q=alfa&kind=ThirdSector", None))
    assert [i["id"] for i in found["items"]] == ["ORG-A"]
    assert found["facets"]["kind"][0]["value"] == "ThirdSector"
    nothing = json_of(api("GET", "/api/v1/search?q=alfa&kind=SME", None))
    assert nothing["total"] == 0 and {"remove": "kind", "count": 1} in nothing["suggestions"]
    profile = json_of(api("GET", "/api/v1/organizations/ORG-A", None))
    assert {p["id"] for p in profile["partners"]} >= {"ORG-P", "ORG-B"}


def test_an_organisation_answers_with_the_properties_its_node_has(api: Any, world: Graph) -> None:
    """The profile's JSON holds the node's stored properties, none null for one it lacks,
    then its place, themes, partners and consortia."""
    profile = json_of(api("GET", "/api/v1/organizations/ORG-B", None))
    stored = world.read(
        lambda tx: tx.run("MATCH (o:Organization {id: 'ORG-B'}) RETURN o {.*} AS o").single(
            strict=True
        )["o"]
    )
    shown = {key: value for key, value in stored.items() if key in OrganizationSchema().fields}
    links = {"municipality", "district", "themes", "partners", "consortia"}
    assert set(profile) == set(shown) | links and "code" not in profile
    assert {key: profile[key] for key in shown} == shown
    assert profile["municipality"] == {"istat": "001191", "name": "Pinerolo", "province": "TO"}
    assert profile["district"]["code"] == "DCS01" and "istat" not in profile["district"]


def test_analysis_waits_with_202_then_answers(api: Any, client: FlaskClient) -> None:
    assert api("GET", "/api/v1/analysis/districts", "member_a").status_code == 403
    first = api("GET", "/api/v1/analysis/districts", "staff")
    if first.status_code == 202:
        job = json_of(first, 202)["job"]
        assert json_of(api("GET", f"/api/v1/analysis/jobs/{job['id']}", "staff"))["id"] == job["id"]
        analysis_jobs.wait_idle(timeout=120)
    ranked = json_of(api("GET", "/api/v1/analysis/districts?sort=edges", "staff"))
    assert ranked["state"] == "fresh" and ranked["items"][0]["district"] == "DCS01"
    assert ranked["items"][0]["rank"] == 1
    district = json_of(api("GET", "/api/v1/analysis/overview?district=DCS01", "staff"))
    assert district["structure"]["edges"] == 6 and district["state"] == "fresh"
    assert api("GET", "/api/v1/analysis/overview?district=NOPE", "staff").status_code == 404
    assert api("GET", "/api/v1/analysis/jobs/nope", "staff").status_code == 404
