"""Load and faults on loopback: rps and p50/p95/p99 per endpoint, a worker kill, a Neo4j restart.

Figures are printed, nothing is asserted. Starts a throwaway embedded Neo4j, loads the
seed network (``--synthetic``: plus 100,000 organisations and 1,000,000 partnerships, a few
minutes), serves ``wsgi:app`` with gunicorn on 127.0.0.1 and drives it with locust
(``bench/_swarm.py``, its own process): anonymous visitors browse and search, a member asks
for partner suggestions, the district lead views and edits a draft consortium (CSRF tokens
scraped from the forms), regional staff read the cached analysis, API clients read
/api/v1 when it is served. Then wrk (or locust, without wrk) measures the throughput of
cached JSON endpoints next to a bare Flask endpoint, and a fault run kills a worker and
restarts Neo4j under load. Every request goes to 127.0.0.1 and every phase is bounded.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench._faults import Timing, run_faults
from bench._load import Gunicorn, Swarm, api_token
from bench._neo4j import embedded, log
from bench._site import Account, Browser, Plan, prepare
from bench._stats import EndpointStats, Run, endpoint_stats, format_table, is_login, status_counts
from bench._wrk import bare_app_dir, run_wrk, wrk_path
from graph.driver import Graph, GraphSettings
from graph.schema import apply_migrations
from seed.demo_accounts import DEMO_ACCOUNTS, DEMO_DISTRICT, DEMO_PASSWORD, ensure_demo_accounts
from seed.load import load_seed, load_synthetic

#: The demo accounts the simulated users log in with (README, "Demo accounts").
ROLES = {"member": "member", "lead": "district_lead", "staff": "staff"}
JSON_GOAL_RPS, JSON_GOAL_P99, PAGE_GOAL_P95 = 2000.0, 50.0, 300.0
#: What the throughput phase asks for, as a browser does.
ACCEPT_ENCODING = "gzip, deflate"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="add synthetic organisations and partnerships to the seed",
    )
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--partnerships", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--users", default="20,100", help="concurrent users, one run each")
    parser.add_argument(
        "--duration", type=float, default=30.0, help="seconds per run once every user has started"
    )
    parser.add_argument("--spawn-rate", type=float, default=20.0, help="users started a second")
    parser.add_argument("--think", default="1,3", help="seconds between a user's tasks (min,max)")
    parser.add_argument(
        "--warmup", type=float, default=20.0, help="unmeasured seconds (10 users) before the runs"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help=">1: gunicorn's gthread workers")
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "locust"),
        default="auto",
        help="load generator of the throughput phase (auto: wrk if installed)",
    )
    parser.add_argument("--throughput-seconds", type=float, default=10.0)
    parser.add_argument(
        "--connections", type=int, default=16, help="concurrent connections of the throughput phase"
    )
    parser.add_argument("--fault-users", type=int, default=20)
    parser.add_argument("--outage", type=float, default=10.0, help="seconds Neo4j stays down")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("load", "throughput", "faults"),
        help="leave a phase out",
    )
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--page-cache", default="2g")
    parser.add_argument(
        "--logs", type=Path, help="keep gunicorn's and locust's logs in this folder"
    )
    args = parser.parse_args(argv)
    if args.generator == "wrk" and wrk_path() is None:
        parser.error("wrk is not installed: apt-get install -y wrk, or --generator locust")
    with embedded(heap=args.heap, page_cache=args.page_cache) as neo4j:
        described = _load(neo4j.uri, args)
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            work = args.logs or Path(folder)
            work.mkdir(parents=True, exist_ok=True)
            server = Gunicorn(neo4j.uri, args.workers, args.threads, log_path=work / "gunicorn.log")
            server.start()
            try:
                accounts = _accounts()
                token = api_token(neo4j.uri, accounts["member"].email)
                plan = prepare(server.url, accounts, DEMO_DISTRICT, token)
                _header(args, described, plan)
                pages_p95: float | None = None
                errors = {"load runs": 0, "cut by the kill": 0, "fault run, other": 0}
                if "load" not in args.skip:
                    pages_p95, errors["load runs"] = _load_runs(plan, work, args)
                json_rows = (
                    [] if "throughput" in args.skip else _throughput(server, plan, work, args)
                )
                if "faults" not in args.skip:
                    report = run_faults(
                        server,
                        neo4j,
                        plan,
                        work,
                        users=args.fault_users,
                        timing=Timing(outage=args.outage),
                        spawn_rate=args.spawn_rate,
                        think=args.think,
                    )
                    print(
                        "\n== faults under load "
                        f"({args.fault_users} users, {args.workers} workers) =="
                    )
                    for line in report.lines():
                        print(line)
                    errors["cut by the kill"] = len(report.cut())
                    errors["fault run, other"] = len(report.unexpected())
                _goals(json_rows, pages_p95, errors, args)
            finally:
                server.stop()
    return 0


def _accounts() -> dict[str, Account]:
    emails = {demo.role: demo.email for demo in DEMO_ACCOUNTS}
    return {key: Account(key, emails[role], DEMO_PASSWORD) for key, role in ROLES.items()}


def _load(uri: str, args: argparse.Namespace) -> str:
    """Load the seed (and the synthetic graph) and the demo accounts; describe the data."""
    graph = Graph(GraphSettings(uri=uri, connection_timeout=10, max_retry_time=60))
    try:
        apply_migrations(graph)
        started = time.perf_counter()
        counts = load_seed(graph, args.seed)
        ensure_demo_accounts(graph)
        described = (
            f"seed network {args.seed}: {counts['organizations']:,} organisations, "
            f"{counts['partnerships']:,} partnerships "
            f"(loaded in {time.perf_counter() - started:.0f} s)"
        )
        if args.synthetic:
            started = time.perf_counter()

            def progress(kind: str, done: int, expected: int) -> None:
                if done % 100_000 == 0 or done == expected:
                    log(f"  {kind} {done:,}/{expected:,} ({time.perf_counter() - started:.0f} s)")

            added = load_synthetic(
                graph, args.orgs, args.partnerships, args.seed, progress=progress
            )
            described += (
                f" + synthetic {added['organizations']:,} organisations, "
                f"{added['partnerships']:,} partnerships "
                f"(generated and loaded in {time.perf_counter() - started:.0f} s)"
            )
        return described
    finally:
        graph.close()


def _header(args: argparse.Namespace, described: str, plan: Plan) -> None:
    print(f"data: {described}")
    print(
        f"server: gunicorn, {args.workers} workers"
        + (f" x {args.threads} threads (gthread)" if args.threads > 1 else " (sync)")
        + f", on {plan.base}; draft consortium {plan.draft_id}"
    )
    print(
        f"users: think {args.think} s between tasks, {args.spawn_rate:g} started a second;"
        " visitors:members:leads:staff"
        + (":API clients = 5:2:2:1:1" if plan.api_token else " = 5:2:2:1 (no /api/v1 served)")
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before the runs: {load} (on {os.cpu_count()} cores)")


def _load_runs(plan: Plan, work: Path, args: argparse.Namespace) -> tuple[float | None, int]:
    """One run per user count; returns the pages' p95 at the largest count and the errors."""
    if args.warmup > 0:
        Swarm(
            plan, work, users=10, duration=args.warmup, spawn_rate=args.spawn_rate, think=args.think
        ).run()
    pages_p95, errors = None, 0
    for users in (int(n) for n in args.users.split(",")):
        run = Swarm(
            plan,
            work,
            users=users,
            duration=args.duration,
            spawn_rate=args.spawn_rate,
            think=args.think,
        ).run()
        seconds = run.ended - run.spawned
        measured = run.measured()
        print(
            f"\n== {users} users, {seconds:.0f} s measured "
            f"({sum(is_login(r) for r in run.records) // 2} logins before) =="
        )
        for line in format_table(endpoint_stats(measured, seconds)):
            print(line)
        for line in format_table(endpoint_stats(measured, seconds, "all requests"))[1:]:
            print(line)
        pages = [r for r in measured if _is_page(r.name)]
        for line in format_table(endpoint_stats(pages, seconds, "all pages (HTML GETs)"))[1:]:
            print(line)
        print(f"  statuses: {_counts(run)}")
        errors += sum(not r.ok for r in measured)
        pages_p95 = endpoint_stats(pages, seconds, "pages")[0].p95 if pages else None
    return pages_p95, errors


