"""The driver wrapper's behaviour during an outage: 503 at once, then back to normal."""

from __future__ import annotations

from typing import Any

import pytest

from graph.driver import Graph, GraphSettings, GraphUnavailable, _ping_tx
from graph.embedded import free_port


def _count_sessions(graph: Graph) -> list[int]:
    """Wrap the driver's session() to count the attempts that reach the driver."""
    attempts = [0]
    real = graph.driver.session

    def counting(**kwargs: Any) -> Any:
        attempts[0] += 1
        return real(**kwargs)

    graph.driver.session = counting  # type: ignore[method-assign]
    return attempts


def test_after_an_outage_calls_fail_without_reaching_the_driver() -> None:
    graph = Graph(GraphSettings(uri=f"bolt://127.0.0.1:{free_port()}", connection_timeout=1,
                                acquisition_timeout=1, max_retry_time=1, outage_backoff=60))
    attempts = _count_sessions(graph)
    try:
        with pytest.raises(GraphUnavailable):
            graph.read(_ping_tx)
        assert attempts[0] == 1 and graph.unavailable_until > 0
        for _ in range(5):
            with pytest.raises(GraphUnavailable, match="not retrying yet"):
                graph.read(_ping_tx)
        assert not graph.ping()
        assert attempts[0] == 1  # none of these waited out the driver's timeouts
    finally:
        graph.close()


def test_once_the_back_off_ends_the_database_is_tried_again(_session_graph: Graph) -> None:
    graph = Graph(_session_graph.settings)
    attempts = _count_sessions(graph)
    try:
        graph.unavailable_until = 1.0  # an outage seen long ago: its back-off is over
        assert graph.read(_ping_tx) == 1
        assert attempts[0] == 1 and graph.unavailable_until == 0.0
    finally:
        graph.close()
