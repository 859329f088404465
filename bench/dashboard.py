"""Benchmark: time to the staff dashboard's first result on the seed network, cold and warm.

Run ``python -m bench.dashboard [--repeat 5] [--uri bolt://...]``. A throwaway embedded
Neo4j (or ``--uri``, whose data is wiped) gets the seed network and a staff account; the
app answers through Flask's test client, so each figure includes routing, access checks,
Neo4j reads and template rendering, and excludes the network. Figures are printed;
nothing is asserted.

- cold: no cached result. The first request starts the background job and answers at
  once with the progress page; the time to the first result is until the page, polling
  the job as the browser does, shows the results.
- stale: after a write to the network, the same, while the old results are on show.
- warm: the dashboard, the network view's data and an export served from the cache.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask.testing import FlaskClient

from app import create_app
from config import TestConfig
from graph.analysis_cache_repo import clear_cache_tx
from graph.driver import Graph, GraphSettings
from graph.embedded import EmbeddedNeo4j, free_port
from graph.schema import apply_migrations
from graph.seed_repo import merge_partnerships_tx
from seed.load import load_seed

STAFF, PASSWORD = "bench-staff@example.org", "bench-password-2026"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", help="use this Neo4j (its data is wiped!)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each warm request")
    args = parser.parse_args(argv)
    with _database(args.uri) as uri:
        graph = Graph(GraphSettings(uri=uri, connection_timeout=10, max_retry_time=30))
        graph.wipe()
        apply_migrations(graph)
        counts = load_seed(graph, 20260)
        print(
            f"seed: {counts['organizations']} organisations, {counts['partnerships']} partnerships"
        )
        client = _staff_client(uri, graph)
        client.get("/analisi/?distretto=DCS12")  # plans the queries of a fresh database
        graph.write(clear_cache_tx)
        _cold(client, "cold (no cache)")
        graph.write(
            merge_partnerships_tx,
            rows=[
                {
                    "id": "BENCH-1",
                    "from_id": "DCS01",
                    "to_id": "DCS12",
                    "type": "informal",
                    "since": None,
                    "until": None,
                    "strength": 0.5,
                    "source": "bench",
                }
            ],
        )
        _cold(client, "stale (after a write)")
        for label, path in (
            ("dashboard", "/analisi/"),
            ("network data", "/analisi/rete/dati"),
            ("network page", "/analisi/rete"),
            ("district (inline)", "/analisi/?distretto=DCS12"),
            ("GEXF export", "/analisi/esporta/gexf"),
            ("metrics CSV", "/analisi/esporta/metriche-csv"),
        ):
            _warm(client, label, path, args.repeat)
        graph.write(clear_cache_tx)
        _warm(client, "district, cold", "/analisi/?distretto=DCS12", 1)
        graph.close()
    return 0


@contextmanager
def _database(uri: str | None) -> Iterator[str]:
    if uri:
        yield uri
        return
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder:
        server = EmbeddedNeo4j(
            data_dir=Path(folder), port=free_port(), heap="1g", page_cache="512m"
        )
        with server:
            yield server.uri


def _staff_client(uri: str, graph: Graph) -> FlaskClient:
    from app.services import accounts

    accounts.create_user(graph, email=STAFF, name="Bench", password=PASSWORD, role="staff")
    app = create_app(type("BenchConfig", (TestConfig,), {"NEO4J_URI": uri}))
    client = app.test_client()
    assert client.post("/accedi", data={"email": STAFF, "password": PASSWORD}).status_code == 302
    return client


def _timed(work: Callable[[], str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _cold(client: FlaskClient, label: str) -> None:
    """First request, then poll the job as the page's script does, then the results page."""
    started = time.perf_counter()
    first, page = _timed(lambda: client.get("/analisi/").get_data(as_text=True))
    url = page.split('data-status-url="', 1)[1].split('"', 1)[0]
    polls = 0
    while True:
        job = client.get(url).get_json()
        polls += 1
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.05)
    last, page = _timed(lambda: client.get("/analisi/").get_data(as_text=True))
    total = time.perf_counter() - started
    assert 'id="district-table"' in page, "the results page has no district table"
    print(
        f"{label:<24} first answer {first * 1000:6.0f} ms, job {job['state']} after "
        f"{polls} polls, results page {last * 1000:4.0f} ms: first result in "
        f"{total:.2f} s"
    )


def _warm(client: FlaskClient, label: str, path: str, repeat: int) -> None:
    times = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        size = len(response.data)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    print(
        f"{label:<24} median {statistics.median(times) * 1000:6.1f} ms, "
        f"best {min(times) * 1000:6.1f} ms ({size / 1024:,.0f} kB)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
