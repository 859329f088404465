"""Starts and stops the embedded Neo4j (the Maven-built launcher) as a child process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

LAUNCHER_DIR = Path(__file__).resolve().parent.parent / "neo4j-launcher"
MAIN_CLASS = "it.wecare.neo4j.Launcher"


class EmbeddedNeo4jError(RuntimeError):
    """The embedded database could not be started (port taken, launcher not built...)."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now (for throwaway test databases)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class EmbeddedNeo4j:
    """One embedded Neo4j process with its data in ``data_dir``, Bolt on ``host:port``.

    The launcher is started with ``--stop-on-eof`` and its standard input is a pipe
    held by this process: if we die, the pipe closes and the database shuts down
    cleanly instead of lingering as an orphan.
    """

    data_dir: Path
    port: int = 7687
    host: str = "127.0.0.1"
    page_cache: str = "512m"
    heap: str = "1g"
    launcher_dir: Path = LAUNCHER_DIR
    _process: subprocess.Popen[str] | None = field(default=None, init=False, repr=False)
    _stderr: deque[str] = field(default_factory=lambda: deque(maxlen=40), init=False, repr=False)
    _readers: list[threading.Thread] = field(default_factory=list, init=False, repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def classpath(self) -> str:
        target = self.launcher_dir / "target"
        if not (target / "classes").is_dir() or not (target / "lib").is_dir():
            raise EmbeddedNeo4jError(
                f"the Neo4j launcher is not built in {target}: run `make launcher`"
            )
        return f"{target / 'classes'}{os.pathsep}{target / 'lib' / '*'}"

    def start(self, timeout: float = 180.0) -> str:
        """Start the database and return its Bolt URI once it accepts queries."""
        if self.running:
            return self.uri
        command = [
            "java",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-cp",
            self.classpath(),
            MAIN_CLASS,
            "--data-dir",
            str(self.data_dir),
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--page-cache",
            self.page_cache,
            "--stop-on-eof",
        ]
        self._stderr.clear()
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # Ctrl-C reaches us only; we stop Neo4j in order.
        )
        self._process = process
        ready = threading.Event()
        outcome: list[bool] = []
        self._readers = [
            threading.Thread(target=self._watch_stdout, args=(process, ready, outcome)),
            threading.Thread(target=self._drain_stderr, args=(process,)),
        ]
        for reader in self._readers:
            reader.daemon = True
            reader.start()
        if not ready.wait(timeout) or outcome != [True]:
            self.stop()  # also waits for the launcher's last error line
            raise EmbeddedNeo4jError(self._failure_reason(timeout))
        return self.uri

    def stop(self, timeout: float = 60.0) -> None:
        """Shut the database down cleanly (SIGTERM, which checkpoints), killing it if stuck."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for reader in self._readers:
            reader.join(5)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream:
                stream.close()
        self._process = None

    def __enter__(self) -> EmbeddedNeo4j:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _watch_stdout(
        self, process: subprocess.Popen[str], ready: threading.Event, outcome: list[bool]
    ) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("NEO4J_READY") and not outcome:
                outcome.append(True)
                ready.set()
        if not outcome:  # the output ended before the ready line: the start failed
            outcome.append(False)
            ready.set()

    def _drain_stderr(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self._stderr.append(line.rstrip())

    def _failure_reason(self, timeout: float) -> str:
        errors = [line for line in self._stderr if line.startswith("NEO4J_ERROR")]
        if errors:
            return errors[-1].removeprefix("NEO4J_ERROR ").strip()
        tail = "\n".join(self._stderr) or "no output"
        return f"Neo4j did not report ready within {timeout:.0f} s: {tail}"
