"""In headless Chromium, with CSRF on: the two sides of a partnership request talk in its
thread, on a phone-sized screen; markup typed in a message stays text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import make_app
from tests.served import login, serve
from tests.test_threads import request_id  # noqa: F401 (a fixture)

#: The message of the request ``request_id`` makes, the thread's first line.
REQUEST_MESSAGE = "Prima riga della richiesta"


@pytest.fixture
def site(neo4j_uri: str, request_id: str) -> Iterator[str]:  # noqa: F811
    """The app with CSRF on, served, with a partnership request from ORG-A to ORG-B."""
    with serve(make_app(neo4j_uri, WTF_CSRF_ENABLED=True)) as url:
        yield url


def _answer_in_thread(
    browser: Browser, site: str, key: str, org: str, *, read: str, write: str
) -> Page:
    """A phone-sized page logged in as ``key``, on the thread of ``org``'s first request:
    it shows ``read``, then ``write`` is sent."""
    page = login(browser, site, key, viewport={"width": 390, "height": 844})
    page.goto(f"/partenariati/?org={org}")
    page.locator("a.thread-link").first.click()
    expect(page.locator("#thread")).to_contain_text(read)
    page.fill("#body", write)
    page.click("#thread-form [type=submit]")
    return page


@pytest.mark.slow
def test_two_sides_talk_in_the_thread(site: str, browser: Browser) -> None:
    alfa = _answer_in_thread(
        browser,
        site,
        "member_a",
        "ORG-A",
        read=REQUEST_MESSAGE,
        write="<b>Volentieri</b>\nmartedì alle 10?",
    )
    expect(alfa.locator("#thread")).to_contain_text("<b>Volentieri</b>")
    assert alfa.locator("#thread b").count() == 0

    beta = _answer_in_thread(
        browser, site, "member_b", "ORG-B", read="martedì alle 10?", write="Va bene."
    )
    expect(beta.locator("#thread .thread-message")).to_have_count(3)
    # The conversation fits a phone's width (the header's menu is another matter).
    overflowing = beta.evaluate(
        "[...document.querySelectorAll('#content *')].filter("
        "e => e.getBoundingClientRect().right > window.innerWidth + 1).length"
    )
    assert overflowing == 0
    alfa.reload()
    expect(alfa.locator("#thread")).to_contain_text("Va bene.")
