"""Records as they leave the graph layer: Python values only, never the driver's.

Repositories pass what they return through :func:`native` (rows, maps and lists of them)
or build a frozen dataclass with a ``from_record()`` that does, so Neo4j's temporal types
(``neo4j.time.Date``, ``DateTime``, ...) never reach services, templates or the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j import Record

_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def native(value: Any) -> Any:
    """``value`` with every Neo4j temporal value in it (at any depth of dicts, lists and
    tuples) made Python's: ``Date`` a ``datetime.date``, ``DateTime`` a ``datetime``, and
    so on.

    >>> from neo4j.time import Date
    >>> native({"since": Date(2024, 5, 1), "themes": ["casa"]})
    {'since': datetime.date(2024, 5, 1), 'themes': ['casa']}
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {key: native(item) for key, item in value.items()}
    if kind is list:
        return [native(item) for item in value]
    if kind is tuple:
        return tuple(native(item) for item in value)
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value


def native_row(record: Record | None) -> dict[str, Any] | None:
    """One record as a dict of Python values (None stays None)."""
    return None if record is None else native(record.data())


def native_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Records as dicts of Python values."""
    return [native(record.data()) for record in records]


__all__ = ["native", "native_row", "native_rows"]
