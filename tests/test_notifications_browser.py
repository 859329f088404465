"""In headless Chromium: the bell's count rises when a partnership request arrives and
falls when it is read (Debian's Chromium, driven by Playwright; never downloaded)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from graph.driver import Graph
from tests.conftest import make_app
from tests.factories import RoleUsers
from tests.served import login, serve


@pytest.fixture
def site(neo4j_uri: str, users: RoleUsers, world: Graph) -> Iterator[str]:
    """The app with CSRF on, served on 127.0.0.1 by a werkzeug thread."""
    with serve(make_app(neo4j_uri, WTF_CSRF_ENABLED=True)) as url:
        yield url


@pytest.mark.slow
def test_the_bell_counts_a_request_and_forgets_it_once_read(site: str, browser: Browser) -> None:
    receiver = login(browser, site, "member_b")
    receiver.goto("/")
    expect(receiver.locator("#bell-count")).to_have_text("0")

    sender = login(browser, site, "member_a")
    sender.goto("/partenariati/richiesta/ORG-B")
    sender.select_option("#type", "joint_project")
    sender.click("#content form [type=submit]")
    expect(sender.locator(".flash-success")).to_be_visible()

    receiver.reload()
    expect(receiver.locator("#bell-count")).to_have_text("1")
    expect(receiver.locator("#bell")).to_have_class(re.compile(r"bell-unread"))
    receiver.click("#bell")
    item = receiver.locator("#notifications .notification-unread")
    expect(item).to_contain_text("Cooperativa Alfa")
    item.locator(".notification-open").click()
    # Opening it leads to the request, on the receiver's partnerships page, and reads it.
    expect(receiver).to_have_url(re.compile(r"/partenariati/\?org=ORG-B#richiesta-"))
    expect(receiver.locator("#incoming")).to_contain_text("Cooperativa Alfa")
    expect(receiver.locator("#bell-count")).to_have_text("0")
