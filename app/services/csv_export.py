"""CSV export in the import format, streamed page by page, cells escaped against formulas."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Final

from app.services.csv_format import (
    FILE_COLUMNS,
    STANDARD,
    Flavour,
    escape_cell,
    format_bool,
    format_date,
    format_list,
    format_number,
)
from graph.driver import Graph
from graph.export_repo import memberships_page_tx, organizations_page_tx, partnerships_page_tx

__all__ = ["ExportSummary", "export_lines", "write_export"]

PAGE_SIZE: Final = 5_000
Formatter = Callable[[Any, Flavour], str]


def _text(value: Any, flavour: Flavour) -> str:
    return "" if value is None else str(value)


def _bool(value: Any, flavour: Flavour) -> str:
    return format_bool(value)


def _list(value: Any, flavour: Flavour) -> str:
    return format_list(value)


def _number(value: Any, flavour: Flavour) -> str:
    return format_number(value, flavour)


def _date(value: Any, flavour: Flavour) -> str:
    return format_date(value, flavour)


#: Columns that are not plain text, by file kind.
_FORMATTERS: Final[dict[str, dict[str, Formatter]]] = {
    "organizations": {
        "non_profit": _bool,
        "fictional": _bool,
        "themes": _list,
        "capabilities": _list,
    },
    "partnerships": {"since": _date, "until": _date, "strength": _number},
    "memberships": {
        "budget_eur": _number,
        "consortium_year": _number,
        "consortium_budget_eur": _number,
    },
}


def _pages(graph: Graph, file_kind: str, page_size: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of rows in key order until the last (short) one."""
    after: tuple[str, ...] = ("",) if file_kind != "memberships" else ("", "")
    while True:
        if file_kind == "organizations":
            page = graph.read(organizations_page_tx, after=after[0], limit=page_size)
        elif file_kind == "partnerships":
            page = graph.read(partnerships_page_tx, after=after[0], limit=page_size)
        else:
            page = graph.read(
                memberships_page_tx,
                after_consortium=after[0],
                after_organization=after[1],
                limit=page_size,
            )
        if page:
            yield page
        if len(page) < page_size:
            return
        last = page[-1]
        after = (
            (last["id"],)
            if file_kind != "memberships"
            else (last["consortium_id"], last["organization_id"])
        )


def export_lines(
    graph: Graph, file_kind: str, flavour: Flavour = STANDARD, *, page_size: int = PAGE_SIZE
) -> Iterator[str]:
    """The file as text lines (CRLF-terminated, header first), ready to be encoded."""
    columns = FILE_COLUMNS[file_kind]
    formatters = _FORMATTERS[file_kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=flavour.delimiter, lineterminator="\r\n")

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(list(columns))
    for page in _pages(graph, file_kind, page_size):
        for row in page:
            yield line(
                [
                    escape_cell(formatters.get(column, _text)(row.get(column), flavour))
                    for column in columns
                ]
            )


@dataclass(frozen=True)
class ExportSummary:
    rows: int
    #: Rows with characters Windows-1252 cannot hold, written with ``?`` in their place.
    lossy_rows: int


def write_export(
    graph: Graph,
    file_kind: str,
    stream: IO[bytes],
    flavour: Flavour = STANDARD,
    *,
    progress: Callable[[int], None] | None = None,
) -> ExportSummary:
    """Write the export to a binary stream in the flavour's encoding (BOM for UTF-8)."""
    encoding = flavour.encoding
    if encoding == "utf-8-sig":
        stream.write(codecs.BOM_UTF8)
        encoding = "utf-8"
    rows = lossy = 0
    for number, text in enumerate(export_lines(graph, file_kind, flavour)):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode(encoding, errors="replace")
            lossy += 1
        stream.write(data)
        rows = number
        if progress is not None and number % PAGE_SIZE == 0 and number:
            progress(number)
    return ExportSummary(rows=rows, lossy_rows=lossy)
