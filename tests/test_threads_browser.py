"""In headless Chromium, with CSRF on: the two sides of a partnership request talk in its
thread, on a phone-sized screen; markup typed in a message stays text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from app.services import partnerships
from app.services.audit import Actor
from graph.driver import Graph
from tests.conftest import make_app
from tests.factories import RoleUsers
from tests.served import login, serve


@pytest.fixture
def site(neo4j_uri: str, users: RoleUsers, world: Graph) -> Iterator[str]:
    partnerships.request_partnership(
        world,
        Actor(users.member_a),
        from_id="ORG-A",
        to_id="ORG-B",
        type_="informal",
        message="Ci sentiamo?",
        ttl_days=30,
    )
    with serve(make_app(neo4j_uri, WTF_CSRF_ENABLED=True)) as url:
        yield url


def _login(browser: Browser, site: str, key: str) -> Page:
    return login(browser, site, key, viewport={"width": 390, "height": 844})


@pytest.mark.slow
def test_two_sides_talk_in_the_thread(site: str, browser: Browser) -> None:
    alfa = _login(browser, site, "member_a")
    alfa.goto("/partenariati/?org=ORG-A")
    alfa.locator("a.thread-link").first.click()
    expect(alfa.locator("#thread")).to_contain_text("Ci sentiamo?")
    alfa.fill("#body", "<b>Volentieri</b>\nmartedì alle 10?")
    alfa.click("#thread-form [type=submit]")
    expect(alfa.locator("#thread")).to_contain_text("<b>Volentieri</b>")
    assert alfa.locator("#thread b").count() == 0

    beta = _login(browser, site, "member_b")
    beta.goto("/partenariati/?org=ORG-B")
    beta.locator("a.thread-link").first.click()
    expect(beta.locator("#thread")).to_contain_text("martedì alle 10?")
    beta.fill("#body", "Va bene.")
    beta.click("#thread-form [type=submit]")
    expect(beta.locator("#thread .thread-message")).to_have_count(3)
    # The conversation fits a phone's width (the header's menu is another matter).
    overflowing = beta.evaluate(
        "[...document.querySelectorAll('#content *')].filter("
        "e => e.getBoundingClientRect().right > window.innerWidth + 1).length"
    )
    assert overflowing == 0
    alfa.reload()
    expect(alfa.locator("#thread")).to_contain_text("Va bene.")
