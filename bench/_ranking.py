"""Ranking metrics and the link-prediction baselines the recommender is compared with."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

BASELINES = (
    "random",
    "popularity",
    "repeat partners",
    "common neighbours",
    "Adamic-Adar",
    "resource allocation",
    "programme popularity",
)


@dataclass
class Tally:
    """Sums of hit@k, recall@k, reciprocal rank and NDCG@k over one method's queries."""

    hits: float = 0.0
    recall: float = 0.0
    rr: float = 0.0
    ndcg: float = 0.0
    n: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str], relevant: set[str], k: int) -> None:
        hit, recall, rr, ndcg = metrics(ranked, relevant, k)
        self.hits += hit
        self.recall += recall
        self.rr += rr
        self.ndcg += ndcg
        self.n += 1

    def row(self) -> tuple[float, float, float, float]:
        n = max(self.n, 1)
        return self.hits / n, self.recall / n, self.rr / n, self.ndcg / n


def metrics(ranked: Sequence[str], relevant: set[str], k: int) -> tuple[float, float, float, float]:
    """hit@k, recall@k, reciprocal rank of the first relevant item (0 if none is listed),
    NDCG@k with binary relevance.

    >>> metrics(["a", "b", "c"], {"b", "z"}, 2)
    (1.0, 0.5, 0.5, 0.38685280723454163)
    """
    first = next((i for i, item in enumerate(ranked) if item in relevant), None)
    found = sum(1 for item in ranked[:k] if item in relevant)
    dcg = sum(1 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return (
        float(first is not None and first < k),
        found / len(relevant) if relevant else 0.0,
        0.0 if first is None else 1 / (first + 1),
        dcg / ideal if ideal else 0.0,
    )


class Baselines:
    """Rankings by popularity and the classic local indices on the training graph ``G``
    (edge attribute ``count``: partnerships of the pair before the cut-off), and by
    popularity within a programme (``programmes``: organisation -> consortia per line).

    Candidates with the same score (for the indices, every organisation beyond two hops
    scores zero) are ordered at random, as an index cannot tell them apart.
    """

    def __init__(
        self, G: nx.Graph, pool: Sequence[str], seed: int, programmes: Mapping[str, Counter[str]]
    ) -> None:
        self.G = G
        self.pool = list(pool)
        self.rng = random.Random(seed)
        self.by_degree = sorted(self.pool, key=lambda v: (-G.degree(v) if v in G else 0, v))
        self.programmes = programmes
        self.by_line: dict[str, Counter[str]] = {}
        for org, lines in programmes.items():
            for line, n in lines.items():
                self.by_line.setdefault(line, Counter())[org] += n

    def rankings(
        self, q: str, exclude: set[str], depth: int, line: str | None = None
    ) -> dict[str, list[str]]:
        """Each baseline's top ``depth`` for query organisation ``q`` (and the call's
        ``line``, for programme popularity; without one, ``q``'s own programmes)."""
        G, skip = self.G, exclude | {q}
        two_hop: dict[str, list[str]] = {}
        repeat: dict[str, float] = {}
        if q in G:
            for z, data in G[q].items():
                if z not in skip:
                    repeat[z] = float(data.get("count", 1))
                for c in G[z]:
                    if c not in skip:
                        two_hop.setdefault(c, []).append(z)
        indices: dict[str, Callable[[list[str]], float]] = {
            "common neighbours": lambda zs: float(len(zs)),
            "Adamic-Adar": lambda zs: sum(1 / math.log(G.degree(z)) for z in zs if G.degree(z) > 1),
            "resource allocation": lambda zs: sum(1 / G.degree(z) for z in zs),
        }
        found = {
            "random": self.fill([], skip, depth),
            "popularity": [v for v in self.by_degree if v not in skip][:depth],
            "repeat partners": self._ordered(repeat, skip, depth),
            "programme popularity": self._ordered(self._programme(q, line), skip, depth),
        }
        for name, index in indices.items():
            found[name] = self._ordered({c: index(zs) for c, zs in two_hop.items()}, skip, depth)
        return {name: found[name] for name in BASELINES}

    def _programme(self, q: str, line: str | None) -> dict[str, float]:
        """Consortia per organisation in ``line``, or in ``q``'s programmes by their share."""
        mix = Counter({line: 1}) if line else self.programmes.get(q, Counter())
        total = sum(mix.values())
        scores: dict[str, float] = {}
        for each, n in mix.items():
            for org, count in self.by_line.get(each, Counter()).items():
                scores[org] = scores.get(org, 0.0) + count * n / total
        return scores

    def _ordered(self, scores: Mapping[str, float], skip: set[str], depth: int) -> list[str]:
        """Highest score first, ties at random, then random organisations."""
        noise = {c: self.rng.random() for c in scores}
        ordered = sorted(
            (c for c in scores if c not in skip and scores[c] > 0),
            key=lambda c: (-scores[c], noise[c]),
        )
        return self.fill(ordered[:depth], skip, depth)

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


def table(
    title: str,
    tallies: dict[str, Tally],
    k: int,
    depth: int,
    subject: str,
    notes: Iterable[str] = (),
) -> str:
    """A fixed-width table of the methods' mean metrics, and ``subject``'s ratio to the
    best other method on hit@k and MRR."""
    lines = [
        title,
        f"{'method':<24}{f'hit@{k}':>9}{f'recall@{k}':>11}{f'MRR@{depth}':>9}{f'NDCG@{k}':>9}",
    ]
    for name, tally in tallies.items():
        hit, recall, mrr, ndcg = tally.row()
        lines.append(f"{name:<24}{hit:>9.3f}{recall:>11.3f}{mrr:>9.3f}{ndcg:>9.3f}")
    others = {name: t.row() for name, t in tallies.items() if name != subject}
    if subject in tallies and others:
        mine = tallies[subject].row()
        best_hit = max(others, key=lambda name: others[name][0])
        best_mrr = max(others, key=lambda name: others[name][2])
        lines.append(
            f"{subject} / best baseline: hit@{k} "
            f"{_ratio(mine[0], others[best_hit][0])} (vs {best_hit}), "
            f"MRR {_ratio(mine[2], others[best_mrr][2])} (vs {best_mrr})"
        )
    lines.extend(notes)
    return "\n".join(lines)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "n/a"
