"""CSV import throughput and peak memory through ``flask import``, by file length.

    .venv/bin/python -m bench.csv_import [--orgs 100000 --partnerships 1000000]

Starts a throwaway embedded Neo4j, writes synthetic files in the documented format,
then runs each import in a fresh process (so ``ru_maxrss`` is that import's own peak)
through the ``flask import`` click command, and prints one line per file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.services.csv_format import (
    ORGANIZATION_COLUMNS,
    PARTNERSHIP_COLUMNS,
    format_bool,
    format_date,
    format_list,
    format_number,
)
from graph.driver import Graph, GraphSettings
from seed.synthetic import generate_synthetic

SEED = 20260


def _org_cells(row: dict[str, Any]) -> list[str]:
    values = {**row, "municipality_istat": row["municipality"]}
    cells = []
    for column in ORGANIZATION_COLUMNS:
        value = values.get(column)
        if isinstance(value, bool):
            cells.append(format_bool(value))
        elif isinstance(value, list):
            cells.append(format_list(value))
        else:
            cells.append("" if value is None else str(value))
    return cells


def _partnership_cells(row: dict[str, Any]) -> list[str]:
    return [
        row["id"],
        row["from_id"],
        row["to_id"],
        row["type"],
        format_date(row["since"]),
        format_date(row["until"]),
        format_number(row["strength"]),
        row["source"],
    ]


def write_files(folder: Path, orgs: int, partnerships: int) -> dict[str, Path]:
    """The organisations file and the partnerships file among those organisations."""
    paths = {
        "organizations": folder / f"organizations-{orgs}.csv",
        "partnerships": folder / f"partnerships-{partnerships}.csv",
    }
    handles = {kind: path.open("w", encoding="utf-8", newline="") for kind, path in paths.items()}
    try:
        writers = {kind: csv.writer(handle) for kind, handle in handles.items()}
        writers["organizations"].writerow(ORGANIZATION_COLUMNS)
        writers["partnerships"].writerow(PARTNERSHIP_COLUMNS)
        for batch in generate_synthetic(orgs, partnerships, SEED):
            cells = _org_cells if batch.kind == "organizations" else _partnership_cells
            writers[batch.kind].writerows(cells(row) for row in batch.rows)
    finally:
        for handle in handles.values():
            handle.close()
    return paths


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(uri: str, file_kind: str, path: str) -> None:
    """In a child process: ``flask import FILE_KIND PATH``, then a JSON line of figures."""
    from app import create_app
    from app.import_cli import import_cli
    from config import Config

    config = type(
        "BenchConfig",
        (Config,),
        {"NEO4J_URI": uri, "NEO4J_MAX_RETRY_TIME": 30.0, "DEVELOPMENT": True},
    )
    app = create_app(config)
    baseline = _max_rss_mib()
    start = time.perf_counter()
    with app.app_context():
        try:
            import_cli.main([file_kind, path], standalone_mode=False)
        except SystemExit as exc:  # non-zero when rows were refused
            print(f"exit status {exc.code}", file=sys.stderr)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "baseline_mib": baseline, "peak_mib": _max_rss_mib()}))


def _child(uri: str, file_kind: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.csv_import", "--run-one", uri, file_kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["summary"] = done.stdout.strip().splitlines()[-2]
    return figures


def _rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle) - 1


def _cases(orgs: int, partnerships: int) -> Iterator[tuple[str, int, int, bool]]:
    """(file kind, organisations, partnerships, again): a tenth of each size, the full
    size, then the full size imported again (every row unchanged: the no-op path)."""
    yield "organizations", orgs // 10, 0, False
    yield "organizations", orgs, 0, False
    yield "organizations", orgs, 0, True
    yield "partnerships", orgs, partnerships // 10, False
    yield "partnerships", orgs, partnerships, False
    yield "partnerships", orgs, partnerships, True


def _clear(graph: Graph, file_kind: str) -> None:
    """Start each size from the same state: no organisations, or no partnerships."""
    if file_kind == "organizations":
        graph.run_schema(
            "MATCH (o:Organization) WHERE NOT o:District "
            "CALL (o) { DETACH DELETE o } IN TRANSACTIONS OF 10000 ROWS"
        )
    else:
        graph.run_schema(
            "MATCH ()-[p:PARTNER_OF]->() CALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS"
        )


def _warm_up(graph: Graph, uri: str, folder: Path) -> None:
    """A small import of each kind first, as a running server would have had: the first
    queries of a fresh database pay for planning and JIT compilation (several seconds)."""
    paths = write_files(folder, 2_000, 10_000)
    for file_kind in ("organizations", "partnerships"):
        seconds = _child(uri, file_kind, paths[file_kind])["seconds"]
        print(f"warm-up: {paths[file_kind].name} in {seconds:.1f} s")
    for file_kind in ("partnerships", "organizations"):
        _clear(graph, file_kind)
    for path in paths.values():
        path.unlink()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--partnerships", type=int, default=1_000_000)
    parser.add_argument("--run-one", nargs=3, metavar=("URI", "KIND", "FILE"), help="internal")
    args = parser.parse_args(argv)
    if args.run_one:
        run_one(*args.run_one)
        return
    from graph.embedded import EmbeddedNeo4j, free_port
    from graph.schema import apply_migrations
    from seed.load import load_reference

    with tempfile.TemporaryDirectory(prefix="bench-csv-") as tmp:
        folder = Path(tmp)
        server = EmbeddedNeo4j(
            data_dir=folder / "neo4j", port=free_port(), page_cache="1g", heap="2g"
        )
        with server:
            graph = Graph(GraphSettings(uri=server.uri, max_retry_time=30))
            apply_migrations(graph)
            load_reference(graph)
            _warm_up(graph, server.uri, folder)
            print(f"load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
            print(
                f"{'file':<34}{'rows':>10}{'seconds':>9}{'rows/s':>9}"
                f"{'base MiB':>10}{'peak MiB':>10}{'growth':>8}"
            )
            paths: dict[str, Path] = {}
            for file_kind, n_orgs, n_partnerships, again in _cases(args.orgs, args.partnerships):
                if not again:
                    for written in paths.values():
                        written.unlink()
                    paths = write_files(folder, n_orgs, n_partnerships)
                    _clear(graph, file_kind)
                path = paths[file_kind]
                rows = _rows(path)
                figures = _child(server.uri, file_kind, path)
                rate = rows / figures["seconds"]
                growth = figures["peak_mib"] - figures["baseline_mib"]
                label = path.name + (" (again)" if again else "")
                print(
                    f"{label:<34}{rows:>10,}{figures['seconds']:>9.1f}{rate:>9,.0f}"
                    f"{figures['baseline_mib']:>10.0f}{figures['peak_mib']:>10.0f}"
                    f"{growth:>8.0f}",
                    flush=True,
                )
                print(f"    {figures['summary']}", flush=True)
            print(f"load average after: {os.getloadavg()[0]:.1f}")
            graph.close()


if __name__ == "__main__":
    main()
