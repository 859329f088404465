"""Per-process caches (network version, session users, /health, versioned memos) and
what keeps them honest: a user's own writes show at once on every worker.

Two apps on the suite's database stand for two gunicorn workers: each has its own
driver, remembered version and session-user cache; the browser's cookie goes from one
to the other. Their caches are set to remember for a minute, so anything stale here is
stale because of the caches, not because time passed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import graph.driver as driver_module
from app.extensions import get_graph
from app.services import personal_data
from app.services.memo import RecentMemo, VersionedMemo
from graph.driver import Graph, GraphSettings
from graph.versioning import (
    VERSION_FLOOR,
    VERSION_READ_SINCE,
    VERSION_WRITTEN,
    network_unchanged,
)
from tests.conftest import two_workers
from tests.factories import PASSWORD, RoleUsers, login, make_api_token

A_MINUTE = {"NETWORK_VERSION_MAX_AGE": 60.0, "SESSION_USER_MAX_AGE": 60.0, "HEALTH_MAX_AGE": 60.0}


def _touch_tx(tx: Any, *, org_id: str) -> None:
    tx.run(
        "MATCH (o:Organization {id: $id}) SET o.touched = coalesce(o.touched, 0) + 1", id=org_id
    ).consume()


@network_unchanged
def _note_tx(tx: Any) -> None:
    tx.run("MERGE (n:TestNote {id: 'n'}) SET n.at = datetime()").consume()


@pytest.fixture
def remembering(neo4j_uri: str) -> Iterator[Graph]:
    """A driver that remembers the network version for a minute."""
    graph = Graph(GraphSettings(uri=neo4j_uri, version_max_age=60.0))
    yield graph
    graph.close()


@pytest.fixture
def workers(neo4j_uri: str, users: RoleUsers) -> Iterator[tuple[Flask, Flask]]:
    """Two apps (two workers) with one-minute caches, on the world with its users."""
    with two_workers(neo4j_uri, **A_MINUTE) as apps:
        yield apps


def _carry_cookie(source: FlaskClient, target: FlaskClient) -> None:
    """The browser's session cookie, as the other worker would receive it."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def test_the_version_is_remembered_until_a_floor_or_an_own_write(
    world: Graph, remembering: Graph
) -> None:
    first = remembering.version()
    world.write(_touch_tx, org_id="ORG-A")  # another process writes
    assert remembering.version() == first  # remembered: no round trip
    token = VERSION_FLOOR.set(first + 1)  # a browser that saw the later version
    try:
        assert remembering.version() == first + 1
    finally:
        VERSION_FLOOR.reset(token)
    remembering.write(_touch_tx, org_id="ORG-B")  # its own write is known at once
    assert VERSION_WRITTEN.get() == first + 2
    assert remembering.version() == first + 2 == world.version()


def test_a_read_since_mark_reads_the_version_once(world: Graph, remembering: Graph) -> None:
    """What an API request gets: the version read after it began, then reused."""
    first = remembering.version()
    world.write(_touch_tx, org_id="ORG-A")
    token = VERSION_READ_SINCE.set(driver_module.time.monotonic())
    try:
        assert remembering.version() == first + 1  # read afresh
        world.write(_touch_tx, org_id="ORG-B")
        assert remembering.version() == first + 1  # the same request: read once
    finally:
        VERSION_READ_SINCE.reset(token)


def test_bookkeeping_writes_leave_the_version_alone(world: Graph, remembering: Graph) -> None:
    before = world.version()
    written = VERSION_WRITTEN.set(0)
    try:
        remembering.write(_note_tx)
        assert VERSION_WRITTEN.get() == 0
    finally:
        VERSION_WRITTEN.reset(written)
    assert world.version() == before


