"""Schemathesis against the app's own OpenAPI document: no server error, no response that
breaks the schema, with an administrator's token on a small world (so writes are safe).

The document is read at collection time from an app that reads no database (serving it
needs none); every test case is sent to the suite's app, bound to the suite's Neo4j.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from app.services import analysis_jobs
from graph.driver import Graph
from tests.analysis_factories import add_network
from tests.conftest import make_app
from tests.consortium_factories import consortium_led_by, load_calls
from tests.factories import RoleUsers, informal_request, make_api_token

#: The administrator's token: fixed, because schemathesis builds some of its requests
#: (with their credentials) when it collects the tests, before any fixture has run.
ADMIN_TOKEN = "wcr_schemathesis-administrator-token-0123456789"
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    make_app("bolt://127.0.0.1:9"),
    config=SchemathesisConfig.from_dict(
        {"auth": {"openapi": {"bearerAuth": {"bearer": ADMIN_TOKEN}}}}
    ),
)


@pytest.fixture
def api_world(users: RoleUsers, world: Graph) -> Iterator[RoleUsers]:
    """The tiny world with partnerships, the five calls, a consortium and a request."""
    add_network(world)
    load_calls(world)
    consortium_led_by(world, users.lead, "DCS01")
    informal_request(world, users.member_b, "ORG-B", "ORG-F")
    yield users
    analysis_jobs.wait_idle(timeout=120)  # the background analyses, before the next wipe


@pytest.fixture
def admin_token(api_world: RoleUsers, world: Graph) -> str:
    return make_api_token(world, api_world.admin, secret=ADMIN_TOKEN)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(
    case: schemathesis.Case, app: Flask, admin_token: str
) -> None:
    case.call_and_validate(app=app)
