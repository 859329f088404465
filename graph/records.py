"""Records as they leave the graph layer: Python values only, never the driver's.

Repositories pass what they return through :func:`native` (rows, maps and lists of them)
or build a frozen dataclass with a ``from_record()`` that does, so Neo4j's temporal types
(``neo4j.time.Date``, ``DateTime``, ...) never reach services, templates or the API.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, fields
from types import UnionType
from typing import (
    Any,
    ClassVar,
    NamedTuple,
    Self,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
)

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


def _converter(hint: Any) -> Callable[[Any], Any]:
    """How a value becomes a field of type ``hint``: a record by its ``from_record``, a
    tuple of them from a list (or from the JSON text stored for one), None kept."""
    if isinstance(hint, type) and hasattr(hint, "from_record"):
        return cast(Callable[[Any], Any], hint.from_record)
    args = get_args(hint)
    if get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        each = _converter(args[0])
        return lambda rows: tuple(
            each(row) for row in (json.loads(rows) if isinstance(rows, str) else rows or ())
        )
    if get_origin(hint) in (Union, UnionType) and type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)] or [None]
        given = _converter(inner)
        return lambda value: None if value is None else given(value)
    return native


class MissingKeysError(KeyError):
    """A row lacks keys that a record's fields without a default need (a misspelt or
    forgotten RETURN alias)."""

    def __init__(self, record: type, missing: Iterable[str]) -> None:
        self.record = record
        self.missing = tuple(missing)
        super().__init__(f"{record.__name__}: row has no key {', '.join(self.missing)}")

    def __str__(self) -> str:
        return str(self.args[0])


class FromRecord:
    """Base of the frozen dataclasses a repository returns: :meth:`from_record` takes each
    field from the row's key of the same name, made Python's (:func:`native`); a field
    typed as a record (or a tuple of records, or either or None) is built by that record's
    ``from_record``; ``CONVERT`` names a converter for any other field (given the raw
    value: stored JSON text, ISO dates...).

    Strict where it must be: a field without a default must be in the row (else
    :class:`MissingKeysError` names the record and the keys); a field with a default may
    be absent and then takes that default.

    >>> from dataclasses import dataclass
    >>> from neo4j.time import Date
    >>> @dataclass(frozen=True)
    ... class Tie(FromRecord):
    ...     since: object
    ...     themes: tuple[str, ...]
    ...     label: str
    ...     CONVERT = {"label": str.upper}
    >>> Tie.from_record({"since": Date(2024, 5, 1), "themes": ["casa"], "label": "x"})
    Tie(since=datetime.date(2024, 5, 1), themes=('casa',), label='X')
    >>> Tie.from_record({"since": None, "lable": "x"})
    Traceback (most recent call last):
    ...
    graph.records.MissingKeysError: Tie: row has no key themes, label
    """

    CONVERT: ClassVar[Mapping[str, Callable[[Any], Any]]] = {}

    @classmethod
    def _reading(cls) -> _Reading:
        found = _READINGS.get(cls)
        if found is None:
            hints = get_type_hints(cls)
            every = fields(cast(Any, cls))
            found = _Reading(
                converters=[
                    (f.name, cls.CONVERT.get(f.name) or _converter(hints[f.name])) for f in every
                ],
                required=frozenset(
                    f.name for f in every if f.default is MISSING and f.default_factory is MISSING
                ),
            )
            _READINGS[cls] = found
        return found

    @classmethod
    def from_record(cls, row: Mapping[str, Any]) -> Self:
        """The record from a Neo4j record or one of the maps a query nests in it."""
        reading = cls._reading()
        keys = row.keys()
        if not reading.required.issubset(keys):
            raise MissingKeysError(
                cls, sorted(reading.required.difference(keys), key=reading.order)
            )
        # An absent key leaves its field to the dataclass default (None, (), ...).
        return cls(
            **{name: convert(row[name]) for name, convert in reading.converters if name in keys}
        )


class _Reading(NamedTuple):
    """How a record class reads a row: each field's converter, the fields that must be there."""

    converters: list[tuple[str, Callable[[Any], Any]]]
    required: frozenset[str]

    def order(self, name: str) -> int:
        """Where field ``name`` stands in the record (to name missing keys in that order)."""
        return [field for field, _ in self.converters].index(name)


_READINGS: dict[type, _Reading] = {}


__all__ = ["FromRecord", "MissingKeysError", "native", "native_row", "native_rows"]
