"""Login throttling: at most 10 failures a minute per account and per address.

Counters live in Neo4j, so every worker process sees the same numbers.
"""

from __future__ import annotations

import time

from graph.driver import Graph
from graph.security_repo import recent_failures_tx, record_failure_tx

MAX_FAILURES = 10
WINDOW_SECONDS = 60


def throttle_keys(email: str, address: str | None) -> list[str]:
    """The counters a login attempt is charged to.

    >>> throttle_keys("A@x.it", "10.0.0.1")
    ['account:a@x.it', 'address:10.0.0.1']
    """
    keys = [f"account:{email.strip().lower()}"]
    if address:
        keys.append(f"address:{address}")
    return keys


def is_throttled(graph: Graph, keys: list[str], *, now: float | None = None) -> bool:
    """True when any key has reached the failure limit within the window."""
    now_ms = int((now if now is not None else time.time()) * 1000)
    since_ms = now_ms - WINDOW_SECONDS * 1000
    return graph.read(recent_failures_tx, keys=keys, since_ms=since_ms) >= MAX_FAILURES


def record_failure(graph: Graph, keys: list[str], *, now: float | None = None) -> None:
    """Count one failed login against every key."""
    now_ms = int((now if now is not None else time.time()) * 1000)
    graph.write(
        record_failure_tx, keys=keys, now_ms=now_ms, since_ms=now_ms - WINDOW_SECONDS * 1000
    )
