"""A newcomer's first commands: Maven's output without colour codes (the audit's stray
escape sequences), and `make run` on the production server."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _launcher_command() -> str:
    """The Maven command `make launcher` runs, as make prints it (nothing is built)."""
    out = subprocess.run(
        ["make", "-n", "-W", "neo4j-launcher/pom.xml", "launcher"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = out.replace("\\\n", " ").splitlines()  # continued recipe lines joined
    return next(line for line in lines if " mvn " in f" {line}")


def test_maven_prints_no_colour_codes() -> None:
    command = _launcher_command().replace(" package", " validate").replace(" --quiet", "")
    assert "--batch-mode" in command and "-Dstyle.color=never" in command
    result = subprocess.run(
        ["bash", "-c", command + " -o"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    assert "Scanning for projects" in output
    assert "\x1b" not in output


def test_make_run_serves_with_gunicorn() -> None:
    serve = " ".join((ROOT / "serve.py").read_text(encoding="utf-8").split())
    assert '"gunicorn", "--config", "gunicorn.conf.py"' in serve
    conf = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert 'worker_class = "gthread"' in conf
