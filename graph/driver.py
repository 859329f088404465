"""One Neo4j driver per process, with timeouts short enough to report outages quickly."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, Session
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ResultFailedError,
    ServiceUnavailable,
    SessionExpired,
)

T = TypeVar("T")

#: Exceptions that mean "the database cannot be reached right now". DatabaseUnavailable
#: is what a transaction in flight gets while Neo4j shuts down; an acquisition timeout is
#: what a frozen Neo4j gives (the pooled connection's liveness check does not answer).
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ServiceUnavailable, SessionExpired, DatabaseUnavailable, ConnectionAcquisitionTimeoutError,
    OSError,
)
_PROBE_ERRORS: tuple[type[Exception], ...] = (*UNAVAILABLE_ERRORS, DriverError)


#: Bumped in the same transaction as every write that may change the network, so that
#: cached analyses know when they are stale (read it with ``Graph.version()``).
_BUMP_VERSION = (
    "MERGE (v:GraphVersion {id: 'network'}) "
    "ON CREATE SET v.n = 1 ON MATCH SET v.n = v.n + 1 "
    "RETURN elementId(v) AS node, v.n AS n"
)

#: The lowest network version the work in hand may see. The web layer sets it, for each
#: request, to the version its browser's own last write produced (carried in the session),
#: so a worker whose remembered version is older than that reads the version afresh: users
#: see their own changes whichever worker answers.
VERSION_FLOOR: ContextVar[int] = ContextVar("network_version_floor", default=0)
#: A remembered version counts only if it was read at or after this moment (monotonic
#: seconds). The API sets it to the start of each request: a program, which has no
#: session to carry a floor, sees every write made before it asked, and a request that
#: needs the version several times reads it once.
VERSION_READ_SINCE: ContextVar[float] = ContextVar("network_version_read_since",
                                                   default=float("-inf"))
#: The network version the last write of the work in hand produced (0: none yet).
VERSION_WRITTEN: ContextVar[int] = ContextVar("network_version_written", default=0)


class VersionStamp(NamedTuple):
    """The network version and the identity of the node holding it: a wiped and reloaded
    database can count up to the same number again, but not on the same node."""

    node: str
    n: int


def bookkeeping(work: Callable[..., T]) -> Callable[..., T]:
    """Mark a transaction function whose writes never change the network as analysed and
    searched (audit log, sessions, throttling, budgets), so it does not invalidate cached
    analyses and search facets."""
    work.bookkeeping = True  # type: ignore[attr-defined]
    return work


class GraphUnavailable(RuntimeError):
    """Neo4j cannot be reached; callers answer 503 and try again later."""


class _MaskedTransient(Exception):
    """A transient error that reached us as the driver's ResultFailedError."""

    def __init__(self, error: Neo4jError) -> None:
        super().__init__(str(error))
        self.error = error


#: Seconds without a successful call after which the next call checks the connection
#: first (one round trip; never under steady traffic).
PROBE_AFTER_IDLE = 5.0

#: Attempts at a transaction whose transient error the driver's rollback masked.
_MASKED_RETRIES = 3


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


def _retire_connections_after_failures(driver: neo4j.Driver) -> None:
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


