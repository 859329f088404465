"""Analysis results cached in Neo4j per network version, and the background jobs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.services import analysis, analysis_documents, analysis_jobs
from app.services.analysis_store import Scope
from graph.analysis_cache_repo import claim_job_tx
from graph.driver import Graph
from graph.seed_repo import merge_partnerships_tx
from tests.analysis_factories import add_network, partnership, wait_fresh

pytestmark = pytest.mark.usefixtures("no_analysis_job_running")


@pytest.fixture
def network(world: Graph) -> Graph:
    add_network(world)
    return world


def _no_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("recomputed although the cache was current")

    monkeypatch.setattr(analysis_documents, "analysis_bundle", refuse)


def test_whole_network_is_computed_in_the_background_then_served_from_cache(
    network: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = analysis.results(network, Scope())
    assert first.state == "pending" and first.result is None
    assert first.job is not None and first.job["started"]
    fresh = wait_fresh(network, Scope())
    assert fresh.result is not None
    assert fresh.result.version == network.version()
    assert fresh.data is not None and fresh.data["structure"]["edges"] == 6

    _no_computing(monkeypatch)
    again = analysis.results(network, Scope())
    assert again.state == "fresh" and again.job is None
    assert again.result == fresh.result
    assert analysis.results(network, Scope(), "network").state == "fresh"


def test_a_write_makes_the_result_stale_and_it_is_recomputed(network: Graph) -> None:
    before = wait_fresh(network, Scope())
    assert before.result is not None
    network.write(merge_partnerships_tx, rows=[partnership("P6", "ORG-B", "ORG-F")])
    assert network.version() > before.result.version

    stale = analysis.results(network, Scope())
    assert stale.state == "stale"
    assert stale.result == before.result  # the last good result, shown meanwhile
    assert stale.job is not None and stale.job["version"] == network.version()

    after = wait_fresh(network, Scope())
    assert after.result is not None and after.data is not None
    assert after.result.version == network.version()
    assert after.data["structure"]["edges"] == 7


def test_caching_does_not_bump_the_network_version(network: Graph) -> None:
    version = network.version()
    wait_fresh(network, Scope())
    wait_fresh(network, Scope(district="DCS01"))
    assert network.version() == version


def test_job_progress_reaches_done(network: Graph) -> None:
    outcome = analysis.results(network, Scope(start_year=2019, end_year=2021))
    assert outcome.job is not None
    analysis_jobs.wait_idle(timeout=60)
    job = analysis_jobs.job_status(network, outcome.job["id"])
    assert job is not None
    assert (job["state"], job["step"], job["progress"]) == ("done", "done", 1.0)
    assert job["finished_at"] >= job["started_at"]
    window = analysis.results(network, Scope(start_year=2019, end_year=2021))
    assert window.state == "fresh" and window.data is not None
    # Everything but P5 (from 2022) is active in 2019-2021; P1 (2018) has no end.
    assert window.data["structure"]["edges"] == 5


def test_small_scopes_are_computed_inline(network: Graph) -> None:
    outcome = analysis.results(network, Scope(district="DCS01"))
    assert outcome.state == "fresh" and outcome.job is None
    assert outcome.data is not None and outcome.data["structure"]["nodes"] == 6


def test_a_live_job_is_joined_not_repeated(graph: Graph) -> None:
    now = datetime.now(UTC)
    claim: dict[str, Any] = {
        "key": "network",
        "now": now,
        "alive_since": now - timedelta(seconds=60),
    }
    first = graph.write(claim_job_tx, version=3, job_id="j1", **claim)
    joined = graph.write(claim_job_tx, version=3, job_id="j2", **claim)
    assert first["started"] and not joined["started"]
    assert joined["id"] == "j1"
    newer = graph.write(claim_job_tx, version=4, job_id="j3", **claim)
    assert newer["started"] and newer["id"] == "j3"
    # A job whose process stopped beating is taken over.
    later = now + timedelta(seconds=120)
    taken = graph.write(
        claim_job_tx,
        key="network",
        version=4,
        job_id="j4",
        now=later,
        alive_since=later - timedelta(seconds=60),
    )
    assert taken["started"] and taken["id"] == "j4"


def test_a_superseded_job_does_not_compute(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    now = datetime.now(UTC)
    graph.write(claim_job_tx, key="network", version=1, job_id="old", now=now, alive_since=now)
    graph.write(claim_job_tx, key="network", version=2, job_id="new", now=now, alive_since=now)
    _no_computing(monkeypatch)
    analysis_jobs.run_job(graph, Scope(), "old", 1)
    job = analysis_jobs.job_status(graph, "new")
    assert job is not None and job["state"] == "queued"
    assert analysis_jobs.job_status(graph, "old") is None


def test_a_failed_job_is_recorded(network: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    now, version = datetime.now(UTC), network.version()
    network.write(
        claim_job_tx, key="network", version=version, job_id="boom", now=now, alive_since=now
    )
    _no_computing(monkeypatch)
    analysis_jobs.run_job(network, Scope(), "boom", version)  # as the analysis process does
    job = analysis_jobs.job_status(network, "boom")
    assert job is not None and job["state"] == "failed"
    assert "recomputed although" in job["error"]
