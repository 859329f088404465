"""Evaluation of the partner recommender: hide what began after a cut-off, try to recover it.

Run ``python -m bench.recommend_eval --dataset seed`` (the seed network), ``--dataset
synthetic [--orgs N --partnerships M]`` (both in a throwaway embedded Neo4j) or
``--dataset existing --uri bolt://...`` (whatever that database holds, e.g. data brought
in with the CSV importer; it is only read).

Two tasks, each printed beside the baselines random, popularity, common neighbours,
Adamic-Adar and resource allocation (computed with networkx on the training graph):

* partnerships: for each organisation with a partnership before 1 January of
  ``--cutoff-year`` and one from then on, rank candidates with the network as it was
  (``as_of``) and look for the later partners;
* consortia of the cut-off year or later: give the lead alone, with the call, and look
  for the other members (the recommender applies the call's rules; the indices rank
  from the lead).

Metrics: hit@k (a later partner among the first k), MRR over the first ``--depth``
suggestions (0 when none is listed), NDCG@k with binary relevance. Figures are printed;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import fields
from datetime import date

import networkx as nx

from app.services.recommend import Weights, recommend_for_group, recommend_for_organization
from bench._neo4j import database, log
from bench._ranking import BASELINES, Baselines, Tally, table
from graph.driver import Graph
from graph.evaluation_repo import held_out_consortia_tx
from graph.projection import network_graph
from seed.load import load_seed, load_synthetic

RECOMMENDER = "recommender"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=("seed", "synthetic", "existing"), default="seed")
    parser.add_argument("--uri", help="the Neo4j of --dataset existing")
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--partnerships", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20260, help="data and sampling seed")
    parser.add_argument("--cutoff-year", type=int, default=2023)
    parser.add_argument("--queries", type=int, default=1000, help="organisations sampled")
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--depth", type=int, default=100, help="suggestions asked for")
    parser.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE",
                        help="override a score weight (see app/services/recommend_score.py)")
    args = parser.parse_args(argv)
    if args.dataset == "existing" and not args.uri:
        parser.error("--dataset existing needs --uri")
    weights = _weights(args.weight)
    with database(args.uri if args.dataset == "existing" else None) as graph:
        if args.dataset == "seed":
            log(f"loading the seed network {args.seed}")
            load_seed(graph, args.seed)
        elif args.dataset == "synthetic":
            log(f"loading {args.orgs:,} synthetic organisations, "
                f"{args.partnerships:,} partnerships")
            load_synthetic(graph, args.orgs, args.partnerships, args.seed)
        print(evaluate(graph, cutoff_year=args.cutoff_year, queries=args.queries,
                       seed=args.seed, k=args.k, depth=args.depth, weights=weights,
                       label=args.dataset))
    return 0


def evaluate(graph: Graph, *, cutoff_year: int, queries: int, seed: int, k: int = 10,
             depth: int = 100, weights: Weights | None = None, label: str = "") -> str:
    """Both tasks on the data in ``graph``; returns the printed report."""
    log("projecting the network")
    full = network_graph(graph)
    train: nx.Graph = nx.Graph()
    train.add_nodes_from(full.nodes(data=True))
    later: dict[str, set[str]] = {}
    for a, b, data in full.edges(data=True):
        if data.get("since", 0) < cutoff_year:
            train.add_edge(a, b)
        else:
            later.setdefault(a, set()).add(b)
            later.setdefault(b, set()).add(a)
    pool = sorted(full.nodes)
    baselines = Baselines(train, pool, seed)
    as_of = date(cutoff_year, 1, 1)
    head = (f"{label}: {full.number_of_nodes():,} organisations, "
            f"{full.number_of_edges():,} partnerships, "
            f"{sum(len(v) for v in later.values()) // 2:,} from {cutoff_year} on (hidden)")
    report = [head, _partnership_task(graph, train, later, baselines, as_of, queries, seed,
                                      k, depth, weights)]
    consortia = graph.read(held_out_consortia_tx, year=cutoff_year)
    if consortia:
        report.append(_consortium_task(graph, train, consortia, baselines, as_of, k, depth,
                                       weights))
    return "\n\n".join(report)


def _partnership_task(graph: Graph, train: nx.Graph, later: dict[str, set[str]],
                      baselines: Baselines, as_of: date, queries: int, seed: int, k: int,
                      depth: int, weights: Weights | None) -> str:
    candidates = sorted(q for q in later if train.degree(q) > 0)
    chosen = random.Random(seed).sample(candidates, min(queries, len(candidates)))
    tallies = {name: Tally() for name in (*BASELINES, RECOMMENDER)}
    log(f"partnership task: {len(chosen)} organisations")
    for number, q in enumerate(chosen, start=1):
        relevant = later[q] - set(train[q])
        if not relevant:
            continue
        for name, ranked in baselines.rankings(q, set(train[q]), depth).items():
            tallies[name].add(ranked, relevant, k)
        started = time.perf_counter()
        found = recommend_for_organization(graph, q, limit=depth, as_of=as_of,
                                           weights=weights)
        tallies[RECOMMENDER].seconds.append(time.perf_counter() - started)
        tallies[RECOMMENDER].add([s.org_id for s in found], relevant, k)
        if number % 200 == 0:
            log(f"  {number}/{len(chosen)}")
    seconds = sorted(tallies[RECOMMENDER].seconds)
    note = (f"({tallies[RECOMMENDER].n} queries; recommender median "
            f"{1000 * seconds[len(seconds) // 2]:.1f} ms per query)" if seconds else "")
    return table(f"Partnerships begun from {as_of.year} on", tallies, k, depth, [note])


def _consortium_task(graph: Graph, train: nx.Graph, consortia: list[dict[str, object]],
                     baselines: Baselines, as_of: date, k: int, depth: int,
                     weights: Weights | None) -> str:
    tallies = {name: Tally() for name in (*BASELINES, "partners of the lead", RECOMMENDER)}
    log(f"consortium task: {len(consortia)} consortia")
    for row in consortia:
        lead = row["lead"]
        assert isinstance(lead, dict)
        relevant = set(row["others"])  # type: ignore[call-overload]
        if not relevant:
            continue
        for name, ranked in baselines.rankings(lead["id"], set(), depth).items():
            tallies[name].add(ranked, relevant, k)
        near = sorted(train[lead["id"]], key=lambda v: -train.degree(v)) \
            if lead["id"] in train else []
        tallies["partners of the lead"].add(baselines.fill(near[:depth], {lead["id"]}, depth),
                                            relevant, k)
        found = recommend_for_group(
            graph, members=[lead], rules=json.loads(str(row["rules_json"] or "{}")),
            line=row["line"], district=row["district"],  # type: ignore[arg-type]
            call_themes=row["call_themes"],  # type: ignore[arg-type]
            skip_consortia=[str(row["id"])], limit=depth, as_of=as_of, weights=weights)
        tallies[RECOMMENDER].add([s.org_id for s in found], relevant, k)
    return table(f"Consortia of {as_of.year} or later, from their lead "
                 f"({tallies[RECOMMENDER].n} consortia)", tallies, k, depth)


def _weights(overrides: list[str]) -> Weights:
    known = {f.name for f in fields(Weights)}
    values = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in known:
            raise SystemExit(f"unknown weight {name!r}; known: {', '.join(sorted(known))}")
        values[name] = float(value)
    return Weights(**values)


if __name__ == "__main__":
    raise SystemExit(main())
