"""Login throttling: at most 10 failures a minute per account and per address.

Counters live in Neo4j, so every worker process sees the same numbers. Other attempts
worth rationing (password-reset mails) use the same counters with their own keys,
limit and window.
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


def is_throttled(graph: Graph, keys: list[str], *, now: float | None = None,
                 limit: int = MAX_FAILURES, window: int = WINDOW_SECONDS) -> bool:
    """True when any key has reached ``limit`` attempts within the last ``window`` seconds."""
    now_ms = int((now if now is not None else time.time()) * 1000)
    since_ms = now_ms - window * 1000
    return graph.read(recent_failures_tx, keys=keys, since_ms=since_ms) >= limit


def record_failure(graph: Graph, keys: list[str], *, now: float | None = None,
                   window: int = WINDOW_SECONDS) -> None:
    """Count one failed login (or one rationed attempt) against every key."""
    now_ms = int((now if now is not None else time.time()) * 1000)
    graph.write(
        record_failure_tx, keys=keys, now_ms=now_ms, since_ms=now_ms - window * 1000
    )
