"""The embedded Neo4j launcher: clear error on a taken port, data kept across restarts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from graph.driver import Graph, GraphSettings
from graph.embedded import EmbeddedNeo4j, EmbeddedNeo4jError, free_port


def test_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        server = EmbeddedNeo4j(data_dir=tmp_path / "db", port=port)
        with pytest.raises(EmbeddedNeo4jError, match=f"port {port} .* already in use"):
            server.start()
        assert not server.running


@pytest.mark.slow
def test_data_survives_a_clean_stop_and_restart(tmp_path: Path) -> None:
    server = EmbeddedNeo4j(data_dir=tmp_path / "db", port=free_port(), page_cache="64m",
                           heap="512m")
    with server:
        graph = Graph(GraphSettings(uri=server.uri))
        graph.write(lambda tx: tx.run("CREATE (:Probe {n: 42})").consume())
        graph.close()
    assert not server.running  # stopped by SIGTERM, store checkpointed

    with server:
        graph = Graph(GraphSettings(uri=server.uri))
        found = graph.read(
            lambda tx: tx.run("MATCH (p:Probe) RETURN p.n AS n").single(strict=True)["n"])
        graph.close()
    assert found == 42