class Graph:
    """A driver bound to one database; runs transaction functions through managed sessions.

    Transaction functions live in the repository modules of this package as
    ``name_tx(tx, *, ...)``; managed transactions may retry them, so they must be
    safe to run twice.
    """

    def __init__(self, settings: GraphSettings) -> None:
        self.settings = settings
        self.database = settings.database
        auth = (settings.user, settings.password) if settings.password else None
        self.driver = GraphDatabase.driver(
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
        _retire_connections_after_failures(self.driver)
        #: Set when a call found Neo4j unreachable, cleared by the next call that succeeds.
        self.outage_seen = False
        #: The last network version this process read or wrote, and when (monotonic).
        self._stamp: tuple[VersionStamp, float] | None = None
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
            with self.driver.session(database=self.database) as session:
                yield session
        except UNAVAILABLE_ERRORS as exc:
            self.outage_seen = True
            raise GraphUnavailable(str(exc)) from exc
        except ResultFailedError as exc:
            # When a statement fails under concurrent writers (a ConstraintError, a lock
            # conflict), the driver's rollback can raise this in its place, which also
            # escapes its retries: callers get the real error, transient ones are retried.
            cause = exc.__cause__
            if isinstance(cause, Neo4jError):
                if cause.is_retryable():
                    raise _MaskedTransient(cause) from exc
                raise cause from exc
            raise
        self.outage_seen = False
        self._answered_at = time.monotonic()

    def _managed(self, access: str, unit: Callable[..., T], kwargs: dict[str, Any]) -> T:
        """Run ``unit`` in a managed transaction (``access``: "read" or "write"); retry a
        transient error the driver could not retry itself, a few times."""
        for attempt in range(1, _MASKED_RETRIES + 1):
            try:
                with self._session() as session:
                    run = session.execute_read if access == "read" else session.execute_write
                    return run(unit, **kwargs)
            except _MaskedTransient as masked:
                if attempt == _MASKED_RETRIES:
                    raise masked.error from masked
        raise AssertionError("unreachable")

    def _probe(self) -> None:
        """GraphUnavailable unless a connection to Neo4j can be made right now."""
        try:
            self.driver.verify_connectivity()
        except _PROBE_ERRORS as exc:
            self.outage_seen = True
            raise GraphUnavailable(f"Neo4j is still unreachable: {exc}") from exc

    def read(self, work: Callable[..., T], /, **kwargs: Any) -> T:
        """Run ``work(tx, **kwargs)`` in a managed read transaction."""
        return self._managed("read", work, kwargs)

    def write(self, work: Callable[..., T], /, **kwargs: Any) -> T:
        """Run ``work(tx, **kwargs)`` in a managed write transaction.

        Unless ``work`` is marked ``@bookkeeping``, the same transaction bumps the
        network version, which invalidates cached analyses.
        """
        if getattr(work, "bookkeeping", False):
            return self._managed("write", work, kwargs)
        bumped: list[VersionStamp] = []

        def unit(tx: ManagedTransaction, **kw: Any) -> T:
            bumped.clear()  # a retried transaction starts again
            result = work(tx, **kw)
            record = tx.run(_BUMP_VERSION).single(strict=True)
            bumped.append(VersionStamp(str(record["node"]), int(record["n"])))
            return result

        started = time.monotonic()
        result = self._managed("write", unit, kwargs)
        self._remember(bumped[0], started)
        VERSION_WRITTEN.set(bumped[0].n)
        return result

    def version(self) -> int:
        """The network version: it grows with every write that may change the network."""
        return self.version_stamp().n

    def version_stamp(self) -> VersionStamp:
        """The network version with its node, as remembered when read (or written) less
        than ``version_max_age`` seconds ago, not before VERSION_READ_SINCE and not below
        VERSION_FLOOR; else read now."""
        known = self._stamp
        if (known is not None and known[0].n >= VERSION_FLOOR.get()
                and known[1] >= VERSION_READ_SINCE.get()
                and time.monotonic() - known[1] < self.settings.version_max_age):
            return known[0]
        started = time.monotonic()
        stamp = self.read(_version_tx)
        self._remember(stamp, started)
        return stamp

    def forget_version(self) -> None:
        """Read the version from Neo4j next time (after a wipe, for instance)."""
        self._stamp = None

    def _remember(self, stamp: VersionStamp, started: float) -> None:
        """Keep ``stamp``, dated when the call that gave it began (so it says nothing of
        writes made while it ran)."""
        known = self._stamp
        # A slower concurrent read must not replace a later version (threaded workers).
        if known is None or known[0].node != stamp.node or known[0].n <= stamp.n:
            self._stamp = (stamp, started)

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


def _version_tx(tx: ManagedTransaction) -> VersionStamp:
    record = tx.run("MATCH (v:GraphVersion {id: 'network'}) "
                    "RETURN elementId(v) AS node, v.n AS n").single()
    return VersionStamp(str(record["node"]), int(record["n"])) if record else VersionStamp("", 0)


def _ping_tx(tx: ManagedTransaction) -> int:
    record = tx.run("RETURN 1 AS ok").single(strict=True)
    return int(record["ok"])


__all__ = [
    "Graph", "GraphSettings", "GraphUnavailable", "UNAVAILABLE_ERRORS", "VERSION_FLOOR",
    "VERSION_READ_SINCE", "VERSION_WRITTEN", "VersionStamp", "bookkeeping", "neo4j",
]
