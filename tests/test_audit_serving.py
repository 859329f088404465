"""Audit finding 3: slow or half-open clients do not stall the production server, and a
frozen Neo4j (SIGSTOP) answers 503 at the connection check instead of hanging."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench._load import Gunicorn
from graph.driver import Graph, GraphSettings, GraphUnavailable
from graph.embedded import EmbeddedNeo4j
from tests.http_status import get_status

#: The client gives up after this long: far above a healthy answer, well below what the
#: audit saw (33 s for /health, 16.9 s for the first 503): a hang guard, not a speed goal.
PATIENCE = 12.0


def _get(url: str) -> int:
    return get_status(url, PATIENCE)


@pytest.fixture
def server(neo4j_uri: str, graph: Graph, tmp_path: Path) -> Iterator[Gunicorn]:
    """The product's gunicorn settings (gunicorn.conf.py) with one worker process."""
    gunicorn = Gunicorn(neo4j_uri, workers=1, log_path=tmp_path / "gunicorn.log")
    gunicorn.start()
    yield gunicorn
    gunicorn.stop()


def test_half_open_connections_do_not_stall_health(server: Gunicorn) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    stalled = []
    for _ in range(4):  # connected, a request begun and never finished
        sock = socket.create_connection((host, int(port)))
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        stalled.append(sock)
    for _ in range(2):  # connected, nothing sent
        stalled.append(socket.create_connection((host, int(port))))
    try:
        for _ in range(3):
            assert _get(server.url + "/health") == 200
    finally:
        for sock in stalled:
            sock.close()


def test_frozen_neo4j_is_reported_as_unavailable(own_neo4j: EmbeddedNeo4j) -> None:
    """With Neo4j stopped dead (SIGSTOP), the first call fails as GraphUnavailable at the
    pooled connection's liveness check (bounded by the acquisition timeout), not as an
    unexpected error after the server's read timeout and retries."""
    graph = Graph(GraphSettings(uri=own_neo4j.uri))
    assert graph.ping()
    process = own_neo4j._process
    assert process is not None
    os.kill(process.pid, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            call = pool.submit(graph.read, lambda tx: tx.run("RETURN 1").consume())
            with pytest.raises(GraphUnavailable):
                call.result(timeout=PATIENCE)  # a hang guard: the audit saw 16.9 s
        assert graph.outage_seen  # the next calls fail at once on the connection check
        assert not graph.ping()
    finally:
        os.kill(process.pid, signal.SIGCONT)
    assert graph.ping()
    graph.close()
