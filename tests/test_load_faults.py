"""Under load on loopback, gunicorn with two workers survives a killed worker and a Neo4j
restart: requests keep succeeding, nothing but 503 while Neo4j is down, /health 200 again.

A short version of ``python -m bench load``'s fault run, with the same machinery
(bench/_load.py, bench/_faults.py; locust runs in a process of its own). It uses its own
embedded Neo4j, which it stops and starts, never the suite's. Counts are asserted, never
latencies; every step is bounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench._faults import FaultReport, Timing, run_faults
from bench._load import Gunicorn, api_token
from bench._site import Account, Plan, prepare
from graph.driver import GraphSettings
from graph.embedded import EmbeddedNeo4j
from graph.schema import migrated_graph
from tests.consortium_factories import add_organizations, load_calls
from tests.factories import PASSWORD, make_users, make_world

TIMING = Timing(before_kill=3, after_kill=5, outage=3, after_recovery=5, recovery_limit=60)
ACCOUNTS = {
    key: Account(key, f"{user}@test.example", PASSWORD)
    for key, user in (("member", "member_a"), ("lead", "lead"), ("staff", "staff"))
}


@pytest.fixture
def served(own_neo4j: EmbeddedNeo4j, tmp_path: Path) -> Iterator[tuple[Gunicorn, Plan]]:
    """The tiny world of tests/factories.py served by gunicorn with two workers."""
    settings = GraphSettings(uri=own_neo4j.uri, connection_timeout=5, max_retry_time=10)
    with migrated_graph(settings) as graph:
        make_world(graph)
        load_calls(graph)
        add_organizations(graph)
        make_users(graph)
    server = Gunicorn(own_neo4j.uri, workers=2, log_path=tmp_path / "gunicorn.log")
    server.start()
    try:
        token = api_token(own_neo4j.uri, ACCOUNTS["member"].email)
        yield server, prepare(server.url, ACCOUNTS, "DCS01", token)
    finally:
        server.stop()


def _explain(report: FaultReport, server: Gunicorn) -> str:
    return "\n".join(report.lines()) + "\n--- gunicorn ---\n" + server.log_tail(40)


@pytest.mark.slow
def test_load_survives_a_worker_kill_and_a_neo4j_restart(
    own_neo4j: EmbeddedNeo4j, served: tuple[Gunicorn, Plan], tmp_path: Path
) -> None:
    server, plan = served
    report = run_faults(server, own_neo4j, plan, tmp_path, users=6, timing=TIMING, think="0.2,0.6")
    why = _explain(report, server)

    # gunicorn replaced the killed worker, and the site kept answering meanwhile.
    assert report.respawned_at is not None, why
    assert report.killed_pid not in server.worker_pids(), why
    assert any(r.ok for r in report.requests(report.kill_at, report.stop_at)), why
    # The outage showed as 503s (to the users or to /health) ...
    seen = {r.status for r in report.run.records} | {status for _t, status in report.health}
    assert 503 in seen, why
    # ... and nothing failed but those 503s and what the kill cut off: no 500, no hang.
    assert report.unexpected() == [], why
    # /health came back within the bounded wait, and so did the pages.
    assert report.health_back_at is not None, why
    assert any(r.ok for r in report.requests(report.health_back_at, report.run.ended)), why
