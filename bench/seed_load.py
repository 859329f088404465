"""Benchmark: the synthetic generator loaded through the project's own loader, in rows/s.

Each size loads into a fresh, throwaway embedded Neo4j (schema applied first, as
``flask seed synthetic`` does), so the figures are end to end: generation, parameter
encoding, the ``UNWIND ... MERGE`` batches and the commit. Goal: at least 20,000
partnership rows per second (1,000,000 in under a minute). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import time

from bench._neo4j import database, log
from seed.load import BATCH_SIZE, load_synthetic

#: (organisations, partnerships) loaded by default: the two sizes of the foundation issue.
DEFAULT_SIZES = "10000:100000,100000:1000000"
GOAL_PARTNERSHIP_ROWS_PER_S = 20_000


def _sizes(text: str) -> list[tuple[int, int]]:
    """``"10000:100000,..."`` -> [(10000, 100000), ...]."""
    pairs = []
    for part in text.split(","):
        orgs, partnerships = part.split(":")
        pairs.append((int(orgs), int(partnerships)))
    return pairs


def _load_one(
    orgs: int, partnerships: int, seed: int, batch_size: int, uri: str | None
) -> dict[str, float]:
    """Load one size; return the seconds spent on each kind of row and the counts."""
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(kind: str, done: int, total: int) -> None:
        marks[kind] = time.perf_counter()  # the last batch of a kind ends its phase

    with database(uri) as graph:
        graph.wipe()
        started = time.perf_counter()
        counts = load_synthetic(graph, orgs, partnerships, seed, batch_size, progress)
        ended = time.perf_counter()
    org_end = marks.get("organizations", started)
    return {
        "organizations": counts["organizations"],
        "partnerships": counts["partnerships"],
        "org_seconds": org_end - started,
        "partnership_seconds": ended - org_end,
        "total_seconds": ended - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench seed_load", description=__doc__)
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help="comma-separated ORGS:PARTNERSHIPS (default %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--uri", help="load into this Neo4j instead (its data is wiped!)")
    args = parser.parse_args(argv)

    results = []
    for orgs, partnerships in _sizes(args.sizes):
        log(f"loading {orgs:,} organisations and {partnerships:,} partnerships")
        results.append(_load_one(orgs, partnerships, args.seed, args.batch_size, args.uri))

    print(f"\nSynthetic network through seed.load.load_synthetic, batches of {args.batch_size:,}")
    print(
        f"{'organisations':>13} {'partnerships':>13} {'orgs/s':>9} {'partn./s':>9} "
        f"{'all rows/s':>10} {'total s':>8} {'vs goal':>8}"
    )
    for r in results:
        org_rate = r["organizations"] / max(r["org_seconds"], 1e-9)
        partnership_rate = r["partnerships"] / max(r["partnership_seconds"], 1e-9)
        all_rate = (r["organizations"] + r["partnerships"]) / max(r["total_seconds"], 1e-9)
        print(
            f"{int(r['organizations']):>13,} {int(r['partnerships']):>13,} {org_rate:>9,.0f} "
            f"{partnership_rate:>9,.0f} {all_rate:>10,.0f} {r['total_seconds']:>8.1f} "
            f"{partnership_rate / GOAL_PARTNERSHIP_ROWS_PER_S:>7.2f}x"
        )
    print(
        f"(goal: {GOAL_PARTNERSHIP_ROWS_PER_S:,} partnership rows/s; 'vs goal' = measured / goal)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
