"""The embedded Neo4j launcher: clear error on a taken port and a bounded wait for an
answer that never comes (data kept across a clean restart: tests/test_outage.py)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.embedded import EmbeddedNeo4j, EmbeddedNeo4jError


def test_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        server = EmbeddedNeo4j(data_dir=tmp_path / "db", port=port)
        with pytest.raises(EmbeddedNeo4jError, match=f"port {port} .* already in use"):
            server.start()
        assert not server.running


def _launcher_only(neo4j_uri: str) -> str:
    if os.environ.get("TEST_NEO4J_URI"):
        pytest.skip("checks the launcher's settings; this run uses another Neo4j")
    return neo4j_uri


def _keep_alive(uri: str) -> dict[str, str]:
    with GraphDatabase.driver(uri) as driver:
        records = driver.execute_query(
            "SHOW SETTINGS YIELD name, value "
            "WHERE name STARTS WITH 'server.bolt.connection_keep_alive' RETURN name, value"
        ).records
    return {
        record["name"].removeprefix("server.bolt.connection_"): record["value"]
        for record in records
    }


def test_drivers_are_told_to_give_up_on_a_silent_server_after_ten_seconds(
    neo4j_uri: str,
) -> None:
    # keep_alive x probes is the read timeout the server hints to drivers; a message
    # that 5.26 leaves unanswered then costs 10 s and a retry, not the default 2 min.
    settings = _keep_alive(_launcher_only(neo4j_uri))
    assert {
        key: settings[key] for key in ("keep_alive", "keep_alive_for_requests", "keep_alive_probes")
    } == {"keep_alive": "5s", "keep_alive_for_requests": "ALL", "keep_alive_probes": "2"}


def test_a_request_waiting_longer_than_that_is_kept_alive(neo4j_uri: str) -> None:
    """A statement blocked 12 s on a lock gets NOOPs and its answer, not a timeout."""
    uri = _launcher_only(neo4j_uri)
    with GraphDatabase.driver(uri) as driver:
        driver.execute_query("MERGE (:Probe {name: 'keep-alive'})")
        locked = threading.Event()

        def hold_lock() -> None:
            with driver.session() as session, session.begin_transaction() as tx:
                tx.run("MATCH (p:Probe {name: 'keep-alive'}) SET p.holder = 'first'").consume()
                locked.set()
                time.sleep(12)  # longer than the 10 s the server told the driver to wait
                tx.commit()

        holder = threading.Thread(target=hold_lock)
        holder.start()
        try:
            assert locked.wait(30)
            # Auto-commit: a read timeout would raise here instead of being retried.
            with driver.session() as session:
                record = session.run(
                    "MATCH (p:Probe {name: 'keep-alive'}) SET p.holder = 'second' "
                    "RETURN p.holder AS holder"
                ).single(strict=True)
        finally:
            holder.join(60)
        assert record["holder"] == "second"
        driver.execute_query("MATCH (p:Probe {name: 'keep-alive'}) DELETE p")
