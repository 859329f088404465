"""Racing writers on one unique key: how often Neo4j leaves a request without an answer.

    .venv/bin/python -m bench constraint_race [--rounds 100] [--racers 10] [--uri URI]

Each round starts ``--racers`` threads at once on the same key, then each thread makes
one read, as a page would after its write. Two races, side by side:

- ``consortium``: opening the district's consortium of one call
  (``consortia.create_consortium``). The creators queue on the call's lock and the
  losers are told without a failed statement.
- ``account``: registering one e-mail (``accounts.create_user``). The losers hit the
  uniqueness constraint, so their connections are RESET after a failure.

On 5.26.30 a connection RESET after a failure now and then never gets an answer to its
next message; the driver waits for the read timeout the server hints (10 s with the
launcher's keep-alive, 2 min with Neo4j's default) and retries. The figures are the
attempts' latencies (write plus read), the stalls (attempts over ``--stall`` seconds)
and any attempt still running after ``--patience`` seconds.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from app.services import accounts, audit, consortia
from bench._neo4j import database, log
from graph.driver import Graph

# The tiny known world of the test suite (a district, its organisations, the five calls):
# a benchmark of a race needs no more.
from tests.consortium_factories import load_calls
from tests.factories import make_world

Attempt = Callable[[int, int], str]


def _consortium_race(graph: Graph) -> tuple[Callable[[], None], Attempt]:
    state: dict[str, Any] = {}

    def prepare() -> None:
        graph.wipe()
        make_world(graph)
        load_calls(graph)
        state["lead"] = consortia.find_lead(graph, "DCS01")

    def attempt(round_: int, n: int) -> str:
        try:
            consortia.create_consortium(
                graph,
                audit.Actor(f"racer-{n}"),
                call_code="FSE1",
                lead=state["lead"],
                title=f"Gara {round_}.{n}",
                line=None,
            )
        except consortia.ConsortiumError as exc:
            return exc.code
        return "created"

    return prepare, attempt


def _account_race(graph: Graph) -> tuple[Callable[[], None], Attempt]:
    def prepare() -> None:
        if consortia.find_lead(graph, "DCS01") is None:
            graph.wipe()
            make_world(graph)

    def attempt(round_: int, n: int) -> str:
        try:
            accounts.create_user(
                graph,
                email=f"gara-{round_}@example.org",
                name=f"Concorrente {n}",
                password="una-password-lunga",
            )
        except accounts.AccountError as exc:
            return exc.code
        return "created"

    return prepare, attempt


def race(
    graph: Graph, name: str, rounds: int, racers: int, patience: float, stall: float
) -> dict[str, Any]:
    prepare, attempt = {"consortium": _consortium_race, "account": _account_race}[name](graph)
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    hung = 0
    lock = threading.Lock()
    for round_ in range(rounds):
        prepare()
        barrier = threading.Barrier(racers)

        def run(n: int, round_: int = round_, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            started = time.monotonic()
            try:
                outcome = attempt(round_, n)
                consortia.find_lead(graph, "DCS01")  # the page's next read
            except Exception as exc:  # noqa: BLE001 - counted and shown
                outcome = type(exc).__name__
            with lock:
                latencies.append(time.monotonic() - started)
                outcomes[outcome] += 1

        threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(racers)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + patience
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        stuck = sum(thread.is_alive() for thread in threads)
        if stuck:
            hung += stuck
            log(f"{name} round {round_}: {stuck} attempt(s) still running after {patience} s")
    ordered = sorted(latencies)
    return {
        "race": name,
        "attempts": len(ordered) + hung,
        "outcomes": dict(outcomes),
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "max_s": ordered[-1],
        "stalls": sum(1 for value in ordered if value > stall),
        "hung": hung,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--racers", type=int, default=10)
    parser.add_argument(
        "--stall", type=float, default=5.0, help="seconds after which an attempt counts as a stall"
    )
    parser.add_argument(
        "--patience", type=float, default=60.0, help="seconds a round waits for its attempts"
    )
    parser.add_argument("--uri", help="an existing Neo4j (its data is wiped!)")
    args = parser.parse_args(argv)
    with database(args.uri, heap="1g", page_cache="256m") as graph:
        results = [
            race(graph, name, args.rounds, args.racers, args.patience, args.stall)
            for name in ("consortium", "account")
        ]
    print(f"{args.rounds} rounds of {args.racers} racers; stall: over {args.stall:g} s")
    print(
        f"{'race':<12}{'attempts':>9}{'p50 ms':>9}{'p95 ms':>9}{'max s':>8}"
        f"{'stalls':>8}{'hung':>6}  outcomes"
    )
    for row in results:
        print(
            f"{row['race']:<12}{row['attempts']:>9}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['max_s']:>8.2f}{row['stalls']:>8}{row['hung']:>6}"
            f"  {row['outcomes']}"
        )
    for row in results:
        rate = (row["stalls"] + row["hung"]) / max(1, args.rounds)
        print(f"{row['race']}: {rate:.2f} stalls or hangs per round")
