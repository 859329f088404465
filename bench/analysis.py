"""Benchmark: projection speed and the analysis bundle beside python-igraph, per graph size.

Run ``python -m bench.analysis [--sizes seed,50000,1000000] [--uri bolt://...]``.
Each size is loaded into Neo4j (the seed network, or ``seed.load.load_synthetic`` with
one organisation per ten partnerships), projected, analysed with
``graph.analysis.analysis_bundle`` and, in the same run, measured again by calling
python-igraph directly on the same rows. Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from graph.analysis import analysis_bundle

# Through graph.analysis, so igraph loads with the same OpenMP setting as the bundle's.
from graph.analysis._igraph import edge_ends, ig

# The same numpy count of spanning two-paths as the bundle's (the direct run times
# igraph's own calls around it, not a second implementation of it).
from graph.analysis._triads import array_spanning
from graph.analysis.centrality import BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_MAX_NODES
from graph.driver import Graph, GraphSettings
from graph.embedded import EmbeddedNeo4j, free_port
from graph.model import KINDS, SECTOR_OF_KIND, SECTORS
from graph.projection import build_graph, projection_tx
from graph.schema import apply_migrations

SEED = 20260
#: The bundle's defaults, repeated for the direct igraph run.
BURN_IN, THINNING = 5.0, 1.0
#: Our measures beside the igraph calls that compute the same thing.
PAIRED = (
    "structure",
    "centrality",
    "communities",
    "brokerage",
    "fragility",
    "subsidiarity",
    "districts",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="seed,50000,1000000",
        help="comma-separated: 'seed' or a number of partnerships",
    )
    parser.add_argument("--uri", help="reuse this Neo4j (its data is wiped!)")
    parser.add_argument("--heap", default="3g", help="heap of the embedded Neo4j")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measure, the best kept (default 1)"
    )
    parser.add_argument(
        "--no-load",
        action="store_true",
        help="measure the data already in --uri (one size, named 'existing')",
    )
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if args.no_load and not args.uri:
        parser.error("--no-load needs --uri")
    with _database(args.uri, args.heap) as graph:
        for size in ["existing"] if args.no_load else sizes:
            _bench_size(graph, size, load=not args.no_load, repeat=max(args.repeat, 1))
    return 0


@contextmanager
def _database(uri: str | None, heap: str) -> Iterator[Graph]:
    if uri:
        graph = Graph(GraphSettings(uri=uri, connection_timeout=10, max_retry_time=60))
        yield graph
        graph.close()
        return
    with tempfile.TemporaryDirectory(prefix="bench-neo4j-") as data_dir:
        server = EmbeddedNeo4j(
            data_dir=Path(data_dir), port=free_port(), heap=heap, page_cache="1g"
        )
        _log(f"starting Neo4j in {data_dir}")
        server.start()
        graph = Graph(GraphSettings(uri=server.uri, connection_timeout=10, max_retry_time=60))
        try:
            yield graph
        finally:
            graph.close()
            server.stop()


def _bench_size(graph: Graph, size: str, *, load: bool = True, repeat: int = 1) -> None:
    load_seconds = 0.0
    if load:
        _log(f"[{size}] loading")
        graph.wipe()
        apply_migrations(graph)
        started = time.perf_counter()
        _load(graph, size)
        load_seconds = time.perf_counter() - started

    _log(f"[{size}] projecting")
    started = time.perf_counter()
    graph.read(projection_tx)  # the first run also plans the queries and warms the cache
    cold_seconds = time.perf_counter() - started
    read_seconds = build_seconds = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        nodes, edges = graph.read(projection_tx)
        read_seconds = min(read_seconds, time.perf_counter() - started)
        started = time.perf_counter()
        G = build_graph(nodes, edges)
        build_seconds = min(build_seconds, time.perf_counter() - started)

    samples = 10 if G.number_of_edges() >= 100_000 else 20
    ours: dict[str, float] = {}
    direct: dict[str, float] = {}
    bundle_seconds = float("inf")
    # Ours and igraph's in turn, keeping each measure's best time: other work on the
    # host slows whichever runs beside it.
    for turn in range(repeat):
        _log(
            f"[{size}] bundle {turn + 1}/{repeat} "
            f"({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges)"
        )
        started = time.perf_counter()
        bundle = analysis_bundle(G, seed=1, samples=samples, nodes=True)
        bundle_seconds = min(bundle_seconds, time.perf_counter() - started)
        _best(ours, bundle["timings"])
        _log(f"[{size}] python-igraph directly {turn + 1}/{repeat}")
        _best(direct, _igraph_direct(nodes, edges, samples=samples, seed=1))

    print(
        f"\n=== {size}: {len(nodes):,} organisations, {len(edges):,} partnerships "
        f"(loaded in {load_seconds:.1f} s) ==="
    )
    print(
        f"projection read   {read_seconds:7.2f} s  {_rate(len(edges), read_seconds)} "
        f"(first run {cold_seconds:.2f} s)"
    )
    print(
        f"graph build       {build_seconds:7.2f} s  "
        f"read+build {_rate(len(edges), read_seconds + build_seconds)}"
    )
    print(
        f"analysis bundle   {bundle_seconds:7.2f} s  (all steps, samples={samples}, "
        f"best of {repeat})"
    )
    print(f"{'measure':<14}{'ours s':>10}{'igraph s':>10}{'ratio':>8}")
    paired_ours = ours["convert"] + sum(ours[name] for name in PAIRED)
    paired_direct = direct["convert"] + sum(direct[name] for name in PAIRED)
    for name in ("convert", *PAIRED):
        print(
            f"{name:<14}{ours[name]:>10.3f}{direct[name]:>10.3f}"
            f"{_ratio(ours[name], direct[name]):>8}"
        )
    for name in ("growth",):
        print(f"{name:<14}{ours[name]:>10.3f}{'-':>10}{'-':>8}")
    print(
        f"{'paired total':<14}{paired_ours:>10.3f}{paired_direct:>10.3f}"
        f"{_ratio(paired_ours, paired_direct):>8}"
    )
    index = bundle["subsidiarity"]["overall"]
    print(
        f"subsidiarity index {index['index']:.4f}, baseline {index['baseline_mean']:.4f}, "
        f"z {index['z']}"
    )
    sys.stdout.flush()


def _best(best: dict[str, float], timings: dict[str, float]) -> None:
    for name, seconds in timings.items():
        best[name] = min(best.get(name, seconds), seconds)


def _load(graph: Graph, size: str) -> None:
    from seed.load import load_seed, load_synthetic

    if size == "seed":
        load_seed(graph, SEED)
        return
    partnerships = int(size)
    load_synthetic(graph, max(partnerships // 10, 100), partnerships, SEED)


def _igraph_direct(
    nodes: list[list[Any]], edges: list[list[Any]], *, samples: int, seed: int
) -> dict[str, float]:
    """The bundle's paired measures, computed by igraph from the same rows."""
    timings: dict[str, float] = {}

    def timed(name: str, work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = work()
        timings[name] = time.perf_counter() - started
        return result

    def convert() -> tuple[Any, list[int], list[int], list[str]]:
        index = {row[0]: i for i, row in enumerate(nodes)}
        pairs = {}
        for a, b, _, _, _, strength in edges:
            if a != b:
                key = (index[a], index[b]) if index[a] < index[b] else (index[b], index[a])
                pairs[key] = max(pairs.get(key, 0.0), 1.0 if strength is None else strength)
        g = ig.Graph(n=len(nodes), edges=list(pairs), directed=False)
        g.es["strength"] = list(pairs.values())
        kinds = [row[2] or "" for row in nodes]
        sector = [SECTORS.index(SECTOR_OF_KIND[k]) if k in SECTOR_OF_KIND else -1 for k in kinds]
        kind = [KINDS.index(k) if k in KINDS else len(KINDS) for k in kinds]
        districts = [row[3] or "" for row in nodes]
        return g, sector, kind, districts

    g, sector, kind, districts = timed("convert", convert)
    n = g.vcount()
    timed(
        "structure",
        lambda: (
            g.connected_components().sizes(),
            g.density(),
            g.transitivity_undirected(),
            g.transitivity_avglocal_undirected(mode="zero"),
            g.assortativity_nominal(sector, directed=False),
            g.assortativity_nominal(kind, directed=False),
        ),
    )

    def centrality() -> None:
        if n > EXACT_BETWEENNESS_MAX_NODES:
            sources = random.Random(seed).sample(range(n), BETWEENNESS_SAMPLES)
            g.betweenness(directed=False, sources=sources, targets=None)
        else:
            g.betweenness(directed=False)
        g.pagerank(directed=False, weights="strength")

    timed("centrality", centrality)

    def communities() -> None:
        random.seed(seed)
        clusters = g.community_multilevel(weights="strength")
        g.modularity(clusters.membership, weights="strength")

    timed("communities", communities)
    timed("brokerage", lambda: (g.list_triangles(), g.constraint(weights="strength")))
    timed(
        "fragility",
        lambda: (
            g.biconnected_components(return_articulation_points=True),
            g.bridges(),
        ),
    )
    codes = np.array(sector)
    timed("subsidiarity", lambda: _baseline(g, codes, samples, seed))

    def per_district() -> None:
        members: dict[str, list[int]] = {}
        for i, code in enumerate(districts):
            if code:
                members.setdefault(code, []).append(i)
        for vertices in members.values():
            h = g.induced_subgraph(vertices)
            h.connected_components().sizes()
            h.transitivity_avglocal_undirected(mode="zero")
            h.biconnected_components(return_articulation_points=True)
            h.bridges()
            _baseline(h, codes[vertices], samples, seed)

    timed("districts", per_district)
    return timings


def _baseline(g: Any, codes: np.ndarray, samples: int, seed: int) -> list[int]:
    """Triads of the graph, then spanning two-paths along a chain of rewired copies."""
    _triads(g, codes)
    drawn: list[int] = []
    if g.ecount() < 2:
        return drawn
    h = g.copy()
    random.seed(seed)
    for i in range(samples):
        h.rewire(n=round((BURN_IN if i == 0 else THINNING) * h.ecount()))
        drawn.append(array_spanning(*edge_ends(h), codes))
    return drawn


def _triads(g: Any, codes: np.ndarray) -> tuple[int, int, int]:
    """Spanning two-paths, triangles and spanning triangles."""
    src, dst = edge_ends(g)
    cross = (codes[src] >= 0) & (codes[dst] >= 0) & (codes[src] != codes[dst])
    spanning = g.subgraph_edges(np.flatnonzero(cross).tolist(), delete_vertices=False)
    return (
        array_spanning(src, dst, codes),
        len(g.list_triangles()),
        len(spanning.list_triangles()),
    )


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f} partnerships/s" if seconds > 0 else "-"


def _ratio(ours: float, direct: float) -> str:
    return f"{ours / direct:.2f}" if direct > 0 else "-"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
