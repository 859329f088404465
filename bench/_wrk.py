"""Throughput of single URLs with wrk (Debian's ``wrk`` package), and a bare Flask app
under the same gunicorn settings to compare with."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench._site import USER_AGENT, check_loopback

#: Printed by wrk at the end: counts, duration (us), latency percentiles (us), errors.
_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
"""
BARE_APP = '''"""A bare Flask JSON endpoint: the ceiling of this machine and gunicorn setting."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="ok")
'''


@dataclass(frozen=True)
class WrkResult:
    """Requests, duration, latency percentiles (ms) and errors of one wrk run."""

    url: str
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    errors: int
    detail: str

    @property
    def rps(self) -> float:
        return self.requests / max(self.seconds, 1e-9)


def wrk_path() -> str | None:
    """wrk's path, or None when it is not installed (``apt-get install wrk``)."""
    return shutil.which("wrk")


def run_wrk(
    url: str, *, seconds: float, connections: int, threads: int = 1, headers: Sequence[str] = ()
) -> WrkResult:
    """Run wrk against one loopback URL for ``seconds``."""
    check_loopback(url)
    wrk = wrk_path()
    if wrk is None:
        raise RuntimeError("wrk is not installed")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_DONE)
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        "-H",
        f"User-Agent: {USER_AGENT}",
    ]
    for header in headers:
        command += ["-H", header]
    try:
        done = subprocess.run(
            command + [url], capture_output=True, text=True, timeout=seconds + 60, check=True
        )
    finally:
        Path(script.name).unlink()
    found = re.search(r"^WRK (.+)$", done.stdout, re.MULTILINE)
    if not found:
        raise RuntimeError(f"unexpected wrk output:\n{done.stdout}\n{done.stderr}")
    n, micros, p50, p95, p99, connect, read, write, status, timeout = (
        int(x) for x in found.group(1).split()
    )
    detail = (
        f"non-2xx/3xx {status}, connect {connect}, read {read}, write {write}, timeout {timeout}"
    )
    return WrkResult(
        url,
        n,
        micros / 1e6,
        p50 / 1000,
        p95 / 1000,
        p99 / 1000,
        connect + read + write + status + timeout,
        detail,
    )


def bare_app_dir() -> Path:
    """A temporary folder holding ``bare_flask.py`` (serve it as ``bare_flask:app``)."""
    folder = Path(tempfile.mkdtemp(prefix="bare-flask-"))
    (folder / "bare_flask.py").write_text(BARE_APP, encoding="utf-8")
    return folder
