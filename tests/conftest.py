"""Fixtures: a real, throwaway Neo4j for the whole run, wiped between tests.

The database is the embedded one built by Maven, started on a free port with a
temporary data folder. TEST_NEO4J_URI points the suite at another Neo4j instead
(its data is wiped!). A database that cannot be started fails the run: nothing is
skipped for want of Neo4j.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from app import create_app
from app.extensions import get_graph
from config import TestConfig
from graph.driver import Graph, GraphSettings
from graph.embedded import EmbeddedNeo4j, free_port
from graph.schema import migrated_graph

#: Fixtures any test may use: a real SMTP server and the mail sender (tests/mail_fixtures.py).
pytest_plugins = ["tests.mail_fixtures"]

#: Seed number used by the suite; the seed's own tests vary it.
TEST_SEED = 20260

_state = {"seeded": False}


class _DeprecationRecorder(logging.Handler):
    """Collects the driver's notifications that a query uses deprecated Cypher."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "DEPRECATION" in message:
            self.messages.append(message)


@pytest.fixture(autouse=True)
def _no_deprecated_cypher() -> Iterator[None]:
    """Fail any test whose queries Neo4j reports as deprecated (they break on upgrade)."""
    recorder = _DeprecationRecorder()
    logger = logging.getLogger("neo4j.notifications")
    logger.addHandler(recorder)
    try:
        yield
    finally:
        logger.removeHandler(recorder)
    assert not recorder.messages, f"deprecated Cypher: {recorder.messages[0][:2000]}"


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Bolt URI of the suite's database, started once per run."""
    external = os.environ.get("TEST_NEO4J_URI")
    if external:
        yield external
        return
    data_dir: Path = tmp_path_factory.mktemp("neo4j-data")
    server = EmbeddedNeo4j(data_dir=data_dir, port=free_port(), page_cache="256m", heap="1g")
    server.start()
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _session_graph(neo4j_uri: str) -> Iterator[Graph]:
    with migrated_graph(
        GraphSettings(uri=neo4j_uri, connection_timeout=5, max_retry_time=10)
    ) as graph:
        yield graph


def _wipe(graph: Graph) -> None:
    graph.wipe()
    _state["seeded"] = False


@pytest.fixture
def graph(_session_graph: Graph) -> Graph:
    """An empty database with the schema applied."""
    _wipe(_session_graph)
    return _session_graph


@contextmanager
def two_workers(uri: str, **overrides: object) -> Iterator[tuple[Flask, Flask]]:
    """Two app instances with their own drivers on one database, as two gunicorn workers."""
    with app_on(uri, **overrides) as first, app_on(uri, **overrides) as second:
        yield first, second


@pytest.fixture
def workers(neo4j_uri: str) -> Iterator[tuple[Flask, Flask]]:
    """Two workers (see :func:`two_workers`) with the test settings."""
    with two_workers(neo4j_uri) as apps:
        yield apps


@pytest.fixture
def no_analysis_job_running() -> Iterator[None]:
    """A job started by an earlier test must not write into this test's database."""
    from app.services import analysis_jobs

    analysis_jobs.wait_idle(timeout=120)
    yield
    analysis_jobs.wait_idle(timeout=120)


@pytest.fixture
def fresh_search_index() -> Iterator[None]:
    """The search's in-process index and answers dropped before and after the test."""
    from app.services import search

    search.clear_cache()
    yield
    search.clear_cache()


def load_seed_once(graph: Graph) -> Graph:
    """The database holding the seed network, loaded unless it is there since the last wipe."""
    if not _state["seeded"]:
        from seed.load import load_seed

        _wipe(graph)
        load_seed(graph, TEST_SEED)
        _state["seeded"] = True
    return graph


@pytest.fixture
def seeded_graph(_session_graph: Graph) -> Graph:
    """The database holding the seed network (loaded once, shared by read-only tests).

    Tests that use it must not write; tests that write use ``graph``, which wipes.
    """
    return load_seed_once(_session_graph)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests on the seed network last, one after another in their usual order, so
    the seed is loaded (and its analysis computed) once instead of after every wipe."""
    items.sort(key=lambda item: "seeded_graph" in getattr(item, "fixturenames", ()))


def make_app(uri: str, **overrides: object) -> Flask:
    """An app bound to the database at ``uri`` with test settings."""
    config = type("SuiteConfig", (TestConfig,), {"NEO4J_URI": uri, **overrides})
    return create_app(config)


@contextmanager
def app_on(uri: str, **overrides: object) -> Iterator[Flask]:
    """:func:`make_app`, whose driver is closed when the block ends."""
    application = make_app(uri, **overrides)
    try:
        yield application
    finally:
        with application.app_context():
            get_graph().close()


@pytest.fixture
def app(neo4j_uri: str) -> Iterator[Flask]:
    """The application, bound to the suite's database."""
    with app_on(neo4j_uri) as application:
        yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def world(graph: Graph) -> Graph:
    """An empty database with a tiny, known world (see tests/factories.py)."""
    from tests.factories import make_world

    make_world(graph)
    return graph


@pytest.fixture
def users(world: Graph):  # type: ignore[no-untyped-def]
    """One user per role on top of ``world``."""
    from tests.factories import make_users

    return make_users(world)


@pytest.fixture
def own_neo4j(tmp_path: Path) -> Iterator[EmbeddedNeo4j]:
    """A second embedded Neo4j of the test's own, for tests that stop and restart it."""
    server = EmbeddedNeo4j(
        data_dir=tmp_path / "neo4j", port=free_port(), page_cache="64m", heap="512m"
    )
    server.start()
    yield server
    server.stop()


#: Debian's Chromium, driven by Playwright (never `playwright install`); flags for a
#: headless run as root in a container on a closed network: no sandbox, no GPU, no
#: background fetches, component updates or sync, no first-run screens.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def _session_browser() -> Iterator[Any]:
    """Headless Chromium, launched once for the run (a launch costs a second or two)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser(_session_browser: Any) -> Iterator[Any]:
    """Headless Chromium for the browser tests (a playwright Browser); the contexts a test
    opens are closed after it, so each test starts with none, as in a browser of its own."""
    yield _session_browser
    for context in _session_browser.contexts:
        context.close()


@pytest.fixture
def reference(graph: Graph) -> Graph:
    """An empty database holding the reference data (municipalities, themes, calls)."""
    from seed.load import load_reference

    load_reference(graph)
    return graph
