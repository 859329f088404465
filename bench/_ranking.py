"""Ranking metrics and the link-prediction baselines the recommender is compared with."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

BASELINES = ("random", "popularity", "common neighbours", "Adamic-Adar",
             "resource allocation")


@dataclass
class Tally:
    """Sums of hit@k, reciprocal rank and NDCG@k over the queries of one method."""

    hits: float = 0.0
    rr: float = 0.0
    ndcg: float = 0.0
    n: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str], relevant: set[str], k: int) -> None:
        hit, rr, ndcg = metrics(ranked, relevant, k)
        self.hits, self.rr, self.ndcg, self.n = (self.hits + hit, self.rr + rr,
                                                 self.ndcg + ndcg, self.n + 1)

    def row(self) -> tuple[float, float, float]:
        n = max(self.n, 1)
        return self.hits / n, self.rr / n, self.ndcg / n


def metrics(ranked: Sequence[str], relevant: set[str], k: int) -> tuple[float, float, float]:
    """hit@k, reciprocal rank of the first relevant item (0 if none listed), NDCG@k.

    >>> metrics(["a", "b", "c"], {"b"}, 2)
    (1.0, 0.5, 0.6309297535714575)
    """
    first = next((i for i, item in enumerate(ranked) if item in relevant), None)
    dcg = sum(1 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return (float(first is not None and first < k), 0.0 if first is None else 1 / (first + 1),
            dcg / ideal if ideal else 0.0)


class Baselines:
    """Rankings by the classic local indices on the training graph ``G``.

    Candidates with the same score (for the indices, every organisation beyond two hops
    scores zero) are ordered at random, as an index cannot tell them apart.
    """

    def __init__(self, G: nx.Graph, pool: Sequence[str], seed: int) -> None:
        self.G = G
        self.pool = list(pool)
        self.rng = random.Random(seed)
        self.by_degree = sorted(self.pool, key=lambda v: (-G.degree(v) if v in G else 0, v))

    def rankings(self, q: str, exclude: set[str], depth: int) -> dict[str, list[str]]:
        """Each baseline's top ``depth`` for query organisation ``q``."""
        G, skip = self.G, exclude | {q}
        two_hop: dict[str, list[str]] = {}
        if q in G:
            for z in G[q]:
                for c in G[z]:
                    if c not in skip:
                        two_hop.setdefault(c, []).append(z)
        indices: dict[str, Callable[[list[str]], float]] = {
            "common neighbours": lambda zs: float(len(zs)),
            "Adamic-Adar": lambda zs: sum(1 / math.log(G.degree(z)) for z in zs
                                          if G.degree(z) > 1),
            "resource allocation": lambda zs: sum(1 / G.degree(z) for z in zs),
        }
        found = {"random": self.fill([], skip, depth),
                 "popularity": [v for v in self.by_degree if v not in skip][:depth]}
        for name, index in indices.items():
            noise = {c: self.rng.random() for c in two_hop}
            ordered = sorted(two_hop, key=lambda c: (-index(two_hop[c]), noise[c]))
            found[name] = self.fill(ordered[:depth], skip, depth)
        return found

    def fill(self, head: list[str], skip: set[str], depth: int) -> list[str]:
        """``head`` followed by random organisations, ``depth`` in all."""
        taken = set(head) | skip
        rest: list[str] = []
        while len(head) + len(rest) < depth and len(taken) < len(self.pool):
            pick = self.pool[self.rng.randrange(len(self.pool))]
            if pick not in taken:
                taken.add(pick)
                rest.append(pick)
        return head + rest


def table(title: str, tallies: dict[str, Tally], k: int, depth: int,
          notes: Iterable[str] = ()) -> str:
    """A fixed-width table of the methods' mean metrics."""
    lines = [title, f"{'method':<22}{f'hit@{k}':>9}{f'MRR@{depth}':>9}{f'NDCG@{k}':>9}"]
    for name, tally in tallies.items():
        hit, mrr, ndcg = tally.row()
        lines.append(f"{name:<22}{hit:>9.3f}{mrr:>9.3f}{ndcg:>9.3f}")
    lines.extend(notes)
    return "\n".join(lines)
