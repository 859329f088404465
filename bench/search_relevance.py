"""Relevance of partner search on judged queries (precision@5, NDCG@10), beside the old search.

Run ``python -m bench search_relevance``: loads the seed network into a throwaway embedded
Neo4j, runs every judged query of ``bench/_relevance_judgements.py`` through the search
service and through the search as it was before query understanding
(``bench/_search_baseline.py``), and prints per class and overall:

* precision@5: relevant results among the first five, divided by min(5, number of
  relevant organisations in the network), so a query with one right answer can score 1;
* NDCG@10 with the rule's graded gains (2 exactly where asked, 1 nearby);
* the share of queries that "succeed" (at least 3 of the first 5 relevant, or all of
  them when fewer exist), the measure of the issue.

Then the latency of the search service on the same queries, without its answer cache
(p50/p95). ``--synthetic N`` times the same queries on N synthetic organisations (the
generator of ``recommend_eval --dataset synthetic``) instead; nothing is judged there.
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from app.services import search
from app.services.search import SearchQuery
from bench._latency import p95, timings_ms
from bench._neo4j import database, log
from bench._relevance_judgements import QUERIES, Org
from bench._search_baseline import baseline_ids
from graph.driver import Graph
from seed.load import load_seed, load_synthetic
from seed.network import DEFAULT_SEED, generate_network

Ranker = Callable[[Graph, str], list[str]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench search_relevance", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--uri", help="an existing Neo4j (its data is wiped!)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
    parser.add_argument(
        "--synthetic",
        type=int,
        metavar="ORGS",
        help="time the queries on ORGS synthetic organisations instead",
    )
    parser.add_argument("--partnerships", type=int, default=1_000_000)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print each query's figures")
    args = parser.parse_args(argv)
    with database(args.uri) as graph:
        graph.wipe()
        search.clear_cache()
        if args.synthetic:
            log(
                f"loading {args.synthetic:,} synthetic organisations, "
                f"{args.partnerships:,} partnerships"
            )
            load_synthetic(graph, args.synthetic, args.partnerships, args.seed)
        else:
            load_seed(graph, args.seed)
        graph.run_schema("CALL db.awaitIndexes(300)")
        started = time.perf_counter()
        search.facet_index(graph)
        log(f"search index built in {time.perf_counter() - started:.2f} s")
        if not args.synthetic:
            orgs = _organisations(args.seed)
            rankers: dict[str, Ranker] = {"search": _service_ids}
            if not args.no_baseline:
                rankers = {"baseline": baseline_ids, **rankers}
            _judge(graph, orgs, rankers, verbose=args.verbose)
        _latency(graph, [q.text for q in QUERIES], args.runs, baseline=not args.no_baseline)
    return 0


def _service_ids(graph: Graph, text: str) -> list[str]:
    return [item.id for item in search.search(graph, SearchQuery(text=text, per_page=10)).items]


def _organisations(seed: int) -> list[Org]:
    """Every organisation of the seed with its town, district and province."""
    data = generate_network(seed)
    places = {m["istat"]: m for m in data.municipalities}
    orgs = []
    for org in data.all_organizations():
        place = places.get(org.get("municipality") or "", {})
        orgs.append(
            {
                **org,
                "town": place.get("name"),
                "province": place.get("province"),
                "district": place.get("district") or org.get("district"),
            }
        )
    return orgs


def _metrics(ranked: Sequence[str], gains: dict[str, int]) -> tuple[float, float]:
    relevant = sum(1 for g in gains.values() if g)
    top5 = sum(1 for i in ranked[:5] if gains.get(i, 0))
    precision = top5 / min(5, relevant)
    dcg = sum(gains.get(i, 0) / math.log2(rank + 2) for rank, i in enumerate(ranked[:10]))
    ideal = sorted(gains.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return precision, dcg / idcg if idcg else 0.0


def _judge(graph: Graph, orgs: list[Org], rankers: dict[str, Ranker], *, verbose: bool) -> None:
    by_class: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for judged in QUERIES:
        gains = {o["id"]: judged.rule(o) for o in orgs}
        if not any(gains.values()):
            log(f"no relevant organisation for {judged.text!r}: left out")
            continue
        line = [f"{judged.cls:<11}{judged.text!r:<38}{sum(map(bool, gains.values())):>4}"]
        for name, ranker in rankers.items():
            p5, ndcg = _metrics(ranker(graph, judged.text), gains)
            by_class[name][judged.cls].append((p5, ndcg))
            by_class[name]["overall"].append((p5, ndcg))
            line.append(f"  {name} P@5 {p5:.2f} NDCG {ndcg:.2f}")
        if verbose:
            print("".join(line))
    classes = [c for c in dict.fromkeys(q.cls for q in QUERIES)] + ["overall"]
    header = f"{'class':<12}{'queries':>8}"
    for name in rankers:
        header += f"{name + ' P@5':>16}{'NDCG@10':>9}{'ok':>6}"
    print(header)
    for cls in classes:
        row = f"{cls:<12}{len(by_class['search'][cls]):>8}"
        for name in rankers:
            pairs = by_class[name][cls]
            p5 = statistics.fmean(p for p, _ in pairs)
            ndcg = statistics.fmean(n for _, n in pairs)
            ok = sum(1 for p, _ in pairs if p >= 0.6 - 1e-9)
            row += f"{p5:>16.2f}{ndcg:>9.2f}{f'{ok}/{len(pairs)}':>6}"
        print(row)


def _latency(graph: Graph, texts: list[str], runs: int, *, baseline: bool) -> None:
    """p50/p95 on ``texts``: the search service without its answer cache (words read,
    facets counted, the page's cards read from Neo4j), and the words and facets alone,
    new and old (the old through the Neo4j full-text indexes)."""
    size = search.facet_index(graph).index.size
    measures: dict[str, Callable[[str], Any]] = {
        "search service (answer cache off)": lambda text: search.run(graph, SearchQuery(text=text)),
        "words + facets, new": lambda text: _words_and_facets(graph, text),
    }
    if baseline:
        measures["words + facets, old (baseline)"] = lambda text: baseline_ids(graph, text)
    print(f"\nlatency on {size:,} organisations, {len(texts)} queries x {runs} runs:")
    for name, call in measures.items():
        for text in texts:  # warm-up
            call(text)
        times = timings_ms(call, [text for _ in range(runs) for text in texts])
        print(
            f"  {name:<36} p50 {statistics.median(times):6.1f} ms   p95 {p95(times):6.1f} ms   "
            f"max {times[-1]:6.1f} ms"
        )


def _words_and_facets(graph: Graph, text: str) -> list[str]:
    """The new search's first ten ids without the cards (as ``baseline_ids`` does)."""
    entry = search.facet_index(graph)
    _, ranked = search.read_query(entry, SearchQuery(text=text))
    return entry.index.search({}, None, ranked=ranked, limit=10).ids


if __name__ == "__main__":
    raise SystemExit(main())
