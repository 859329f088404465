"""Synthetic organisations and partnerships at scale, streamed in bounded-memory batches.

Same shape as the seed (kinds mix, real municipalities and districts, heavy-tailed
degrees, ties mostly inside a district with triadic closure), ids prefixed ``SYN-``.
Each new organisation ties only to earlier ones, so a pair can only be drawn by its
later end: duplicates are ruled out with a per-node set, never a global one. Ids depend
only on the index (organisations) or the pair (partnerships), and tax codes only on the
index, so loads of different sizes or seeds add to each other without clashes. Memory
is a few compact integer arrays (about 10 bytes per partnership end), not rows.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from graph.model import SECTOR_OF_KIND
from seed import names, reference, taxcodes
from seed.districts import assign_municipalities, district_weights, neighbour_pairs
from seed.organizations import FICTIONAL_MARK, pick_themes, timestamps
from seed.partnerships import partnership_attributes

ORG_PREFIX: Final = "SYN-"
PARTNERSHIP_PREFIX: Final = "SYN-P"
KIND_MIX: Final[tuple[tuple[str, float], ...]] = (
    ("PublicBody", 0.12),
    ("ThirdSector", 0.45),
    ("SME", 0.38),
    ("Foundation", 0.05),
)
_RING: Final = 4  # recent partners remembered per node, for triadic closure
_CROSS_P: Final = 0.1
_UNIFORM_P: Final = 0.25
_TRIADIC_P: Final = 0.5


@dataclass(frozen=True)
class SyntheticBatch:
    """One batch of rows: all ``organizations`` batches come before ``partnerships``."""

    kind: str
    rows: list[dict[str, Any]]


def org_id(index: int) -> str:
    """Synthetic organisation ``index`` (0-based) is always SYN-<index+1>, whatever the seed."""
    return f"{ORG_PREFIX}{index + 1:07d}"


def partnership_id(later: int, earlier: int) -> str:
    """Named after its pair, so loads of other sizes or seeds never reuse an id elsewhere."""
    return f"{PARTNERSHIP_PREFIX}{later + 1:07d}-{earlier + 1:07d}"


def generate_synthetic(
    orgs: int, partnerships: int, seed: int, *, batch_size: int = 10_000
) -> Iterator[SyntheticBatch]:
    """Yield exactly ``orgs`` organisations, then exactly ``partnerships`` partnerships."""
    if orgs < 0 or partnerships < 0 or batch_size < 1:
        raise ValueError("counts must be non-negative and batch_size positive")
    if partnerships > orgs * (orgs - 1) // 2:
        raise ValueError("more partnerships than distinct pairs of organisations")
    if orgs + taxcodes.SYNTHETIC_SERIAL_BASE > 9_999_999:
        raise ValueError("too many synthetic organisations for distinct tax codes")
    rng = random.Random(seed)
    world = _World()
    district_of = array("B")
    sector_of = array("B")
    batch: list[dict[str, Any]] = []
    for index in range(orgs):
        row, district, sector = world.organization(rng, index)
        district_of.append(district)
        sector_of.append(sector)
        batch.append(row)
        if len(batch) >= batch_size:
            yield SyntheticBatch("organizations", batch)
            batch = []
    if batch:
        yield SyntheticBatch("organizations", batch)
    edges = _edges(rng, orgs, partnerships, district_of, world.neighbours)
    batch = []
    sectors = world.sectors
    for a, b in edges:
        kind, since, until, strength = partnership_attributes(
            rng, sectors[sector_of[a]], sectors[sector_of[b]]
        )
        batch.append(
            {
                "id": partnership_id(a, b),
                "from_id": org_id(a),
                "to_id": org_id(b),
                "type": kind,
                "since": since,
                "until": until,
                "strength": strength,
                "source": "synthetic",
            }
        )
        if len(batch) >= batch_size:
            yield SyntheticBatch("partnerships", batch)
            batch = []
    if batch:
        yield SyntheticBatch("partnerships", batch)


class _World:
    """The reference geography, indexed for fast random draws."""

    def __init__(self) -> None:
        municipalities = reference.municipalities()
        assignment = assign_municipalities(municipalities)
        weights = district_weights()
        self.codes = sorted(weights)
        index = {code: i for i, code in enumerate(self.codes)}
        self.cumulative: list[float] = []
        total = 0.0
        for code in self.codes:
            total += weights[code]
            self.cumulative.append(total)
        self.members: list[list[dict[str, Any]]] = [[] for _ in self.codes]
        for municipality in municipalities:
            self.members[index[assignment[municipality["istat"]]]].append(municipality)
        self.neighbours: list[list[int]] = [[] for _ in self.codes]
        for a, b in neighbour_pairs(assignment):
            self.neighbours[index[a]].append(index[b])
            self.neighbours[index[b]].append(index[a])
        self.kinds = [kind for kind, _ in KIND_MIX]
        self.kind_cumulative = [sum(w for _, w in KIND_MIX[: i + 1]) for i in range(len(KIND_MIX))]
        self.sectors = sorted(set(SECTOR_OF_KIND.values()))

    def organization(self, rng: random.Random, index: int) -> tuple[dict[str, Any], int, int]:
        draw = rng.random() * self.cumulative[-1]
        district = min(bisect(self.cumulative, draw), len(self.codes) - 1)
        kind = self.kinds[min(bisect(self.kind_cumulative, rng.random()), len(self.kinds) - 1)]
        members = self.members[district]
        place = members[0] if rng.random() < 0.35 else rng.choice(members)
        size_class, non_profit = None, True
        if kind == "ThirdSector":
            name, legal_form = names.third_sector_name(rng, place["name"], local=True)
        elif kind == "SME":
            size_class = rng.choices(("micro", "small", "medium"), weights=(0.55, 0.33, 0.12))[0]
            non_profit = rng.random() < 0.15
            name, legal_form = names.sme_name(rng, size_class, non_profit)
        elif kind == "Foundation":
            name, legal_form = names.foundation_name(rng, place["name"])
        else:
            name = f"Ente pubblico sintetico {index + 1} di {place['name']}"
            legal_form = "Ente pubblico"
        created, updated = timestamps(rng)
        ident = org_id(index)
        row = {
            "id": ident,
            "kind": kind,
            "name": name,
            "legal_form": legal_form,
            "tax_code": taxcodes.make_partita_iva(
                taxcodes.SYNTHETIC_SERIAL_BASE + index, place["province_code"]
            ),
            "size_class": size_class,
            "non_profit": non_profit,
            "municipality": place["istat"],
            "description": f"Organizzazione sintetica per prove di carico. {FICTIONAL_MARK}",
            "website": f"https://www.{ident.lower()}.example",
            "email": f"info@{ident.lower()}.example",
            "themes": pick_themes(rng, kind),
            "capabilities": [],
            "fictional": True,
            "created_at": created,
            "updated_at": updated,
        }
        return row, district, self.sectors.index(SECTOR_OF_KIND[kind])


def _edges(
    rng: random.Random, n: int, m: int, district_of: array[int], neighbours: list[list[int]]
) -> Iterator[tuple[int, int]]:
    """Exactly ``m`` distinct pairs (later, earlier) over ``n`` nodes, no self loops."""
    districts = len(neighbours)
    members = [array("i") for _ in range(districts)]  # earlier nodes per district
    ends = [array("i") for _ in range(districts)]  # edge ends per district: PA by sampling
    ring = array("i", [-1]) * (n * _RING)
    ring_next = array("B", [0]) * n
    remaining = m
    for node in range(n):
        after = (n - 1) * n // 2 - node * (node + 1) // 2  # what later nodes can still hold
        low, high = max(0, remaining - after), min(node, remaining)
        quota = remaining / (n - node)
        wanted = min(high, max(low, int(quota * rng.uniform(0.5, 1.5) + rng.random())))
        home = district_of[node]
        chosen: set[int] = set()
        if wanted * 2 > node:  # dense corner (tiny graphs): plain sample of earlier nodes
            chosen.update(rng.sample(range(node), wanted))
        last = -1
        while len(chosen) < wanted:
            target = -1
            for _ in range(12):
                if last >= 0 and rng.random() < _TRIADIC_P:
                    candidate = ring[last * _RING + rng.randrange(_RING)]
                else:
                    district = home
                    if rng.random() < _CROSS_P and neighbours[home]:
                        district = rng.choice(neighbours[home])
                    pool = ends[district] if rng.random() >= _UNIFORM_P else members[district]
                    if not pool:
                        pool = members[district]
                    candidate = pool[rng.randrange(len(pool))] if pool else rng.randrange(node)
                if 0 <= candidate < node and candidate not in chosen:
                    target = candidate
                    break
            while target < 0 or target in chosen:  # fall back to any earlier node
                target = rng.randrange(node)
            chosen.add(target)
            last = target
        for target in sorted(chosen):
            for a, b in ((node, target), (target, node)):
                ring[a * _RING + ring_next[a]] = b
                ring_next[a] = (ring_next[a] + 1) % _RING
            ends[home].append(node)
            ends[district_of[target]].append(target)
            yield node, target
        remaining -= wanted
        members[home].append(node)
    if remaining:
        raise AssertionError("edge budget not spent")  # unreachable: low/high guarantee it
