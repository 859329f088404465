"""Sessions' failures in the graph layer's terms, and the retry the driver cannot make.

The driver's errors become :class:`~graph.errors.GraphUnavailable` (Neo4j cannot be
reached) or :class:`~graph.errors.Conflict` (a uniqueness constraint); a transient error
that the driver's rollback masked is retried here, a few times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ResultFailedError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.errors import Conflict, GraphUnavailable, translated

T = TypeVar("T")

#: Exceptions that mean "the database cannot be reached right now". DatabaseUnavailable
#: is what a transaction in flight gets while Neo4j shuts down; an acquisition timeout is
#: what a frozen Neo4j gives (the pooled connection's liveness check does not answer).
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ServiceUnavailable,
    SessionExpired,
    DatabaseUnavailable,
    ConnectionAcquisitionTimeoutError,
    OSError,
)
#: What a failed connectivity check may raise.
PROBE_ERRORS: tuple[type[Exception], ...] = (*UNAVAILABLE_ERRORS, DriverError)

#: Seconds without a successful call after which the next call checks the connection
#: first (one round trip; never under steady traffic).
PROBE_AFTER_IDLE = 5.0

#: Attempts at a transaction whose transient error the driver's rollback masked.
MASKED_RETRIES = 3


class MaskedTransient(Exception):
    """A transient error that reached us as the driver's ResultFailedError."""

    def __init__(self, error: Neo4jError) -> None:
        super().__init__(str(error))
        self.error = error


@contextmanager
def driver_errors_translated() -> Iterator[None]:
    """Raise the graph layer's errors for the driver's, around a session's work."""
    try:
        yield
    except UNAVAILABLE_ERRORS as exc:
        raise GraphUnavailable(str(exc)) from exc
    except ConstraintError as exc:
        raise Conflict(exc.message or str(exc)) from exc
    except ResultFailedError as exc:
        # When a statement fails under concurrent writers (a ConstraintError, a lock
        # conflict), the driver's rollback can raise this in its place, which also
        # escapes its retries: callers get the real error, transient ones are retried.
        cause = exc.__cause__
        if isinstance(cause, Neo4jError):
            if cause.is_retryable():
                raise MaskedTransient(cause) from exc
            raise translated(cause) from exc
        raise


def retrying_masked(call: Callable[[], T]) -> T:
    """``call()``, again (up to MASKED_RETRIES times in all) while it raises
    MaskedTransient; then the transient error itself."""
    for attempt in range(1, MASKED_RETRIES + 1):
        try:
            return call()
        except MaskedTransient as masked:
            if attempt == MASKED_RETRIES:
                raise masked.error from masked
    raise AssertionError("unreachable")


__all__ = [
    "MASKED_RETRIES",
    "PROBE_AFTER_IDLE",
    "PROBE_ERRORS",
    "UNAVAILABLE_ERRORS",
    "MaskedTransient",
    "driver_errors_translated",
    "retrying_masked",
]
