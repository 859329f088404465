"""The network version: a counter that every write changing the analysed network bumps in
its own transaction, so that cached analyses, search facets and answers know when they are
stale (``Graph.version()``), and the per-request bounds on how old a remembered one may be.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar

from neo4j import ManagedTransaction

T = TypeVar("T")

#: Bumped in the same transaction as every write that may change the network.
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
VERSION_READ_SINCE: ContextVar[float] = ContextVar(
    "network_version_read_since", default=float("-inf")
)
#: The network version the last write of the work in hand produced (0: none yet).
VERSION_WRITTEN: ContextVar[int] = ContextVar("network_version_written", default=0)


class VersionStamp(NamedTuple):
    """The network version and the identity of the node holding it: a wiped and reloaded
    database can count up to the same number again, but not on the same node."""

    node: str
    n: int


def network_unchanged(work: Callable[..., T]) -> Callable[..., T]:
    """Mark a transaction function whose writes never change the network as analysed and
    searched (audit log, sessions, throttling, budgets): ``Graph.write`` then leaves the
    network version alone, so cached analyses and search facets stay valid."""
    work.network_unchanged = True  # type: ignore[attr-defined]
    return work


def changes_network(work: Callable[..., Any]) -> bool:
    """False when ``work`` is marked ``@network_unchanged``."""
    return not getattr(work, "network_unchanged", False)


def bumping(work: Callable[..., T]) -> tuple[Callable[..., T], list[VersionStamp]]:
    """``work`` followed, in its transaction, by a bump of the network version; and the
    list that holds the new version once the transaction has run."""
    bumped: list[VersionStamp] = []

    def unit(tx: ManagedTransaction, **kw: Any) -> T:
        bumped.clear()  # a retried transaction starts again
        result = work(tx, **kw)
        record = tx.run(_BUMP_VERSION).single(strict=True)
        bumped.append(VersionStamp(str(record["node"]), int(record["n"])))
        return result

    return unit, bumped


def version_tx(tx: ManagedTransaction) -> VersionStamp:
    """The network version as stored (node "" and 0 before the first write)."""
    record = tx.run(
        "MATCH (v:GraphVersion {id: 'network'}) RETURN elementId(v) AS node, v.n AS n"
    ).single()
    return VersionStamp(str(record["node"]), int(record["n"])) if record else VersionStamp("", 0)


class VersionMemory:
    """The last network version a process read or wrote, and when (monotonic seconds)."""

    def __init__(self, max_age: float) -> None:
        #: Seconds a remembered version may answer instead of Neo4j (0: never).
        self.max_age = max_age
        self._stamp: tuple[VersionStamp, float] | None = None

    def fresh(self) -> VersionStamp | None:
        """The remembered version if it was read less than ``max_age`` seconds ago, not
        before VERSION_READ_SINCE and not below VERSION_FLOOR; else None."""
        known = self._stamp
        if (
            known is not None
            and known[0].n >= VERSION_FLOOR.get()
            and known[1] >= VERSION_READ_SINCE.get()
            and time.monotonic() - known[1] < self.max_age
        ):
            return known[0]
        return None

    def remember(self, stamp: VersionStamp, started: float) -> None:
        """Keep ``stamp``, dated when the call that gave it began (so it says nothing of
        writes made while it ran)."""
        known = self._stamp
        # A slower concurrent read must not replace a later version (threaded workers).
        if known is None or known[0].node != stamp.node or known[0].n <= stamp.n:
            self._stamp = (stamp, started)

    def forget(self) -> None:
        """Read the version from Neo4j next time."""
        self._stamp = None


__all__ = [
    "VERSION_FLOOR",
    "VERSION_READ_SINCE",
    "VERSION_WRITTEN",
    "VersionMemory",
    "VersionStamp",
    "bumping",
    "changes_network",
    "network_unchanged",
    "version_tx",
]
