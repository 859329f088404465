"""Data tables that read as stacked, labelled rows on a phone.

A template wraps a table in ``{% filter stacked_table %}…{% endfilter %}``: the table gains
the class ``table-stack`` (``static/css/app.css`` stacks it below 576 px) and every data cell
of its body and foot a ``data-label`` with its column's heading, which the stylesheet shows
before the cell's value. The labels are read from the table's own ``<thead>``, so they can
never drift from the headings; a table without one passes its labels
(``stacked_table([None, _("Kind"), …])``, one per column, None for none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser

from markupsafe import Markup, escape

__all__ = ["stacked_table"]

STACK_CLASS = "table-stack"
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(["'])""", re.IGNORECASE)


class _Cells(HTMLParser):
    """Finds the headings of a table's columns and where each body cell's start tag ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.cells: list[tuple[int, int]] = []  # (offset of the tag's ">", column)
        self.table_tags: list[tuple[int, str]] = []  # (offset, start tag) of each <table>
        self._section = ""
        self._row: list[str] = []
        self._column = 0
        self._heading: list[str] | None = None

    def feed_at(self, html: str) -> None:
        self._lines = [0]
        for line in html.split("\n"):  # the parser counts lines by "\n" alone
            self._lines.append(self._lines[-1] + len(line) + 1)
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.table_tags.append((self._offset(), self.get_starttag_text() or ""))
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr":
            self._row, self._column = [], 0
        elif tag in ("td", "th"):
            span = _colspan(attrs)
            if self._section == "thead":
                self._heading = []
            elif tag == "td" and span == 1:
                end = self._offset() + len(self.get_starttag_text() or "") - 1
                self.cells.append((end, self._column))
            self._column += span

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._heading is not None:
            self._row.append(" ".join("".join(self._heading).split()))
            self._heading = None
        elif tag == "tr" and self._section == "thead":
            self.headings = self._row

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def _colspan(attrs: list[tuple[str, str | None]]) -> int:
    value = dict(attrs).get("colspan") or "1"
    return int(value) if value.isdigit() else 1


def _with_class(tag: str) -> str:
    """The start tag ``<table …>`` with the stacking class added."""
    if _CLASS_ATTR.search(tag):
        return _CLASS_ATTR.sub(lambda m: f"{m.group(0)}{STACK_CLASS} ", tag, count=1)
    return f'{tag[:-1]} class="{STACK_CLASS}">'


def stacked_table(html: str, labels: Sequence[str | None] | None = None) -> Markup:
    """The table markup ``html`` with its cells labelled by their column's heading.

    >>> table = stacked_table('<table class="t"><thead><tr><th>Name</th><th>Kind</th></tr>'
    ...     '</thead><tbody><tr><th>A</th><td>SME</td></tr></tbody></table>')
    >>> print(str(table).replace("</thead>", "</thead>\\n"))
    <table class="table-stack t"><thead><tr><th>Name</th><th>Kind</th></tr></thead>
    <tbody><tr><th>A</th><td data-label="Kind">SME</td></tr></tbody></table>
    """
    source = str(html)
    cells = _Cells()
    cells.feed_at(source)
    headings = list(labels) if labels is not None else cells.headings
    edits: list[tuple[int, int, str]] = [
        (offset, offset + len(tag), _with_class(tag)) for offset, tag in cells.table_tags
    ]
    for end, column in cells.cells:
        label = headings[column] if column < len(headings) else None
        if label:
            edits.append((end, end, f' data-label="{escape(label)}"'))
    out, done = [], 0
    for start, stop, text in sorted(edits):
        out.append(source[done:start])
        out.append(text)
        done = stop
    out.append(source[done:])
    return Markup("".join(out))
