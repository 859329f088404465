"""Throttling: at most 10 password failures a minute per account and per address, and
10 registrations an hour per address.

Counters live in Neo4j, so every worker process sees the same numbers. An attempt is
counted before the password is checked, in the same write transaction that reads the
count (graph.security_repo.charge_attempt_tx), so parallel requests cannot all slip
under the limit; a right password takes its attempt back. Other asks worth rationing
(password-reset and confirmation mails, app.services.recovery) charge the same counters
with their own keys, limit and window.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from graph.driver import Graph
from graph.security_repo import charge_attempt_tx, refund_attempt_tx

MAX_FAILURES = 10
WINDOW_SECONDS = 60
MAX_REGISTRATIONS = 10
REGISTRATION_WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Attempt:
    """One counted attempt: refused when the limit had been reached already."""

    keys: list[str]
    at_ms: int
    refused: bool


def throttle_keys(email: str, address: str | None) -> list[str]:
    """The counters a password check is charged to.

    >>> throttle_keys("A@x.it", "10.0.0.1")
    ['account:a@x.it', 'address:10.0.0.1']
    """
    keys = [f"account:{email.strip().lower()}"]
    if address:
        keys.append(f"address:{address}")
    return keys


def charge(
    graph: Graph,
    keys: list[str],
    *,
    limit: int = MAX_FAILURES,
    window: int = WINDOW_SECONDS,
    now: float | None = None,
) -> Attempt:
    """Count one attempt against ``keys``, atomically with the check of the limit."""
    now_ms = int((now if now is not None else time.time()) * 1000)
    worst = graph.write(
        charge_attempt_tx, keys=keys, now_ms=now_ms, since_ms=now_ms - window * 1000, limit=limit
    )
    return Attempt(keys, now_ms, worst >= limit)


def refund(graph: Graph, attempt: Attempt) -> None:
    """Take back an attempt that succeeded (a right password is not a failure)."""
    if not attempt.refused:
        graph.write(refund_attempt_tx, keys=attempt.keys, at_ms=attempt.at_ms)


def charge_registration(graph: Graph, address: str | None) -> Attempt:
    """Count one registration from ``address`` (every one counts, success or not)."""
    return charge(
        graph,
        [f"register:{address or 'unknown'}"],
        limit=MAX_REGISTRATIONS,
        window=REGISTRATION_WINDOW_SECONDS,
    )
