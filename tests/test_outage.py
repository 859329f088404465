"""With Neo4j stopped under a running app, pages answer 503; after a restart, 200 again,
and what was written before the stop is still there.

The app runs in a real HTTP server thread and talks to its own embedded Neo4j, which
this test stops and starts. Each request carries a 10 s client timeout: a request that
hangs longer than that fails the test (the driver's own defaults would hang 30-60 s).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from graph.driver import Graph, GraphSettings
from graph.embedded import EmbeddedNeo4j
from tests.conftest import make_app
from tests.http_status import get_status
from tests.served import serve

REQUEST_TIMEOUT = 10.0


def _get(url: str) -> int:
    return get_status(url, REQUEST_TIMEOUT)


@pytest.fixture
def served_app(own_neo4j: EmbeddedNeo4j) -> Iterator[str]:
    with serve(make_app(own_neo4j.uri)) as url:
        yield url


@pytest.mark.slow
def test_outage_gives_503_then_recovers_without_restart(
    own_neo4j: EmbeddedNeo4j, served_app: str
) -> None:
    assert _get(served_app + "/health") == 200
    assert _get(served_app + "/") == 200
    _probe(own_neo4j, "CREATE (:Probe {n: 42})", write=True)

    own_neo4j.stop()
    assert not own_neo4j.running  # stopped by SIGTERM, store checkpointed
    assert _get(served_app + "/health") == 503
    assert _get(served_app + "/") == 503
    assert _get(served_app + "/organizzazioni/") == 503

    own_neo4j.start()
    statuses = []
    for _ in range(30):  # bounded wait for the pool to reconnect: at most ~30 polls
        statuses.append(_get(served_app + "/health"))
        if statuses[-1] == 200:
            break
        time.sleep(1)
    assert statuses[-1] == 200, statuses
    assert _get(served_app + "/") == 200
    assert _get(served_app + "/organizzazioni/") == 200
    # What was written before the clean stop is still there.
    assert _probe(own_neo4j, "MATCH (p:Probe) RETURN p.n AS n") == [42]


def _probe(server: EmbeddedNeo4j, cypher: str, *, write: bool = False) -> list[object]:
    graph = Graph(GraphSettings(uri=server.uri))
    try:
        run = graph.write if write else graph.read
        return run(lambda tx: [record["n"] for record in tx.run(cypher)])
    finally:
        graph.close()
