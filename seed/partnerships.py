"""The seed's partnership network: growth with preferential attachment inside districts.

Each district grows like a Holme-Kim graph (preferential attachment plus triadic
closure), which gives heavy-tailed degrees and clustering; a few sector-siloed
districts mostly tie within a sector; brokers and neighbouring districts add the
cross-district ties.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Final

from graph.model import SECTOR_OF_KIND

SINCE_FIRST: Final = date(2015, 1, 1)
SINCE_LAST: Final = date(2025, 12, 31)

_TypeWeights = tuple[tuple[str, ...], tuple[int, ...]]
_TYPES_PUBLIC_MIX: Final[_TypeWeights] = (
    ("subsidiarity_pact", "formal_agreement", "joint_project", "informal"),
    (3, 3, 3, 1),
)
_TYPES_CROSS: Final[_TypeWeights] = (
    ("joint_project", "formal_agreement", "informal", "subsidiarity_pact"),
    (8, 5, 6, 1),
)
_TYPES_SAME: Final[_TypeWeights] = (("joint_project", "formal_agreement", "informal"), (8, 5, 7))
_STRENGTH: Final[dict[str, tuple[float, float]]] = {
    "formal_agreement": (0.55, 0.95),
    "joint_project": (0.4, 0.9),
    "subsidiarity_pact": (0.5, 0.95),
    "informal": (0.1, 0.5),
}
#: Out-degree on arrival inside a district (mean about 2.9).
_ARRIVAL_TIES: Final = ((1, 2, 3, 4, 5, 7), (24, 26, 22, 14, 9, 5))
_TRIADIC_P: Final = 0.65
_SILO_P: Final = 0.92


def partnership_attributes(
    rng: random.Random, sector_a: str, sector_b: str, first: date = SINCE_FIRST
) -> tuple[str, date, date | None, float]:
    """Type, since, until and strength of one tie between organisations of two sectors."""
    if sector_a == sector_b:
        types, weights = _TYPES_SAME
    elif "public" in (sector_a, sector_b):
        types, weights = _TYPES_PUBLIC_MIX
    else:
        types, weights = _TYPES_CROSS
    kind = rng.choices(types, weights=weights)[0]
    since = first + timedelta(days=rng.randrange((SINCE_LAST - first).days + 1))
    until = None
    if rng.random() < 0.2:
        until = since + timedelta(days=rng.randrange(365, 6 * 365))
    low, high = _STRENGTH[kind]
    return kind, since, until, round(rng.uniform(low, high), 2)


class _Network:
    """Adjacency kept in insertion order (dicts as ordered sets) so runs are reproducible."""

    def __init__(self, ids: list[str]) -> None:
        self.adj: dict[str, dict[str, None]] = {i: {} for i in ids}
        self.edges: list[tuple[str, str]] = []

    def add(self, a: str, b: str) -> bool:
        if a == b or b in self.adj[a]:
            return False
        self.adj[a][b] = None
        self.adj[b][a] = None
        self.edges.append((a, b))
        return True

    def preferential(self, rng: random.Random, pool: list[str]) -> str:
        return rng.choices(pool, weights=[len(self.adj[i]) + 1 for i in pool])[0]


def build_partnerships(
    rng: random.Random,
    organizations: list[dict[str, Any]],
    neighbours: list[tuple[str, str]],
    siloed: list[str],
    brokers: list[str],
    institutional: list[tuple[str, str]],
) -> list[dict[str, Any]]:
    """Partnership rows (from_id, to_id, type, since, until, strength, source).

    ``institutional`` pairs (Regione-district, ASL-district...) are always tied.
    """
    sector = {o["id"]: SECTOR_OF_KIND[o["kind"]] for o in organizations}
    district_of = {o["id"]: o["district"] for o in organizations}
    net = _Network([o["id"] for o in organizations])
    by_district: dict[str, list[dict[str, Any]]] = {}
    for org in organizations:
        by_district.setdefault(org["district"], []).append(org)
    for code, members in by_district.items():
        _grow_district(rng, net, _arrival_order(rng, members), sector, code in siloed)
    for a, b in institutional:
        net.add(a, b)
    for broker in brokers:
        _add_broker_ties(rng, net, broker, organizations, district_of, neighbours)
    cross = len(net.edges) // 25
    members_of = {code: [o["id"] for o in orgs] for code, orgs in by_district.items()}
    while cross > 0:
        a_code, b_code = rng.choice(neighbours)
        a = net.preferential(rng, members_of[a_code])
        b = net.preferential(rng, members_of[b_code])
        cross -= net.add(a, b)
    return [
        partnership_row(rng, a, b, sector[a], sector[b], number)
        for number, (a, b) in enumerate(net.edges, start=1)
    ]


def partnership_row(
    rng: random.Random,
    a: str,
    b: str,
    sector_a: str,
    sector_b: str,
    number: int,
    first: date = SINCE_FIRST,
) -> dict[str, Any]:
    """One partnership row with a stable id PRT-nnnnn."""
    kind, since, until, strength = partnership_attributes(rng, sector_a, sector_b, first)
    return {
        "id": f"PRT-{number:05d}",
        "from_id": a,
        "to_id": b,
        "type": kind,
        "since": since,
        "until": until,
        "strength": strength,
        "source": "seed",
    }


def _arrival_order(rng: random.Random, members: list[dict[str, Any]]) -> list[str]:
    """District first, then public bodies and consortia early: they become the hubs."""
    head = {"District": 0.0, "PublicBody": 0.35, "Foundation": 0.6}

    def key(org: dict[str, Any]) -> float:
        early = 0.45 if org["legal_form"].startswith("Consorzio") else 1.0
        return rng.random() * min(head.get(org["kind"], 1.0), early)

    return [org["id"] for org in sorted(members, key=key)]


def _grow_district(
    rng: random.Random, net: _Network, order: list[str], sector: dict[str, str], siloed: bool
) -> None:
    for index in range(1, len(order)):
        node, earlier = order[index], order[:index]
        if siloed and rng.random() < _SILO_P:
            same = [i for i in earlier if sector[i] == sector[node]]
            earlier = same or earlier
        wanted = min(len(earlier), rng.choices(*_ARRIVAL_TIES)[0])
        last = net.preferential(rng, earlier)
        net.add(node, last)
        allowed = set(earlier)
        for _ in range(wanted - 1):
            closing = [
                i for i in net.adj[last] if i in allowed and i != node and i not in net.adj[node]
            ]
            if closing and rng.random() < _TRIADIC_P:
                target = rng.choice(closing)
            else:
                target = net.preferential(rng, earlier)
            if net.add(node, target):
                last = target


def _add_broker_ties(
    rng: random.Random,
    net: _Network,
    broker: str,
    organizations: list[dict[str, Any]],
    district_of: dict[str, str],
    neighbours: list[tuple[str, str]],
) -> None:
    """A broker ties into its own and neighbouring districts, preferring hubs."""
    home = district_of[broker]
    near = {home} | {b for a, b in neighbours if a == home}
    near |= {a for a, b in neighbours if b == home}
    pool = [o["id"] for o in organizations if district_of[o["id"]] in near and o["id"] != broker]
    for _ in range(rng.randint(6, 14)):
        net.add(broker, net.preferential(rng, pool))