def test_the_remembered_version_expires(
    world: Graph, remembering: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = remembering.version()
    world.write(_touch_tx, org_id="ORG-A")
    later = driver_module.time.monotonic() + 61
    monkeypatch.setattr(driver_module.time, "monotonic", lambda: later)
    assert remembering.version() == first + 1


def test_wipe_forgets_the_version(world: Graph, remembering: Graph) -> None:
    stamp = remembering.version_stamp()
    remembering.wipe()
    assert remembering.version_stamp() != stamp
    assert remembering.version_stamp().n == 0


def test_ping_trusts_a_recent_call_unless_an_outage_was_seen(
    world: Graph, remembering: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    remembering.version()
    opened: list[object] = []
    real_session = remembering.driver.session

    def counting_session(**kwargs: Any) -> Any:
        opened.append(kwargs)
        return real_session(**kwargs)

    monkeypatch.setattr(remembering.driver, "session", counting_session)
    assert remembering.ping(max_age=60.0)
    assert opened == []
    assert remembering.ping()  # max_age 0: asks Neo4j
    assert len(opened) == 1
    remembering.outage_seen = True  # a call failed since: ask again
    assert remembering.ping(max_age=60.0)
    assert len(opened) == 2


def test_versioned_memo_keeps_answers_per_version(world: Graph, remembering: Graph) -> None:
    memo: VersionedMemo[str] = VersionedMemo(10)
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return f"answer {len(calls)}"

    assert memo.get(remembering, "q", compute) == "answer 1"
    assert memo.get(remembering, "q", compute) == "answer 1"
    assert memo.get(remembering, "other", compute) == "answer 2"
    remembering.write(_touch_tx, org_id="ORG-A")  # a new version: computed again
    assert memo.get(remembering, "q", compute) == "answer 3"
    assert (memo.hits, memo.misses) == (1, 3)


def test_versioned_memo_skips_what_it_must_not_keep(world: Graph, remembering: Graph) -> None:
    memo: VersionedMemo[str] = VersionedMemo(10, size=len)
    assert memo.get(remembering, "big", lambda: "x" * 11) == "x" * 11  # above capacity
    assert memo.get(remembering, "big", lambda: "y") == "y"
    assert memo.get(remembering, "pending", lambda: "p", keep=lambda v: False) == "p"
    assert memo.get(remembering, "pending", lambda: "q") == "q"


def test_recent_memo_recomputes_for_another_mark() -> None:
    memo: RecentMemo[int] = RecentMemo(10, max_age=60.0)
    assert memo.get("token", "m1", lambda: 1) == 1
    assert memo.get("token", "m1", lambda: 2) == 1
    assert memo.get("token", "m2", lambda: 3) == 3
    memo.discard("token")
    assert memo.get("token", "m2", lambda: 4) == 4
    assert RecentMemo[int](10, max_age=0.0).get("token", "m", lambda: 5) == 5


def _profile(themes: list[str]) -> dict[str, object]:
    """The profile form of ORG-A (which starts with no theme) with ``themes``."""
    return {"name": "Cooperativa Alfa", "municipality": "001272", "themes": themes}


def _alfa_themes(client: FlaskClient) -> list[str]:
    response = client.get("/cerca/api?q=Alfa")
    assert response.status_code == 200
    (item,) = [i for i in response.get_json()["items"] if i["id"] == "ORG-A"]
    return sorted(item["themes"])


def test_an_own_write_shows_on_the_other_worker_at_once(workers: tuple[Flask, Flask]) -> None:
    first, second = workers
    visitor = second.test_client()
    assert _alfa_themes(visitor) == []
    member = first.test_client()
    assert login(member, "member_a") == 302
    saved = member.post("/organizzazioni/ORG-A/modifica", data=_profile(["local_governance"]))
    assert saved.status_code == 302
    # Someone else, on the worker that remembers the older version, sees the change
    # within NETWORK_VERSION_MAX_AGE (here, a minute)...
    assert _alfa_themes(second.test_client()) == []
    # ... the member's browser sees it at once, and from then on everyone there does.
    same_browser = second.test_client()
    _carry_cookie(member, same_browser)
    assert _alfa_themes(same_browser) == ["local_governance"]
    assert _alfa_themes(second.test_client()) == ["local_governance"]


def test_consent_given_on_one_worker_counts_on_the_other(
    neo4j_uri: str, users: RoleUsers, monkeypatch: pytest.MonkeyPatch
) -> None:
    with two_workers(neo4j_uri, PRIVACY_CONSENT_CHECK=True, **A_MINUTE) as apps:
        first, second = (a.test_client() for a in apps)
        monkeypatch.setattr(personal_data, "CURRENT_VERSION", "2099-01")
        assert login(first, "member_a") == 302
        _carry_cookie(first, second)
        asked = second.get("/consorzi/")  # the second worker now holds the user, unconsented
        assert asked.status_code == 302 and "/account/privacy" in asked.headers["Location"]
        assert first.post("/account/privacy", data={"accept": "y"}).status_code == 302
        _carry_cookie(first, second)
        assert second.get("/consorzi/").status_code == 200


def test_logging_out_ends_the_session_on_this_worker_at_once(workers: tuple[Flask, Flask]) -> None:
    first, _second = workers
    browser = first.test_client()
    assert login(browser, "member_a") == 302
    assert browser.get("/account/").status_code == 200  # the user is now remembered
    stolen = browser.get_cookie("session")
    assert stolen is not None
    assert browser.post("/esci").status_code == 302
    replay = first.test_client()
    replay.set_cookie("session", stolen.value)
    refused = replay.get("/account/")
    assert refused.status_code == 302 and "/accedi" in refused.headers["Location"]


def test_a_password_change_is_checked_against_neo4j(workers: tuple[Flask, Flask]) -> None:
    """Writes never use a remembered user: the new password takes effect at once."""
    first, _second = workers
    browser = first.test_client()
    assert login(browser, "member_a") == 302
    assert browser.get("/account/").status_code == 200
    changed = browser.post(
        "/password",
        data={
            "current": PASSWORD,
            "password": "another long passphrase",
            "confirm": "another long passphrase",
        },
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)
    again = first.test_client()
    assert login(again, "member_a") != 302  # the old password no longer works
    assert login(again, "member_a", password="another long passphrase") == 302


def test_health_answers_from_a_recent_call(workers: tuple[Flask, Flask]) -> None:
    first, _second = workers
    client = first.test_client()
    assert client.get("/health").get_json()["status"] == "ok"
    with first.app_context():
        graph = get_graph()
        graph.driver.close()  # a closed driver cannot answer: only the memory can
        assert client.get("/health").get_json()["status"] == "ok"
        graph.outage_seen = True
        assert client.get("/health").status_code == 503


def test_api_requests_read_the_version_every_time(
    workers: tuple[Flask, Flask], world: Graph, users: RoleUsers
) -> None:
    """A program has no session to carry its writes to the next worker: the API reads
    the version on every request, so any write shows at once."""
    _first, second = workers
    token = make_api_token(world, users.member_a)
    program = second.test_client()

    def alfa_themes() -> list[str]:
        answer = program.get("/api/v1/search?q=Alfa", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        (item,) = [i for i in answer.get_json()["items"] if i["id"] == "ORG-A"]
        return sorted(item["themes"])

    assert alfa_themes() == []
    world.write(
        lambda tx: tx.run(
            "MATCH (o:Organization {id: 'ORG-A'}), (t:Theme {code: 'local_governance'}) "
            "CREATE (o)-[:WORKS_ON]->(t)"
        ).consume()
    )
    assert alfa_themes() == ["local_governance"]
