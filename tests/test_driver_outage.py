"""The driver wrapper during an outage: later calls fail at once, recovery is immediate."""

from __future__ import annotations

from typing import Any

import pytest

from graph.driver import Graph, GraphSettings, GraphUnavailable, _ping_tx
from graph.embedded import free_port


def _count_sessions(graph: Graph) -> list[int]:
    """Wrap the driver's session() to count the calls that open a transaction session
    (the connection check of an outage does not)."""
    attempts = [0]
    real = graph.driver.session

    def counting(**kwargs: Any) -> Any:
        attempts[0] += 1
        return real(**kwargs)

    graph.driver.session = counting  # type: ignore[method-assign]
    return attempts


def test_after_an_outage_calls_fail_on_the_connection_check() -> None:
    graph = Graph(
        GraphSettings(
            uri=f"bolt://127.0.0.1:{free_port()}",
            connection_timeout=1,
            acquisition_timeout=1,
            max_retry_time=1,
        )
    )
    attempts = _count_sessions(graph)
    try:
        # The first call of a process checks the connection first (nothing answered
        # yet): it fails there, without waiting out the transaction retries either.
        with pytest.raises(GraphUnavailable):
            graph.read(_ping_tx)
        assert attempts[0] == 0 and graph.outage_seen
        for _ in range(5):
            with pytest.raises(GraphUnavailable, match="still unreachable"):
                graph.read(_ping_tx)
        assert not graph.ping()
        assert attempts[0] == 0  # none of these waited out the transaction retries
        assert graph.outage_seen
    finally:
        graph.close()


def test_the_first_call_after_an_outage_goes_through(_session_graph: Graph) -> None:
    graph = Graph(_session_graph.settings)
    attempts = _count_sessions(graph)
    try:
        graph.outage_seen = True  # as after an outage; Neo4j answers again
        assert graph.read(_ping_tx) == 1
        assert attempts[0] == 1 and not graph.outage_seen
    finally:
        graph.close()
