"""One Neo4j driver per process, with timeouts short enough to report outages quickly
(failures and retries: graph.session; network version: graph.versioning; pool: graph.pool).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from neo4j import ManagedTransaction, Session

from graph.errors import GraphUnavailable
from graph.session import PROBE_AFTER_IDLE, PROBE_ERRORS, driver_errors_translated, retrying_masked
from graph.settings import GraphSettings, open_driver
from graph.versioning import (
    VERSION_WRITTEN,
    VersionMemory,
    VersionStamp,
    bumping,
    changes_network,
    version_tx,
)

T = TypeVar("T")


class Graph:
    """A driver bound to one database; runs transaction functions through managed sessions.

    Transaction functions live in the repository modules of this package as
    ``name_tx(tx, *, ...)``; managed transactions may retry them, so they must be
    safe to run twice.
    """

    def __init__(self, settings: GraphSettings) -> None:
        self.settings = settings
        self.database = settings.database
        self.driver = open_driver(settings)
        #: Set when a call found Neo4j unreachable, cleared by the next call that succeeds.
        self.outage_seen = False
        self.versions = VersionMemory(settings.version_max_age)
        #: When a call last went through (monotonic), for ping(max_age=...).
        self._answered_at = float("-inf")

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session, or GraphUnavailable. After an outage, each call first checks the
        connection, which fails at once while Neo4j refuses it, instead of waiting out the
        transaction retries (that would tie up every worker while Neo4j is down). So does
        the first call after PROBE_AFTER_IDLE seconds without one: a frozen Neo4j accepts
        the TCP connection and never answers the handshake, and the transaction's retries
        would wait 2 s per attempt (9 s measured) where the check costs 2 s once."""
        if self.outage_seen or time.monotonic() - self._answered_at > PROBE_AFTER_IDLE:
            self._probe()
        try:
            with driver_errors_translated(), self.driver.session(database=self.database) as session:
                yield session
        except GraphUnavailable:
            self.outage_seen = True
            raise
        self.outage_seen = False
        self._answered_at = time.monotonic()

    def _managed(self, access: str, unit: Callable[..., T], kwargs: dict[str, Any]) -> T:
        """Run ``unit`` in a managed transaction (``access``: "read" or "write")."""

        def attempt() -> T:
            with self._session() as session:
                run = session.execute_read if access == "read" else session.execute_write
                return run(unit, **kwargs)

        return retrying_masked(attempt)

    def _probe(self) -> None:
        """GraphUnavailable unless a connection to Neo4j can be made right now."""
        try:
            self.driver.verify_connectivity()
        except PROBE_ERRORS as exc:
            self.outage_seen = True
            raise GraphUnavailable(f"Neo4j is still unreachable: {exc}") from exc

    def read(self, work: Callable[..., T], /, **kwargs: Any) -> T:
        """Run ``work(tx, **kwargs)`` in a managed read transaction."""
        return self._managed("read", work, kwargs)

    def write(self, work: Callable[..., T], /, **kwargs: Any) -> T:
        """Run ``work(tx, **kwargs)`` in a managed write transaction. Unless ``work`` is
        marked ``@network_unchanged``, the same transaction bumps the network version."""
        if not changes_network(work):
            return self._managed("write", work, kwargs)
        unit, bumped = bumping(work)
        started = time.monotonic()
        result = self._managed("write", unit, kwargs)
        self.versions.remember(bumped[0], started)
        VERSION_WRITTEN.set(bumped[0].n)
        return result

    def version(self) -> int:
        """The network version: it grows with every write that may change the network."""
        return self.version_stamp().n

    def version_stamp(self) -> VersionStamp:
        """The network version with its node, remembered (VersionMemory.fresh) or read."""
        known = self.versions.fresh()
        if known is not None:
            return known
        started = time.monotonic()
        stamp = self.read(version_tx)
        self.versions.remember(stamp, started)
        return stamp

    def forget_version(self) -> None:
        """Read the version from Neo4j next time (after a wipe, for instance)."""
        self.versions.forget()

    def run_schema(self, statement: str) -> None:
        """Run one schema statement in an auto-commit transaction (DDL cannot share one)."""
        with self._session() as session:
            session.run(statement).consume()

    def wipe(self) -> None:
        """Delete every node and relationship, in batches (the schema stays): for tests and
        benchmarks on a throwaway database, never the product's own."""
        self.run_schema("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        self.forget_version()

    def ping(self, max_age: float = 0.0) -> bool:
        """True when the database answers a trivial query, or when any call went through
        less than ``max_age`` seconds ago and none has found Neo4j unreachable since."""
        if not self.outage_seen and time.monotonic() - self._answered_at < max_age:
            return True
        try:
            self.read(_ping_tx)
        except GraphUnavailable:
            return False
        return True

    def close(self) -> None:
        self.driver.close()


def _ping_tx(tx: ManagedTransaction) -> int:
    record = tx.run("RETURN 1 AS ok").single(strict=True)
    return int(record["ok"])


__all__ = ["Graph", "GraphSettings", "GraphUnavailable"]
