"""Latency of partner search and recommendation at scale (median and p95, nothing asserted).

Run ``python -m bench.search_recommend_latency`` to load 100,000 synthetic organisations
and 1,000,000 partnerships into a throwaway embedded Neo4j (a few minutes), or
``--uri bolt://... --no-load`` to measure the data already there. Search is timed through
the service (``app.services.search.search``: full-text query, facet index, result cards)
and through the JSON endpoint; recommendation through both entry points, on organisations
drawn at random and on draft consortia added for the purpose.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from app import create_app
from app.services import search
from app.services.recommend import recommend_for_consortium, recommend_for_organization
from app.services.search import SearchQuery
from bench._latency import p95, timings_ms
from bench._neo4j import database, log
from config import TestConfig
from graph import seed_repo
from graph.driver import Graph
from graph.evaluation_repo import consortium_ids_tx, organization_ids_tx
from seed.load import load_synthetic
from seed.synthetic import org_id

#: A mix of what people type and click: words (whole, partial, accented), facets, sorts.
SEARCHES: tuple[SearchQuery, ...] = (
    SearchQuery(),
    SearchQuery(text="cooperativa"),
    SearchQuery(text="coop soc"),
    SearchQuery(text="solidarietà"),
    SearchQuery(text="citta"),
    SearchQuery(text="mulino", sort="partners"),
    SearchQuery(text="fondazione", filters={"province": ("CN",), "theme": ("health_wellbeing",)}),
    SearchQuery(filters={"kind": ("ThirdSector",), "district": ("DCS01",)}),
    SearchQuery(filters={"call": ("FSE3",), "size": ("micro",)}, sort="name", page=3),
    SearchQuery(filters={"theme": ("proximity_assistance",), "profit": ("non_profit",)}),
    SearchQuery(text="impresa sociale", filters={"sector": ("civil", "business")}),
    SearchQuery(text="xyzzy"),
)
CALLS = (None, None, "FSE2", "FSE3", "FSE1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", help="an existing Neo4j (data wiped unless --no-load)")
    parser.add_argument("--no-load", action="store_true", help="measure the data in --uri")
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--partnerships", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=400, help="timed calls per measure")
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args(argv)
    if args.no_load and not args.uri:
        parser.error("--no-load needs --uri")
    with database(args.uri) as graph:
        if not args.no_load:
            _load(graph, args.orgs, args.partnerships, args.seed)
        _measure(graph, args.runs, args.seed)
    return 0


def _load(graph: Graph, orgs: int, partnerships: int, seed: int) -> None:
    graph.wipe()
    started = time.perf_counter()

    def progress(kind: str, done: int, expected: int) -> None:
        if done % 100_000 == 0 or done == expected:
            log(f"  {kind} {done:,}/{expected:,} ({time.perf_counter() - started:.0f} s)")

    load_synthetic(graph, orgs, partnerships, seed, progress=progress)
    rng = random.Random(seed)
    consortia, members = [], []
    for number in range(20):
        cid = f"BENCH-{number:02d}"
        consortia.append(
            {
                "id": cid,
                "call_code": "FSE2",
                "title": f"Bench {number}",
                "status": "draft",
                "year": 2026,
                "district_code": None,
                "district_call_key": None,
                "line": None,
                "budget_eur": 0,
            }
        )
        for position, role in enumerate(("lead", "partner", "partner", "associate")):
            members.append(
                {
                    "consortium_id": cid,
                    "role": role,
                    "budget_eur": 0,
                    "organization_id": org_id(
                        rng.randrange(orgs) if position else rng.randrange(orgs // 2)
                    ),
                }
            )
    graph.write(seed_repo.merge_consortia_tx, rows=consortia)
    graph.write(seed_repo.merge_memberships_tx, rows=members)
    log(f"loaded in {time.perf_counter() - started:.0f} s")


def _measure(graph: Graph, runs: int, seed: int) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    entry = search.facet_index(graph)
    print(
        f"facet index: {entry.index.size:,} organisations, built in "
        f"{time.perf_counter() - started:.2f} s (once per change of the network)"
    )
    orgs = graph.read(organization_ids_tx, limit=200_000)
    consortia = graph.read(consortium_ids_tx, limit=50)
    app = create_app(type("BenchConfig", (TestConfig,), {"NEO4J_URI": graph.settings.uri}))
    client = app.test_client()
    measures: dict[str, Callable[[int], Any]] = {
        "search (service)": lambda i: search.search(graph, SEARCHES[i % len(SEARCHES)]),
        "search (GET /cerca/api)": lambda i: client.get(
            "/cerca/api", query_string=_args(SEARCHES[i % len(SEARCHES)])
        ).close(),
        "recommend for an organisation": lambda i: recommend_for_organization(
            graph, rng.choice(orgs), call_code=CALLS[i % len(CALLS)]
        ),
    }
    if consortia:
        measures["recommend for a consortium"] = lambda i: recommend_for_consortium(
            graph, consortia[i % len(consortia)]
        )
    print(f"{'measure':<32}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}{'runs':>7}")
    for name, call in measures.items():
        for i in range(min(30, runs)):  # warm-up: query plans, caches
            call(i)
        times = timings_ms(call, range(runs))
        print(
            f"{name:<32}{statistics.median(times):>10.1f}{p95(times):>10.1f}{times[-1]:>10.1f}"
            f"{len(times):>7}"
        )
    per_query = {}
    for i, query in enumerate(SEARCHES):
        times = []
        for _ in range(20):
            began = time.perf_counter()
            result = search.search(graph, query)
            times.append(1000 * (time.perf_counter() - began))
        per_query[i] = (statistics.median(times), result.total)
    print("\nsearch by query (median ms, results):")
    for i, query in enumerate(SEARCHES):
        ms, total = per_query[i]
        print(f"  {ms:6.1f} ms {total:>7,}  {_args(query)}")


def _args(query: SearchQuery) -> dict[str, Any]:
    return {
        "q": query.text,
        "sort": query.sort,
        "page": query.page,
        **{f: list(v) for f, v in query.filters.items()},
    }


if __name__ == "__main__":
    raise SystemExit(main())
