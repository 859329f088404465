"""What a browser test checks of a page's data tables on a phone: they stack into labelled
rows instead of running off the screen or scrolling sideways inside a wrapper.

``document.documentElement.scrollWidth`` alone misses a table cut off inside a
``.table-responsive`` wrapper, which scrolls by itself; so each visible table, its cells
and every element around it are measured against the viewport's width.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

_MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const shown = (element) => element.getClientRects().length > 0;
  const tables = [...document.querySelectorAll('main table')].filter(shown);
  const name = (table) => '#' + (table.id || tables.indexOf(table));
  for (const table of tables) {
    const right = (element) => Math.round(element.getBoundingClientRect().right);
    if (right(table) > width) problems.push(`${name(table)} reaches ${right(table)} px`);
    const wide = [...table.querySelectorAll('th, td')].find((c) => shown(c) && right(c) > width);
    if (wide) problems.push(`${name(table)}: a cell reaches ${right(wide)} px`);
    for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
      if (box.scrollWidth > box.clientWidth + 1) {
        problems.push(`${name(table)}: ${box.tagName}.${box.className} scrolls sideways`);
      }
    }
    for (const cell of table.querySelectorAll('tbody td, tfoot td')) {
      if (cell.colSpan > 1 || cell.matches(':empty') || !shown(cell)) continue;
      const label = cell.getAttribute('data-label');
      const before = getComputedStyle(cell, '::before').content;
      if (!label || !before.includes(label)) {
        problems.push(`${name(table)}: a cell shows no label (${label}, ${before})`);
        break;
      }
    }
  }
  return {tables: tables.length, problems: problems};
}"""


def table_problems(page: Page) -> tuple[int, list[str]]:
    """The number of visible tables in the page's main content, and what is wrong with them
    at the page's width: a table or a cell past the right edge, an element around a table
    that scrolls sideways, a data cell without its column's label shown before it."""
    found: dict[str, Any] = page.evaluate(_MEASURE)
    return int(found["tables"]), [str(p) for p in found["problems"]]
