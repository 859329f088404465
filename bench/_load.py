"""Load runs on loopback: gunicorn as a child process, and the locust process.

Shared by ``python -m bench load`` and ``tests/test_load_faults.py``. Nothing here imports
locust: the scenario runs in ``bench._swarm``, a process of its own, whose every request
comes back as a ``bench._stats.Req``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bench._site import Plan, status_of
from bench._stats import Req, Run
from graph.driver import Graph, GraphSettings
from graph.embedded import free_port

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


class LoadError(RuntimeError):
    """A server or the load generator did not behave (start-up failed, no results...)."""


@dataclass
class Gunicorn:
    """gunicorn serving ``app`` (``wsgi:app``: the product) on 127.0.0.1 and a free port."""

    neo4j_uri: str
    workers: int = 2
    threads: int = 1
    log_path: Path | None = None
    app: str = "wsgi:app"
    cwd: Path = ROOT
    port: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _log: IO[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 90.0) -> str:
        """Start the master and its workers; return the URL once /health answers 200."""
        self.port = free_port(HOST)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(self.workers),
            "--bind",
            f"{HOST}:{self.port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "10",
            "--no-control-socket",
            "--error-logfile",
            "-",
            self.app,
        ]
        if self.threads > 1:
            command[3:3] = ["--threads", str(self.threads)]
        env = {
            **os.environ,
            "NEO4J_URI": self.neo4j_uri,
            "SECRET_KEY": "load-run-secret-not-for-production-0123456789",
            "PYTHONUNBUFFERED": "1",
        }
        if self.log_path is None:
            self.log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise LoadError(f"gunicorn exited at start-up:\n{self.log_tail()}")
            if (
                len(self.worker_pids()) == self.workers
                and status_of(self.url + "/health", timeout=5) == 200
            ):
                return self.url
            time.sleep(0.2)
        self.stop()
        raise LoadError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """The worker processes the master runs now."""
        if self._process is None:
            return []
        return children(self._process.pid)

    def kill_worker(self) -> int:
        """SIGKILL one worker (the master starts another); returns its pid."""
        pids = self.worker_pids()
        if not pids:
            raise LoadError("gunicorn has no worker to kill")
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def wait_for_workers(self, gone: int, timeout: float = 30.0) -> float | None:
        """When the master again runs ``workers`` workers, none of them ``gone``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == self.workers and gone not in pids:
                return time.time()
            time.sleep(0.05)
        return None

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL if the master lingers."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.terminate()
                try:
                    self._process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(self._process.pid, signal.SIGKILL)
                    self._process.wait()
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of gunicorn's log, without the driver's retry notices."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        noise = ("Transaction failed and will be retried", "Failed to establish connection")
        return "\n".join([line for line in text if not line.startswith(noise)][-lines:])


def api_token(neo4j_uri: str, email: str) -> str | None:
    """A bearer token of ``email``'s user for /api/v1, created by the API's own service
    (app/services/api_tokens.py); None in a checkout without the JSON API."""
    try:
        from app.services import api_tokens
    except ImportError:
        return None
    from app.services.audit import Actor
    from graph.user_repo import get_user_by_email_tx

    graph = Graph(GraphSettings(uri=neo4j_uri))
    try:
        user = graph.read(get_user_by_email_tx, email=email)
        if user is None:
            return None
        return api_tokens.create_token(
            graph, Actor(user["id"], email), user_id=user["id"], name="load run"
        ).secret
    finally:
        graph.close()


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


class Swarm:
    """The locust process (``bench._swarm``) for one run."""

    def __init__(
        self,
        plan: Plan,
        workdir: Path,
        *,
        users: int,
        duration: float,
        spawn_rate: float = 20.0,
        think: str = "1,3",
        hammer: Sequence[str] = (),
    ) -> None:
        self.workdir = workdir
        self.users, self.duration, self.spawn_rate = users, duration, spawn_rate
        self.out = workdir / f"swarm-{users}-{time.time_ns()}.json"
        plan_path = workdir / "plan.json"
        plan_path.write_text(plan.to_json(), encoding="utf-8")
        self.command = [
            sys.executable,
            "-m",
            "bench._swarm",
            str(plan_path),
            str(self.out),
            "--users",
            str(users),
            "--duration",
            str(duration),
            "--spawn-rate",
            str(spawn_rate),
            "--think",
            think,
        ]
        if hammer:
            self.command += ["--hammer", *hammer]
        self.log_path = workdir / "swarm.log"
        self._spawned = threading.Event()
        self._spawned_at = 0.0
        self._process: subprocess.Popen[str] | None = None
        self._reader = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> Swarm:
        with self.log_path.open("a", encoding="utf-8") as log:
            self._process = subprocess.Popen(
                self.command, cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True
            )
        self._reader.start()
        return self

    def wait_spawned(self) -> float:
        """The time every user had started (bounded wait)."""
        if not self._spawned.wait(self.users / self.spawn_rate + 60):
            self.stop()
            raise LoadError(f"locust did not start its users:\n{self._log_tail()}")
        return self._spawned_at

    def finish(self) -> Run:
        """Wait for the run's end (bounded) and read its requests."""
        assert self._process is not None
        limit = self.users / self.spawn_rate + self.duration + 120
        try:
            self._process.wait(limit)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            raise LoadError(f"locust ran past {limit:.0f} s:\n{self._log_tail()}") from None
        finally:
            self._reader.join(5)
            if self._process.stdout is not None:
                self._process.stdout.close()
        if self._process.returncode != 0 or not self.out.exists():
            raise LoadError(f"locust failed ({self._process.returncode}):\n{self._log_tail()}")
        data = json.loads(self.out.read_text(encoding="utf-8"))
        meta = data["meta"]
        records = [Req(*row) for row in data["records"]]
        return Run(records, meta["started"], meta["spawned"] or meta["started"], meta["ended"])

    def stop(self) -> Run:
        """End the run now (SIGTERM: the users stop, the requests are written)."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
        return self.finish()

    def run(self) -> Run:
        """Start, wait for the duration, read the requests."""
        self.start()
        self.wait_spawned()
        return self.finish()

    def _watch(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            if line.startswith("SPAWNED "):
                self._spawned_at = float(line.split()[1])
                self._spawned.set()

    def _log_tail(self) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-30:])
