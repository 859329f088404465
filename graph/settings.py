"""Where the graph layer finds Neo4j, how long it waits for it, and the driver so opened."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j
from neo4j import GraphDatabase

from graph.pool import retire_connections_after_failures


@dataclass(frozen=True)
class GraphSettings:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str = "neo4j"
    connection_timeout: float = 2.0
    acquisition_timeout: float = 2.0
    max_retry_time: float = 3.0
    #: Seconds a process may answer with the network version it read last instead of
    #: asking Neo4j again (0: ask every time). Writes in the process refresh it at once;
    #: other processes' writes show within this many seconds (see VERSION_FLOOR).
    version_max_age: float = 0.0


def open_driver(settings: GraphSettings) -> neo4j.Driver:
    """The process's driver for ``settings``, its pool patched (graph.pool)."""
    auth = (settings.user, settings.password) if settings.password else None
    driver = GraphDatabase.driver(
        settings.uri,
        auth=auth,
        connection_timeout=settings.connection_timeout,
        connection_acquisition_timeout=settings.acquisition_timeout,
        max_transaction_retry_time=settings.max_retry_time,
        # Every pooled connection is checked (one RESET round trip) before reuse,
        # within the acquisition timeout: a frozen Neo4j (SIGSTOP, a stalled VM)
        # then costs the first request acquisition_timeout (2 s), not the read
        # timeout the server hinted plus retries (16.9 s measured in the audit).
        liveness_check_timeout=0.0,
        # Planner hints (cartesian products...) and "unknown property" warnings (normal
        # for optional properties) are noise in the log; deprecations still show.
        notifications_min_severity="WARNING",
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )
    retire_connections_after_failures(driver)
    return driver


__all__ = ["GraphSettings", "open_driver"]
