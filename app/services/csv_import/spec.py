"""What each file kind declares: its columns, cross-field checks, key and batch write."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from app.services.csv_import.cells import Parser
from app.services.csv_import.errors import CellError
from app.services.csv_import.keystore import SeenKeys
from graph.driver import Graph

#: A refused cell: the column it belongs to and why.
Problem = tuple[str, CellError]
#: Runs a transaction function and returns its outcome (a write, or a write rolled back).
Runner = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    #: A value is required in every row.
    required: bool = False
    #: The column must be in the header (else: absent columns leave stored values alone).
    in_header: bool = False


@dataclass(frozen=True)
class Reference:
    """Codes rows may refer to, read from the database once per import."""

    municipalities: frozenset[str]
    themes: frozenset[str]
    districts: frozenset[str]
    #: Call code -> {"lines": [...], "one_per_district": bool}.
    calls: dict[str, dict[str, Any]]

    @classmethod
    def from_codes(cls, codes: dict[str, Any]) -> Reference:
        return cls(
            municipalities=frozenset(codes["municipalities"]),
            themes=frozenset(codes["themes"]),
            districts=frozenset(codes["districts"]),
            calls={c["code"]: c for c in codes["calls"]},
        )


class FileSpec(ABC):
    """One kind of file. ``present`` holds the header's columns: a column left out of the
    file is left alone in the database, while an empty cell clears the stored value."""

    kind: ClassVar[str]
    batch_size: ClassVar[int] = 5_000

    def __init__(self, reference: Reference, present: frozenset[str], seen: SeenKeys) -> None:
        self.reference = reference
        self.present = present
        self.seen = seen

    @abstractmethod
    def columns(self) -> tuple[Column, ...]:
        """Every column the file may have, in the documented order."""

    @abstractmethod
    def finish(self, values: dict[str, Any], line: int) -> tuple[dict[str, Any], list[Problem]]:
        """Cross-field checks and duplicate keys on parsed ``values``; the row to write."""

    @abstractmethod
    def write(self, run: Runner, graph: Graph, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """Write one batch through ``run(graph, tx_function, **kwargs)``."""

    @abstractmethod
    def failure_cell(self, row: dict[str, Any], code: str) -> tuple[str, str]:
        """The column and value a refusal by the database points at."""

    def duplicate(self, ns: str, key: str, line: int, column: str, code: str = "") -> list[Problem]:
        """The problem of a key already seen in this file (the second occurrence is refused)."""
        first = self.seen.first_line(ns, key, line)
        if first is None:
            return []
        return [(column, CellError(code or "duplicate_" + ns, line=first))]
