"""The analysis process does not outlive a web process killed without warning."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from config import BASE_DIR

_WEB_PROCESS = """
import multiprocessing, time
from app.services import analysis_jobs
analysis_jobs._executor().submit(analysis_jobs._nothing).result()
print(*[child.pid for child in multiprocessing.active_children()], flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines() if line.startswith("State:"))
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "Z" not in state.split()[1]


def test_analysis_process_exits_when_its_web_process_is_killed() -> None:
    web = subprocess.Popen(
        [sys.executable, "-c", _WEB_PROCESS], cwd=BASE_DIR, stdout=subprocess.PIPE, text=True
    )
    try:
        assert web.stdout is not None
        children = [int(pid) for pid in web.stdout.readline().split()]
        assert children and all(_alive(pid) for pid in children)
    finally:
        os.kill(web.pid, signal.SIGKILL)
        web.wait()
        if web.stdout is not None:
            web.stdout.close()
    deadline = time.monotonic() + 60  # a bound on waiting, not a speed requirement
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not any(_alive(pid) for pid in children)


def test_analysis_process_runs_at_a_lower_priority() -> None:
    """Its niceness is ours plus NICENESS: requests get the CPU first."""
    from app.services import analysis_jobs

    ours = os.nice(0)
    theirs = analysis_jobs._executor().submit(os.nice, 0).result(timeout=60)
    assert theirs == min(ours + analysis_jobs.NICENESS, 19)