def _is_page(name: str) -> bool:
    return name.startswith("GET ") and "/api" not in name and "/dati" not in name


def _counts(run: Run) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(status_counts(run.measured()).items()))


def _throughput(
    server: Gunicorn, plan: Plan, work: Path, args: argparse.Namespace
) -> list[tuple[str, float, float]]:
    """Cached JSON endpoints at full speed, then a bare Flask endpoint; (name, rps, p99)."""
    staff = Browser(plan.base)
    staff.login(plan.accounts["staff"])
    paths = ["/health", "/cerca/api?q=cooperativa", f"/analisi/rete/dati?distretto={plan.district}"]
    for path in paths:  # warm: the analysis may start as a job (202) on a first request
        deadline = time.monotonic() + 60
        while staff.get(path)[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
    use_wrk = args.generator == "wrk" or (args.generator == "auto" and wrk_path() is not None)
    print(f"\n== throughput of cached JSON endpoints, {args.throughput_seconds:g} s each ==")
    if use_wrk:
        print(
            f"generator: wrk (1 thread, {args.connections} connections), sharing the 2 "
            "cores with gunicorn and Neo4j"
        )
    else:
        why = "not installed (apt-get install -y wrk)" if wrk_path() is None else "not chosen"
        print(
            f"generator: locust ({args.connections} users without think time, one "
            f"process); wrk {why}"
        )
    # As browsers ask: large documents (a district's network view) come back compressed.
    print(
        f"requests send '{ACCEPT_ENCODING}'; body sizes: "
        + ", ".join(f"{path} {len(staff.get(path)[1].encode()):,} bytes" for path in paths)
    )
    print(format_table([])[0])
    cookie = f"Cookie: {staff.cookie_header()}"
    rows = [
        _measure(
            path,
            plan,
            path,
            work,
            args,
            use_wrk,
            [f"Accept-Encoding: {ACCEPT_ENCODING}"]
            + ([cookie] if path.startswith("/analisi") else []),
        )
        for path in paths
    ]
    bare = Gunicorn(
        "",
        args.workers,
        args.threads,
        log_path=work / "bare.log",
        app="bare_flask:app",
        cwd=bare_app_dir(),
    )
    bare.start()
    try:
        baseline = Plan(**{**plan.__dict__, "base": bare.url})
        rows.append(
            _measure("bare Flask /health (baseline)", baseline, "/health", work, args, use_wrk, [])
        )
    finally:
        bare.stop()
    return rows


def _measure(
    name: str,
    plan: Plan,
    path: str,
    work: Path,
    args: argparse.Namespace,
    use_wrk: bool,
    headers: list[str],
) -> tuple[str, float, float]:
    """Hammer one URL for the phase's duration; print its row, return (name, rps, p99)."""
    if use_wrk:
        got = run_wrk(
            plan.base + path,
            seconds=args.throughput_seconds,
            connections=args.connections,
            headers=headers,
        )
        row = EndpointStats(name, got.requests, got.rps, got.p50, got.p95, got.p99, got.errors)
        detail = f"  ({got.detail})" if got.errors else ""
    else:
        run = Swarm(
            plan,
            work,
            users=args.connections,
            duration=args.throughput_seconds,
            think="0,0",
            hammer=[path],
        ).run()
        (row,) = endpoint_stats(run.measured(), run.ended - run.spawned, name)
        detail = ""
    print(format_table([row])[1] + detail)
    return name, row.rps, row.p99


def _goals(
    json_rows: list[tuple[str, float, float]],
    pages_p95: float | None,
    errors: dict[str, int],
    args: argparse.Namespace,
) -> None:
    """The figures against the goals, as ratios (>= 1 meets a throughput goal, <= 1 a
    latency goal)."""
    print("\n== against the goals (2 cores) ==")
    bare = next((rps for name, rps, _p99 in json_rows if name.startswith("bare")), None)
    for name, rps, p99 in json_rows:
        if name.startswith("bare"):
            continue
        than_bare = f", {rps / bare:.2f} x the bare Flask endpoint" if bare else ""
        print(
            f"  {name}: {rps:,.0f} rps = {rps / JSON_GOAL_RPS:.2f} x the 2,000 goal"
            f"{than_bare}; p99 {p99:.1f} ms = {p99 / JSON_GOAL_P99:.2f} x the 50 ms limit"
        )
    if pages_p95 is not None:
        users = args.users.split(",")[-1]
        print(
            f"  pages at {users} users: p95 {pages_p95:.0f} ms = "
            f"{pages_p95 / PAGE_GOAL_P95:.2f} x the 300 ms limit"
        )
    detail = ", ".join(f"{k} {v}" for k, v in errors.items())
    print(
        f"  errors other than the expected 503s while Neo4j was down: "
        f"{sum(errors.values())} (goal 0): {detail}"
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"  load average at the end: {load} (on {os.cpu_count()} cores; other processes "
        "on the machine skew every figure)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
