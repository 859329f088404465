"""Domain errors of the graph layer: what callers above ``graph/`` catch instead of the
driver's exceptions."""

from __future__ import annotations

from neo4j.exceptions import ConstraintError, Neo4jError


class GraphError(Exception):
    """Base of the errors the graph layer raises."""


class GraphUnavailable(GraphError, RuntimeError):
    """Neo4j cannot be reached; callers answer 503 and try again later."""


class Conflict(GraphError):
    """A write broke a uniqueness constraint: another writer got there first.

    ``message`` is the database's own wording (it names the constraint or the key), for
    logs, reports and :func:`graph.membership_repo.is_pending_clash`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def translated(error: Neo4jError) -> Exception:
    """The domain error standing for ``error``, or ``error`` itself when it has none."""
    if isinstance(error, ConstraintError):
        conflict = Conflict(error.message or str(error))
        conflict.__cause__ = error
        return conflict
    return error


__all__ = ["Conflict", "GraphError", "GraphUnavailable", "translated"]
