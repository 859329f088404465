"""A workaround on the driver's private connection pool (see the function's docstring)."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError


def retire_connections_after_failures(driver: neo4j.Driver) -> None:
    """Never reuse a connection that reported a failed statement.

    After a failure the driver resets the connection and pools it again. Neo4j 5.26 now
    and then never answers the next message on such a connection (seen with racing
    writers on a unique key, bench/constraint_race), and the caller waits for the read
    timeout. Marked stale, the connection is closed the next time the pool would hand it
    out, and a fresh one takes its place; failures are rare, so the cost is a reconnect
    now and then. It narrows the problem without ending it: in that bench some attempts
    still wait 10 s, or longer in the pool's health check, whose cause is not known.

    The driver has no public hook for this: ``on_neo4j_error`` is its pool's own callback
    for every error a server reports, which this wraps (tests/test_driver_failures.py
    fails if a driver upgrade moves it).
    """
    pool = driver._pool
    reported = pool.on_neo4j_error

    def retire(error: Neo4jError, connection: Any) -> None:
        reported(error, connection)
        connection.set_stale()

    pool.on_neo4j_error = retire


__all__ = ["retire_connections_after_failures"]
