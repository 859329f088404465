"""The figures of a load run: each request as a :class:`Req`, per-endpoint percentiles,
status counts and the printed tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple


class Req(NamedTuple):
    """One request of a run: when it started (epoch s), its name, status (0: no answer),
    milliseconds, whether the status was the one expected, and a note on a failure."""

    t: float
    name: str
    status: int
    ms: float
    ok: bool
    note: str = ""


@dataclass
class Run:
    """The requests of one locust run and when its users had all started."""

    records: list[Req]
    started: float
    spawned: float
    ended: float

    def measured(self) -> list[Req]:
        """The requests started once every user was running (logins excluded)."""
        return [r for r in self.records if r.t >= self.spawned and not is_login(r)]


def is_login(request: Req) -> bool:
    """A user's login, made once as it starts (not part of the measured mix)."""
    return request.name.startswith("login:")


@dataclass(frozen=True)
class EndpointStats:
    """Requests, throughput, latency percentiles (ms) and errors of one endpoint."""

    name: str
    count: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values`` (0 when empty).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.0
    >>> percentile([1.0, 2.0, 3.0, 4.0], 99)
    4.0
    """
    if not values:
        return 0.0
    rank = max(1, -(-len(values) * q // 100))
    return values[int(rank) - 1]


def endpoint_stats(
    records: Iterable[Req], seconds: float, name: str | None = None
) -> list[EndpointStats]:
    """Per-endpoint figures (with ``name``: one row for all of ``records``)."""
    groups: dict[str, list[Req]] = {}
    for r in records:
        groups.setdefault(name or r.name, []).append(r)
    rows = []
    for key, reqs in sorted(groups.items()):
        times = sorted(r.ms for r in reqs)
        rows.append(
            EndpointStats(
                key,
                len(reqs),
                len(reqs) / max(seconds, 1e-9),
                percentile(times, 50),
                percentile(times, 95),
                percentile(times, 99),
                sum(not r.ok for r in reqs),
            )
        )
    return rows


def status_counts(records: Iterable[Req]) -> Counter[str]:
    """How many requests got each status ("no answer" for a failed connection)."""
    return Counter(str(r.status) if r.status else "no answer" for r in records)


def format_counts(counts: Counter[str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no request"


def format_table(rows: Sequence[EndpointStats]) -> list[str]:
    lines = [
        f"  {'endpoint':<44}{'reqs':>7}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'errors':>8}"
    ]
    lines += [
        f"  {r.name[:44]:<44}{r.count:>7}{r.rps:>8.1f}{r.p50:>9.1f}{r.p95:>9.1f}"
        f"{r.p99:>9.1f}{r.errors:>8}"
        for r in rows
    ]
    return lines
