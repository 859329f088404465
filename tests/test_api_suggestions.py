"""The API's suggestions: pages of up to 100, any organisation for staff and administrators,
dismiss and keep for those who act for it, every answer checked against the document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app.services import audit
from graph.driver import Graph
from tests.api_calls import checked_api, json_of
from tests.consortium_factories import consortium_led_by
from tests.factories import RoleUsers, make_api_token
from tests.suggestion_factories import CROWD, add_crowd

BASE = "/api/v1/organizations/ORG-A/recommendations"


@pytest.fixture
def api(users: RoleUsers, world: Graph, app: Flask) -> Iterator[Any]:
    """A client, a token per user, and the OpenAPI document every answer must satisfy."""
    add_crowd(world)
    tokens = {
        key: make_api_token(world, getattr(users, key))
        for key in ("member_a", "member_b", "lead", "staff", "admin", "newcomer")
    }
    yield checked_api(app, tokens)


def _ids(answer: dict[str, Any]) -> list[str]:
    return [item["org_id"] for item in answer["items"]]


@pytest.mark.parametrize("query", ["per_page=0", "per_page=101", "page=0", "limit=101"])
def test_per_page_out_of_bounds_is_422_with_the_reason(api: Any, query: str) -> None:
    error = json_of(api("GET", f"{BASE}?{query}", "member_a"), 422)["error"]
    field = query.split("=")[0]
    assert field in error["errors"]["query"] and error["errors"]["query"][field]


def test_pages_without_totals(api: Any) -> None:
    first = json_of(api("GET", f"{BASE}?per_page=10", "member_a"))
    second = json_of(api("GET", f"{BASE}?per_page=10&page=2", "member_a"))
    assert (first["page"], first["per_page"], len(first["items"])) == (1, 10, 10)
    assert first["has_next"] and second["has_next"] and "total" not in first
    assert not set(_ids(first)) & set(_ids(second))
    everything = json_of(api("GET", f"{BASE}?per_page=100", "member_a"))
    assert not everything["has_next"] and not everything["capped"]
    assert _ids(everything)[:20] == _ids(first) + _ids(second)
    assert set(CROWD) <= set(_ids(everything)) and len(everything["items"]) < 100
    assert len(json_of(api("GET", f"{BASE}?limit=3", "member_a"))["items"]) == 3  # old name
    past = json_of(api("GET", f"{BASE}?per_page=100&page=3", "member_a"))
    assert past["items"] == [] and past["capped"] and not past["has_next"]


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_staff_and_admins_ask_for_any_organisation(api: Any, who: str) -> None:
    found = json_of(api("GET", f"{BASE}?call=FSE2&per_page=5", who))
    assert found["organization"] == "ORG-A" and found["call"] == "FSE2"
    other = json_of(api("GET", "/api/v1/organizations/ORG-B/recommendations", who))
    assert other["organization"] == "ORG-B" and other["items"]
    assert json_of(api("GET", f"{BASE}/dismissed", who))["items"] == []
    json_of(api("GET", "/api/v1/organizations/NOPE/recommendations", who), 404)


def test_members_only_for_their_own_organisation(api: Any) -> None:
    assert json_of(api("GET", BASE, "member_b"), 403)["error"]["status"] == 403
    json_of(api("GET", f"{BASE}/kept", "member_b"), 403)
    json_of(api("GET", BASE, "newcomer"), 403)
    json_of(api("POST", f"{BASE}/dismissed", "member_b", json={"org_id": "S01"}), 403)
    json_of(api("DELETE", f"{BASE}/dismissed/S01", "member_b"), 403)
    json_of(api("POST", f"{BASE}/dismissed", "staff", json={"org_id": "S01"}), 403)
    json_of(api("GET", BASE, None), 401)


def test_dismiss_and_keep_through_the_api(api: Any, world: Graph, users: RoleUsers) -> None:
    first = _ids(json_of(api("GET", f"{BASE}?per_page=5", "member_a")))
    gone, kept = first[0], first[1]
    dismissed = json_of(api("POST", f"{BASE}/dismissed", "member_a", json={"org_id": gone}), 201)
    assert dismissed["org_id"] == gone and dismissed["name"] and dismissed["at"]
    json_of(api("POST", f"{BASE}/kept", "member_a", json={"org_id": kept}), 201)
    again = json_of(api("GET", f"{BASE}?per_page=100", "member_a"))
    assert gone not in _ids(again) and kept not in _ids(again)
    # Another user acting for the same organisation (or staff) sees the same exclusions.
    assert gone not in _ids(json_of(api("GET", f"{BASE}?per_page=100", "staff")))
    listed = json_of(api("GET", f"{BASE}/dismissed", "member_a"))
    assert _ids(listed) == [gone] and (listed["total"], listed["page"]) == (1, 1)
    assert json_of(api("GET", f"{BASE}/dismissed?page=2&per_page=1", "member_a"))["items"] == []
    json_of(api("GET", f"{BASE}/dismissed?per_page=101", "member_a"), 422)
    assert _ids(json_of(api("GET", f"{BASE}/kept", "admin"))) == [kept]
    assert api("DELETE", f"{BASE}/dismissed/{gone}", "member_a").status_code == 204
    json_of(api("DELETE", f"{BASE}/dismissed/{gone}", "member_a"), 404)
    assert gone in _ids(json_of(api("GET", f"{BASE}?per_page=100", "member_a")))
    json_of(api("POST", f"{BASE}/dismissed", "member_a", json={"org_id": "NOPE"}), 404)
    json_of(api("POST", f"{BASE}/dismissed", "member_a", json={"org_id": "ORG-A"}), 422)
    json_of(api("POST", f"{BASE}/dismissed", "member_a", json={}), 422)
    json_of(api("POST", f"{BASE}/forgotten", "member_a", json={"org_id": gone}), 404)
    events = [
        e
        for e in audit.events(world, page=1, per_page=50)[0]
        if e["action"].startswith("suggestion_")
    ]
    assert [e["action"] for e in events] == [
        "suggestion_restored",
        "suggestion_kept",
        "suggestion_dismissed",
    ]
    assert {e["actor_id"] for e in events} == {users.member_a}


def test_a_consortiums_suggestions_for_its_managers(
    api: Any, world: Graph, users: RoleUsers
) -> None:
    cid = consortium_led_by(world, users.member_a, "ORG-A", call_code="FSE2")
    base = f"/api/v1/consortia/{cid}/recommendations"
    first = json_of(api("GET", f"{base}?per_page=3", "member_a"))
    assert first["consortium"] == cid and len(first["items"]) == 3 and first["has_next"]
    gone = first["items"][0]["org_id"]
    json_of(api("POST", f"{base}/dismissed", "member_a", json={"org_id": gone}), 201)
    assert gone not in _ids(json_of(api("GET", f"{base}?per_page=100", "member_a")))
    assert _ids(json_of(api("GET", f"{base}/dismissed", "admin"))) == [gone]
    json_of(api("POST", f"{base}/kept", "member_b", json={"org_id": gone}), 403)
    json_of(api("GET", f"{base}/dismissed", "staff"), 403)
    json_of(api("DELETE", f"{base}/dismissed/{gone}", "lead"), 403)
    assert api("DELETE", f"{base}/dismissed/{gone}", "member_a").status_code == 204
    json_of(api("GET", "/api/v1/consortia/nope/recommendations/kept", "admin"), 404)
