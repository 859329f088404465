"""Import time of the real Horizon 2020 consortia (CORDIS) through the product's CSV importer.

    .venv/bin/python -m bench cordis_import [--projects N] [--again] [--uri bolt://...]

Converts ``../shared/data/cordis/`` into the three CSV files of docs/csv-format.md,
creates the call H2020 and imports the files (``bench/_cordis.py`` says how) into a
throwaway embedded Neo4j (or the one at ``--uri``, which it writes to). Prints each
file's counts and time, and every refusal grouped by code with its reason; ``--again``
imports everything a second time (every row should come back unchanged).
"""

from __future__ import annotations

import argparse
import os
import time

from bench._cordis import CordisImport, load_cordis
from bench._neo4j import database, log


def report(outcome: CordisImport, label: str) -> str:
    """The figures of one import as printed lines."""
    lines = [f"{label}: {outcome.projects:,} projects in {outcome.seconds:.1f} s"]
    lines += [f"  note: {note}" for note in outcome.notes]
    lines.append(
        f"  {'file':<14}{'rows':>10}{'created':>10}{'updated':>9}{'unchanged':>11}"
        f"{'refused':>9}{'seconds':>9}{'rows/s':>9}"
    )
    for f in outcome.files:
        rate = f.total / max(f.seconds, 1e-9)
        lines.append(
            f"  {f.file_kind:<14}{f.total:>10,}{f.created:>10,}{f.updated:>9,}"
            f"{f.unchanged:>11,}{f.refused:>9,}{f.seconds:>9.1f}{rate:>9,.0f}"
        )
    if not outcome.refusals:
        lines.append("  no row refused")
    for refusal in outcome.refusals:
        lines.append(
            f"  refused {refusal.file_kind} {refusal.code} x{refusal.count:,}: {refusal.reason}"
        )
        lines += [f"      {example}" for example in refusal.examples]
    return "\n".join(lines)


class _Ticker:
    """Logs rows done now and then (every 100,000 and at the end of a file)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.shown: dict[str, int] = {}

    def __call__(self, file_kind: str, rows: int) -> None:
        if rows - self.shown.get(file_kind, 0) >= 100_000:
            self.shown[file_kind] = rows
            log(f"  {file_kind}: {rows:,} rows at {time.perf_counter() - self.start:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", help="an existing Neo4j to import into (it is written to)")
    parser.add_argument("--projects", type=int, help="only the first N projects by rcn")
    parser.add_argument("--again", action="store_true", help="import a second time")
    parser.add_argument("--lang", choices=("it", "en"), default="en")
    args = parser.parse_args(argv)
    with database(args.uri) as graph:
        log(f"load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
        for label in ("import", "again") if args.again else ("import",):
            outcome = load_cordis(graph, projects=args.projects, lang=args.lang, progress=_Ticker())
            print(report(outcome, label), flush=True)
        log(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0
