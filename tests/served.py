"""The app served over real HTTP for browser and outage tests, and a logged-in browser page.

Each browser test used to carry its own copy of both; they live here once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flask import Flask
from playwright.sync_api import Browser, Page, ViewportSize, expect
from werkzeug.serving import BaseWSGIServer, make_server

from app.extensions import get_graph
from app.services import analysis_jobs
from graph.driver import Graph
from tests.analysis_factories import SEED_STAFF, ensure_seed_staff
from tests.conftest import make_app
from tests.factories import PASSWORD

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class _Answering:
    """WSGI middleware that counts the requests being answered (their bodies included), so
    that the app's driver is closed only once no request thread is using it."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        with self.idle:
            self.count += 1
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return self._until_sent(body)

    def _until_sent(self, body: Iterable[bytes]) -> Iterator[bytes]:
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._done()

    def _done(self) -> None:
        with self.idle:
            self.count -= 1
            self.idle.notify_all()

    def wait_idle(self, timeout: float) -> None:
        with self.idle:
            self.idle.wait_for(lambda: self.count == 0, timeout=timeout)


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) by a werkzeug thread; yields its base URL.

    On exit the server stops, the requests still being answered end (a browser that has
    moved on may leave some) and the app's driver is closed.
    """
    answering = _Answering(app)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, answering, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        answering.wait_idle(timeout=60)
        with app.app_context():
            get_graph().close()


@contextmanager
def seed_site(neo4j_uri: str, seeded_graph: Graph) -> Iterator[str]:
    """The app on the seed network with the seed's staff, served by :func:`serve`; no
    analysis job left running on either side."""
    analysis_jobs.wait_idle(timeout=120)
    ensure_seed_staff(seeded_graph)
    with serve(make_app(neo4j_uri, WTF_CSRF_ENABLED=True)) as url:
        yield url
        analysis_jobs.wait_idle(timeout=120)  # before the driver closes


def login(
    browser: Browser,
    site: str,
    key: str,
    *,
    viewport: ViewportSize | None = None,
    javascript: bool = True,
) -> Page:
    """A page of a new Italian browser context, logged in as the test user ``key``
    (``javascript=False``: a browser with scripts off, for pages that must work without)."""
    context = (
        browser.new_context(
            base_url=site, locale="it-IT", viewport=viewport, java_script_enabled=javascript
        )
        if viewport
        else browser.new_context(base_url=site, locale="it-IT", java_script_enabled=javascript)
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accedi")
    page.fill("#email", f"{key}@test.example")
    page.fill("#password", PASSWORD)
    page.click("#content form [type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accedi"))
    return page


def seed_staff_page(browser: Browser, site: str, problems: list[str]) -> Page:
    """A desktop page logged in as the seed network's staff account; console errors and
    uncaught script errors are appended to ``problems`` (the test asserts none)."""
    context = browser.new_context(
        base_url=site,
        locale="it-IT",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.goto("/accedi")
    page.fill("#email", SEED_STAFF)
    page.fill("#password", PASSWORD)
    page.click("#content form [type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accedi"))
    return page
