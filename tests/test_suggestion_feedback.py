"""Suggestions in real use: dismissed ones never come back (across sessions, workers and
restarts), kept ones go to a shortlist, both can be undone, and more than ten, paged."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import audit, recommend, suggestion_feedback
from graph.driver import Graph
from graph.personal_data_repo import erase_user_tx
from tests.conftest import app_on
from tests.consortium_factories import consortium_led_by, count
from tests.factories import RoleUsers, login
from tests.suggestion_factories import CROWD, add_crowd

SUGGESTIONS = "/partenariati/suggerimenti"
FEEDBACK = "/partenariati/suggerimenti/riscontro"


@pytest.fixture
def crowd(users: RoleUsers, world: Graph) -> Graph:
    """More than two pages of suggestions for ORG-A."""
    return add_crowd(world)


def _shown(html: str, section: str = "suggestions") -> list[str]:
    """The organisations listed in one section of a page (by its id)."""
    end = "</ol>" if section == "suggestions" else "</section>"
    match = re.search(rf'id="{section}"(.*?){end}', html, re.S)
    return re.findall(r'data-org="([^"]+)"', match.group(1)) if match else []


def _page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _post(client: FlaskClient, candidate: str, action: str, **extra: str) -> Any:
    return client.post(
        FEEDBACK, data={"org": "ORG-A", "candidate": candidate, "action": action, **extra}
    )


def test_pages_of_ten_differ_without_repeats(crowd: Graph, client: FlaskClient) -> None:
    login(client, "member_a")
    first = _page(client, f"{SUGGESTIONS}?org=ORG-A")
    second = _page(client, f"{SUGGESTIONS}?org=ORG-A&page=2")
    third = _page(client, f"{SUGGESTIONS}?org=ORG-A&page=3")
    pages = [_shown(first), _shown(second), _shown(third)]
    assert [len(p) for p in pages[:2]] == [10, 10] and pages[2]
    seen = [org for page in pages for org in page]
    assert len(seen) == len(set(seen)) and set(CROWD) <= set(seen)
    assert 'rel="next"' in first and 'rel="next"' in second and 'rel="next"' not in third
    assert 'rel="prev"' in third and 'rel="prev"' not in first
    assert 'start="11"' in second and "Pagina 2" in second
    listed = client.get("/partenariati/api/suggerimenti?org=ORG-A&page=2").get_json()
    assert [s["org_id"] for s in listed["suggestions"]] == pages[1] and listed["has_next"]


def test_service_pages_and_the_cap(crowd: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    one = suggestion_feedback.suggestions_page(crowd, "organization", "ORG-A", per_page=7)
    two = suggestion_feedback.suggestions_page(crowd, "organization", "ORG-A", page=2, per_page=7)
    assert len(one.items) == len(two.items) == 7 and one.has_next and two.has_next
    assert not {s.org_id for s in one.items} & {s.org_id for s in two.items}
    assert not one.capped
    monkeypatch.setattr(suggestion_feedback, "MAX_RESULTS", 15)
    capped = suggestion_feedback.suggestions_page(
        crowd, "organization", "ORG-A", page=2, per_page=10
    )
    assert len(capped.items) == 5 and not capped.has_next and capped.capped
    past = suggestion_feedback.suggestions_page(crowd, "organization", "ORG-A", page=3, per_page=10)
    assert past.items == [] and not past.has_next and past.capped
    with pytest.raises(ValueError):
        suggestion_feedback.suggestions_page(crowd, "organization", "ORG-A", page=0)


def test_a_page_past_the_cap_says_so(crowd: Graph, client: FlaskClient) -> None:
    login(client, "member_a")
    html = _page(client, f"{SUGGESTIONS}?org=ORG-A&page=999")
    assert 'id="capped-note"' in html and "primi 200" in html
    assert len(_shown(_page(client, f"{SUGGESTIONS}?org=ORG-A&page=abc"))) == 10


def test_dismissal_persists_across_sessions_workers_and_restarts(
    crowd: Graph, workers: tuple[Flask, Flask], neo4j_uri: str
) -> None:
    first, second = (application.test_client() for application in workers)
    login(first, "member_a")
    login(second, "member_a")
    before = _shown(_page(second, f"{SUGGESTIONS}?org=ORG-A"))
    gone = before[0]
    crowd.forget_version()
    version = crowd.version()
    response = _post(first, gone, "dismiss")
    assert response.status_code == 302
    assert f"scartato={gone}" in response.headers["Location"]
    crowd.forget_version()
    assert crowd.version() == version  # not the network: every version-keyed cache holds
    # The recommender, cache and all, still ranks it; only the live exclusion removes it.
    assert gone in [s.org_id for s in recommend.recommend_for_organization(crowd, "ORG-A")]
    after = _page(second, f"{SUGGESTIONS}?org=ORG-A")
    assert gone not in _shown(after) and gone in _shown(after, "dismissed")
    with app_on(neo4j_uri) as restarted:
        third = restarted.test_client()
        login(third, "member_a")
        for page in (1, 2, 3):
            assert gone not in _shown(_page(third, f"{SUGGESTIONS}?org=ORG-A&page={page}"))


def test_undo_a_dismissal(crowd: Graph, users: RoleUsers, client: FlaskClient) -> None:
    login(client, "member_a")
    gone = _shown(_page(client, f"{SUGGESTIONS}?org=ORG-A"))[0]
    location = _post(client, gone, "dismiss").headers["Location"]
    notice = _page(client, location)
    assert 'id="undo-notice"' in notice and "non vi sarà più suggerito" in notice
    assert re.search(r'id="undo-notice".*?value="restore".*?Ripristina', notice, re.S)
    restored = _post(client, gone, "restore")
    assert restored.status_code == 302 and "#dismissed" in restored.headers["Location"]
    page = _page(client, restored.headers["Location"])
    assert gone in _shown(page) and gone not in _shown(page, "dismissed")
    again = _page(client, _post(client, gone, "restore").headers["Location"])
    assert "non era più tra i suggerimenti scartati" in again  # a second click: no harm
    actions = [
        e["action"]
        for e in audit.events(crowd, page=1, per_page=50)[0]
        if e.get("target_id") == "ORG-A"
    ]
    assert actions[:2] == ["suggestion_restored", "suggestion_dismissed"]
    event = next(
        e
        for e in audit.events(crowd, page=1, per_page=50)[0]
        if e["action"] == "suggestion_dismissed"
    )
    assert event["actor_id"] == users.member_a and gone in str(event["details"])


def test_keep_puts_it_on_the_shortlist_until_removed(crowd: Graph, client: FlaskClient) -> None:
    login(client, "member_a")
    kept = _shown(_page(client, f"{SUGGESTIONS}?org=ORG-A"))[1]
    page = _page(client, _post(client, kept, "keep").headers["Location"])
    assert kept not in _shown(page) and kept in _shown(page, "kept")
    assert "è nell&#39;elenco ristretto" in page or "è nell'elenco ristretto" in page
    page = _page(client, _post(client, kept, "dismiss").headers["Location"])
    assert kept not in _shown(page, "kept") and kept in _shown(page, "dismissed")
    _post(client, kept, "restore")
    _post(client, kept, "keep")
    page = _page(client, _post(client, kept, "unkeep").headers["Location"])
    assert kept in _shown(page) and not _shown(page, "kept")


def test_the_form_comes_back_to_the_same_query(crowd: Graph, client: FlaskClient) -> None:
    login(client, "member_a")
    second = _shown(_page(client, f"{SUGGESTIONS}?org=ORG-A&page=2"))
    response = _post(client, second[0], "dismiss", bando="FSE2", page="2")
    location = response.headers["Location"]
    assert "org=ORG-A" in location and "bando=FSE2" in location and "page=2" in location
    html = _page(client, f"{SUGGESTIONS}?org=ORG-A&page=2")
    assert 'name="page" value="2"' in html and 'name="csrf_token"' in html


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"org": "ORG-A", "candidate": "S01", "action": "forget"}, 400),
        ({"org": "ORG-A", "candidate": "", "action": "dismiss"}, 400),
        ({"org": "ORG-A", "candidate": "x" * 101, "action": "dismiss"}, 400),
        ({"org": "ORG-A", "candidate": "NOPE", "action": "dismiss"}, 404),
        ({"org": "ORG-A", "candidate": "ORG-A", "action": "dismiss"}, 400),
        ({"org": "ORG-B", "candidate": "S01", "action": "dismiss"}, 403),
        ({"candidate": "S01", "action": "dismiss"}, 400),
    ],
)
def test_bad_feedback_is_a_clear_4xx(
    crowd: Graph, client: FlaskClient, data: dict[str, str], status: int
) -> None:
    login(client, "member_a")
    assert client.post(FEEDBACK, data=data).status_code == status
    assert count(crowd, "MATCH ()-[f:DISMISSED_SUGGESTION]->() RETURN count(f)") == 0


def test_feedback_pairs_for_the_trainer(crowd: Graph, users: RoleUsers) -> None:
    actor = audit.Actor(users.member_a)
    suggestion_feedback.record(
        crowd, actor, suggestion_feedback.Change("organization", "ORG-A", "S01", "dismissed")
    )
    suggestion_feedback.record(
        crowd, actor, suggestion_feedback.Change("organization", "ORG-A", "S02", "kept")
    )
    assert not suggestion_feedback.record(
        crowd, actor, suggestion_feedback.Change("organization", "ORG-A", "S02", "kept")
    )
    pairs = suggestion_feedback.feedback_pairs(crowd)
    assert [(p.owner_id, p.candidate_id, p.kind) for p in pairs] == [
        ("ORG-A", "S01", "dismissed"),
        ("ORG-A", "S02", "kept"),
    ]
    assert all(isinstance(p.at, datetime) and p.at.tzinfo for p in pairs)
    with pytest.raises(suggestion_feedback.FeedbackError):
        suggestion_feedback.record(
            crowd, actor, suggestion_feedback.Change("organization", "NOPE", "S01", "kept")
        )


def test_erasure_leaves_no_user_id_on_feedback(crowd: Graph, users: RoleUsers) -> None:
    suggestion_feedback.record(
        crowd,
        audit.Actor(users.member_a),
        suggestion_feedback.Change("organization", "ORG-A", "S01", "dismissed"),
    )
    assert suggestion_feedback.feedback(crowd, "organization", "ORG-A").dismissed[0].by == (
        users.member_a
    )
    crowd.write(erase_user_tx, user_id=users.member_a, pseudonym="erased-test")
    item = suggestion_feedback.feedback(crowd, "organization", "ORG-A").dismissed[0]
    assert item.candidate_id == "S01" and item.by == "erased-test"


@pytest.fixture
def consortium(crowd: Graph, users: RoleUsers) -> str:
    """A draft FSE2 consortium led by ORG-A (member_a manages it)."""
    return consortium_led_by(crowd, users.member_a, "ORG-A", call_code="FSE2")


def test_consortium_suggestions_paged_dismissed_and_kept(
    consortium: str, client: FlaskClient
) -> None:
    login(client, "member_a")
    base = f"/consorzi/{consortium}/suggerimenti"
    first = _shown(_page(client, base))
    assert len(first) == 10
    second = _shown(_page(client, f"{base}?page=2"))
    assert second and not set(first) & set(second)
    gone, kept = first[0], first[1]
    dismissed = client.post(base, data={"candidate": gone, "action": "dismiss", "page": "2"})
    assert dismissed.status_code == 302 and "page=2" in dismissed.headers["Location"]
    client.post(base, data={"candidate": kept, "action": "keep"})
    page = _page(client, base)
    assert gone not in _shown(page) and kept not in _shown(page)
    assert kept in _shown(page, "kept") and gone in _shown(page, "dismissed")
    assert gone not in _page(client, f"/consorzi/{consortium}").split('id="gaps-h"')[1]


def _gap_suggestions(client: FlaskClient, consortium: str) -> list[str]:
    html = _page(client, f"/consorzi/{consortium}").split('id="gaps-h"')[1]
    return re.findall(r'<tr data-org="([^"]+)"', html)  # the candidates table


def test_dismissed_from_the_consortiums_gaps(consortium: str, client: FlaskClient) -> None:
    """The gaps' suggestions are kept per network version: a dismissal, which leaves the
    version alone, must still take effect at once (and its undo too)."""
    login(client, "member_a")
    gaps = _gap_suggestions(client, consortium)
    assert gaps
    gone = gaps[0]
    response = client.post(
        f"/consorzi/{consortium}/suggerimenti",
        data={"candidate": gone, "action": "dismiss", "ritorno": "scheda"},
    )
    location = response.headers["Location"]
    assert f"scartato={gone}" in location and location.endswith("#gaps-h")
    detail = _page(client, location)
    assert 'id="undo-notice"' in detail and 'value="scheda"' in detail
    assert gone not in _gap_suggestions(client, consortium)
    back = client.post(
        f"/consorzi/{consortium}/suggerimenti",
        data={"candidate": gone, "action": "restore", "ritorno": "scheda"},
    )
    assert back.headers["Location"].endswith(f"/consorzi/{consortium}#gaps-h")
    assert gone in _gap_suggestions(client, consortium)


@pytest.mark.parametrize(
    ("who", "status"), [("member_b", 403), ("lead", 403), ("staff", 403), ("admin", 200)]
)
def test_only_managers_see_and_change_a_consortiums_suggestions(
    consortium: str, app: Flask, who: str, status: int
) -> None:
    client = app.test_client()
    login(client, who)
    base = f"/consorzi/{consortium}/suggerimenti"
    assert client.get(base).status_code == status
    posted = client.post(base, data={"candidate": "S01", "action": "dismiss"})
    assert posted.status_code == (302 if status == 200 else 403)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_a", 302),
        ("member_b", 403),
        ("lead", 403),
        ("staff", 403),
        ("admin", 302),
        ("newcomer", 403),
    ],
)
def test_who_may_dismiss_for_an_organisation(
    crowd: Graph, app: Flask, who: str, status: int
) -> None:
    client = app.test_client()
    login(client, who)
    assert _post(client, "S01", "dismiss").status_code == status


def test_every_dismissal_is_left_out_though_only_the_newest_are_named(
    crowd: Graph, users: RoleUsers
) -> None:
    actor = audit.Actor(users.member_a)
    for n, candidate in enumerate(CROWD[:3]):
        suggestion_feedback.record(
            crowd,
            actor,
            suggestion_feedback.Change("organization", "ORG-A", candidate, "dismissed"),
            now=datetime(2026, 1, 1 + n, tzinfo=UTC),
        )
    known = suggestion_feedback.feedback(crowd, "organization", "ORG-A", listed=1)
    assert [i.candidate_id for i in known.dismissed] == [CROWD[2]]
    assert known.dismissed_total == 3 and known.excluded == frozenset(CROWD[:3])
    page = suggestion_feedback.suggestions_page(
        crowd, "organization", "ORG-A", per_page=100, listed=0
    )
    assert page.feedback.dismissed == [] and page.feedback.dismissed_total == 3
    assert not {s.org_id for s in page.items} & set(CROWD[:3])
    older = suggestion_feedback.feedback_items(
        crowd, "organization", "ORG-A", "dismissed", skip=1, limit=5
    )
    assert [i.candidate_id for i in older] == [CROWD[1], CROWD[0]]
