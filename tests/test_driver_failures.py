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


def _create_user(tx: ManagedTransaction, *, email: str) -> None:
    tx.run("CREATE (:User {id: $email, email: $email})", email=email).consume()


def _count_users(tx: ManagedTransaction) -> int:
    return int(tx.run("MATCH (u:User) RETURN count(u) AS n").single(strict=True)["n"])


def test_the_connection_of_a_failed_statement_is_not_reused(graph: Graph) -> None:
    graph.write(_create_user, email="doppia@example.org")
    assert not [connection for connection in _pooled(graph) if connection.stale()]

    with pytest.raises(Conflict):
        graph.write(_create_user, email="doppia@example.org")
    retired = [connection for connection in _pooled(graph) if connection.stale()]
    assert len(retired) == 1

    # The next call is served, and the pool closes the retired connection on its way.
    assert graph.read(_count_users) == 1
    assert retired[0].closed()
    assert retired[0] not in _pooled(graph)
