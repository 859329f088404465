"""In headless Chromium: the bell's count rises when a partnership request arrives and
falls when it is read (Debian's Chromium, driven by Playwright; never downloaded)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import BaseWSGIServer, make_server

from app.extensions import get_graph
from graph.driver import Graph
from tests.conftest import make_app
from tests.factories import PASSWORD, RoleUsers


@pytest.fixture
def site(neo4j_uri: str, users: RoleUsers, world: Graph) -> Iterator[str]:
    """The app with CSRF on, served on 127.0.0.1 by a werkzeug thread."""
    app = make_app(neo4j_uri, WTF_CSRF_ENABLED=True)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        get_graph().close()


def _login(browser: Browser, site: str, key: str) -> Page:
    page = browser.new_context(base_url=site, locale="it-IT").new_page()
    page.set_default_timeout(15_000)
    page.goto("/accedi")
    page.fill("#email", f"{key}@test.example")
    page.fill("#password", PASSWORD)
    page.click("#content form [type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accedi"))
    return page


@pytest.mark.slow
def test_the_bell_counts_a_request_and_forgets_it_once_read(site: str,
                                                            browser: Browser) -> None:
    receiver = _login(browser, site, "member_b")
    receiver.goto("/")
    expect(receiver.locator("#bell-count")).to_have_text("0")

    sender = _login(browser, site, "member_a")
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
