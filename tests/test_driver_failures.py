"""A connection that reported a failed statement is closed, never handed out again
(see graph.pool.retire_connections_after_failures)."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import ManagedTransaction

from graph.driver import Graph
from graph.errors import Conflict


def _pooled(graph: Graph) -> list[Any]:
    # The driver's own pool: the hook under test lives there, so does the check.
    pool = graph.driver._pool
    with pool.lock:
        return [connection for found in pool.connections.values() for connection in found]


def _stale(graph: Graph) -> set[int]:
    return {id(connection) for connection in _pooled(graph) if connection.stale()}


def _create_user(tx: ManagedTransaction, *, email: str) -> None:
    tx.run("CREATE (:User {id: $email, email: $email})", email=email).consume()


def _count_users(tx: ManagedTransaction) -> int:
    return int(tx.run("MATCH (u:User) RETURN count(u) AS n").single(strict=True)["n"])


def test_the_connection_of_a_failed_statement_is_not_reused(graph: Graph) -> None:
    # The suite's driver is shared: an earlier test may have left a retired connection
    # that no call has collected yet, so only what these calls retire is counted.
    earlier = _stale(graph)
    graph.write(_create_user, email="doppia@example.org")
    assert _stale(graph) <= earlier  # a statement that succeeds retires nothing

    with pytest.raises(Conflict):
        graph.write(_create_user, email="doppia@example.org")
    retired = [connection for connection in _pooled(graph) if connection.stale()]
    retired = [connection for connection in retired if id(connection) not in earlier]
    assert len(retired) == 1

    # The next call is served, and the pool closes the retired connection on its way.
    assert graph.read(_count_users) == 1
    assert retired[0].closed()
    assert retired[0] not in _pooled(graph)
