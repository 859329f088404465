"""A fault run: under load, SIGKILL one gunicorn worker, then stop Neo4j, wait, start it
again on the same port and data folder, and record what every request got meanwhile."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._load import Gunicorn, Swarm
from bench._site import Plan, status_of
from bench._stats import Req, Run, format_counts, is_login, status_counts
from graph.embedded import EmbeddedNeo4j


@dataclass(frozen=True)
class Timing:
    """Seconds of each step of a fault run."""

    before_kill: float = 10.0
    after_kill: float = 10.0
    #: Neo4j stays down this long once its stop has completed.
    outage: float = 10.0
    #: Load goes on this long once /health answers 200 again ...
    after_recovery: float = 10.0
    #: ... which it waits for at most this long after Neo4j is ready.
    recovery_limit: float = 60.0


@dataclass
class FaultReport:
    """What the load saw around a worker kill and a Neo4j restart (epoch seconds)."""

    run: Run
    killed_pid: int
    kill_at: float
    respawned_at: float | None
    stop_at: float
    stopped_at: float
    start_at: float
    ready_at: float
    health: list[tuple[float, int]] = field(default_factory=list)

    @property
    def health_back_at(self) -> float | None:
        """When the first /health poll that got 200 after the restart was asked for, began."""
        return next((t for t, status in self.health if t >= self.start_at and status == 200), None)

    @property
    def recovered_at(self) -> float:
        return self.health_back_at or self.run.ended

    def windows(self) -> list[tuple[str, float, float]]:
        """The phases of the run, by the start time of their requests."""
        return [
            ("before the kill", self.run.spawned, self.kill_at),
            ("after the worker kill", self.kill_at, self.stop_at),
            ("Neo4j stopping, down, starting", self.stop_at, self.ready_at),
            ("Neo4j ready, /health not yet 200", self.ready_at, self.recovered_at),
            ("after /health is 200 again", self.recovered_at, self.run.ended + 1),
        ]

    def requests(self, start: float, end: float) -> list[Req]:
        return [r for r in self.run.records if start <= r.t < end and not is_login(r)]

    def cut(self) -> list[Req]:
        """Requests left without an answer because they were in flight at the kill."""
        return [
            r
            for r in self.run.records
            if r.status == 0 and r.t <= self.kill_at + 0.5 and r.t + r.ms / 1000 >= self.kill_at
        ]

    def unexpected(self) -> list[Req]:
        """Failures other than a 503 overlapping the outage (from the stop to /health's
        first 200) and a connection cut by the kill."""
        cut = set(self.cut())
        return [
            r
            for r in self.run.records
            if not r.ok
            and r not in cut
            and not (
                r.status == 503 and r.t < self.recovered_at and r.t + r.ms / 1000 >= self.stop_at
            )
        ]

    def lines(self) -> list[str]:
        """What happened, in words and counts."""

        def at(t: float | None, since: float) -> str:
            return "never" if t is None else f"{t - since:+.2f} s"

        out = [
            f"worker {self.killed_pid} killed (SIGKILL); both workers up again "
            f"{at(self.respawned_at, self.kill_at)} after the kill; "
            f"{len(self.cut())} request(s) in flight there got no answer",
            f"Neo4j stop asked {self.stop_at - self.kill_at:.1f} s after the kill, done in "
            f"{self.stopped_at - self.stop_at:.1f} s; start asked "
            f"{self.start_at - self.stopped_at:.1f} s later, ready in "
            f"{self.ready_at - self.start_at:.1f} s",
            f"/health 200 again {at(self.health_back_at, self.ready_at)} after Neo4j was "
            f"ready ({at(self.health_back_at, self.stop_at)} after the stop was asked)",
        ]
        for name, start, end in self.windows():
            counts = format_counts(status_counts(self.requests(start, end)))
            out.append(f"  {name} ({max(0.0, end - start):.1f} s): {counts}")
        down = [r for r in self.run.records if r.status == 503]
        if down:
            times = sorted(r.ms for r in down)
            out.append(
                f"503s: {len(down)}, answered in {times[len(times) // 2]:.0f} ms "
                f"(median) to {times[-1]:.0f} ms; last one asked "
                f"{at(max(r.t for r in down), self.ready_at)} after ready"
            )
        back = next((r for r in self.run.records if r.t >= self.ready_at and r.ok), None)
        out.append(
            f"first success asked {at(back.t if back else None, self.ready_at)} "
            "after Neo4j was ready"
        )
        wrong = self.unexpected()
        out.append(f"unexpected outcomes: {format_counts(status_counts(wrong))}")
        for r in wrong[:10]:
            note = f": {r.note}" if r.note else ""
            out.append(
                f"  {r.name} got {r.status or 'no answer'} in {r.ms:.0f} ms, asked "
                f"{at(r.t, self.kill_at)} after the kill{note}"
            )
        return out


def run_faults(
    server: Gunicorn,
    neo4j: EmbeddedNeo4j,
    plan: Plan,
    workdir: Path,
    *,
    users: int,
    timing: Timing = Timing(),
    spawn_rate: float = 20.0,
    think: str = "1,3",
) -> FaultReport:
    """Load the site with ``users`` while a worker is killed and Neo4j restarted."""
    limit = (
        timing.before_kill
        + timing.after_kill
        + timing.outage
        + timing.recovery_limit
        + timing.after_recovery
        + 600
    )  # a cap: the run is stopped when the steps end
    swarm = Swarm(
        plan, workdir, users=users, duration=limit, spawn_rate=spawn_rate, think=think
    ).start()
    watch = _HealthWatch(server.url)
    try:
        swarm.wait_spawned()
        watch.start()
        time.sleep(timing.before_kill)
        kill_at = time.time()
        killed = server.kill_worker()
        respawned = server.wait_for_workers(killed)
        time.sleep(max(0.0, kill_at + timing.after_kill - time.time()))
        stop_at = time.time()
        neo4j.stop()
        stopped_at = time.time()
        time.sleep(timing.outage)
        start_at = watch.since = time.time()
        neo4j.start()
        ready_at = time.time()
        watch.back.wait(timing.recovery_limit)
        time.sleep(timing.after_recovery)
    finally:
        watch.done.set()
        run = swarm.stop()
        if watch.is_alive():
            watch.join(15)
    return FaultReport(
        run, killed, kill_at, respawned, stop_at, stopped_at, start_at, ready_at, watch.seen
    )


class _HealthWatch(threading.Thread):
    """Polls /health four times a second (each poll bounded by a 10 s timeout); ``back``
    is set by the first 200 of a poll begun after ``since``."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.url = base + "/health"
        self.seen: list[tuple[float, int]] = []
        self.since = float("inf")
        self.done, self.back = threading.Event(), threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            began = time.time()
            status = status_of(self.url, timeout=10)
            self.seen.append((began, status))
            if status == 200 and began >= self.since:
                self.back.set()
            self.done.wait(max(0.0, 0.25 - (time.time() - began)))
