"""Replay the security and fault audit's probes (issue 17) and print what held.

    .venv/bin/python -m bench audit_replay [--burst 40] [--half-open 6]

Starts a throwaway embedded Neo4j with the test suite's tiny world and one user per
role, then replays:

- a parallel login burst: ``--burst`` wrong passwords for one account at once (at most
  10 may be checked; the rest 429);
- half-open connections: ``--half-open`` connections to gunicorn (the product's
  gunicorn.conf.py, two workers) that begin a request and never finish it, while
  /health is asked three times (it must answer; the audit saw 33 s);
- integer overflow: pages of 4e17 on the directory, /admin/utenti, /admin/registro,
  search and the API, budget lines of 20 digits (4xx or a form error, never a 500);
- hostile JSON: 100,000-deep nesting, a 5,000-digit integer, a lone surrogate (4xx);
- an erasure scan: a person whose name was copied into budget lines and other people's
  audit entries is erased, then every property of the graph is searched for the name,
  e-mail and id (nothing may remain);
- a frozen Neo4j: SIGSTOP, then the seconds until /health answers 503 (promised 2 to
  3 s; the audit saw 16.9 s), then SIGCONT and the seconds until it answers 200 again.

Figures are printed; nothing is asserted (the tests assert the behaviour).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench._load import Gunicorn
from bench._neo4j import embedded, log
from config import TestConfig
from graph.driver import Graph, GraphSettings
from graph.schema import apply_migrations

ROWS: list[tuple[str, str, str, bool]] = []


def _row(probe: str, expected: str, observed: str, held: bool) -> None:
    ROWS.append((probe, expected, observed, held))
    log(f"{probe}: {observed} ({'held' if held else 'NOT HELD'})")


def _get(url: str, timeout: float = 30.0) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        status = int(exc.code)
    except OSError:
        status = 0
    return status, time.monotonic() - started


def _login_burst(app: Any, burst: int) -> None:
    from tests.factories import login_from

    def attempt(n: int) -> int:
        return login_from(app, f"10.1.{n // 200}.{n % 200}", "staff@test.example", f"wrong{n}")

    with ThreadPoolExecutor(max_workers=min(burst, 20)) as pool:
        codes = list(pool.map(attempt, range(burst)))
    checked, refused = codes.count(200), codes.count(429)
    _row(
        "parallel login burst",
        "at most 10 checked, the rest 429",
        f"{checked} checked, {refused} x 429, others {len(codes) - checked - refused}",
        checked <= 10 and refused == burst - checked,
    )


def _half_open(server: Gunicorn, count: int) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    stalled = []
    for n in range(count):
        sock = socket.create_connection((host, int(port)))
        if n % 2 == 0:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # never finished
        stalled.append(sock)
    try:
        answers = [_get(server.url + "/health", timeout=40) for _ in range(3)]
    finally:
        for sock in stalled:
            sock.close()
    worst = max(seconds for _, seconds in answers)
    _row(
        f"{count} half-open connections",
        "/health answers 200 at once",
        f"statuses {[s for s, _ in answers]}, slowest {worst:.2f} s",
        all(s == 200 for s, _ in answers) and worst < 5,
    )


def _overflow(app: Any) -> None:
    from tests.factories import login

    client = app.test_client()
    login(client, "admin")
    huge = "400000000000000000"
    statuses = {
        path: client.get(f"{path}?page={huge}").status_code
        for path in (
            "/organizzazioni/",
            "/admin/utenti",
            "/admin/registro",
            "/cerca/",
            "/api/v1/organizations",
        )
    }
    _row(
        "page=4e17",
        "4xx everywhere",
        json.dumps(statuses),
        all(400 <= s < 500 for s in statuses.values()),
    )
    response = client.post(
        "/bandi/nuovo",
        data={"code": "BIG1", "title_it": "Grande", "title_en": "Big", "budget_eur": "9" * 20},
    )
    _row(
        "20-digit call budget",
        "a form error (200), not a 500",
        str(response.status_code),
        response.status_code == 200,
    )


def _hostile_json(app: Any, graph: Graph, user_id: str) -> None:
    from tests.factories import make_api_token

    token = make_api_token(graph, user_id)
    bodies = {
        "100,000-deep nesting": b"[" * 100_000 + b"]" * 100_000,
        "5,000-digit integer": b'{"from_org": "ORG-A", "to_org": ' + b"9" * 5000 + b"}",
        "lone surrogate": b'{"from_org": "ORG-A", "to_org": "ORG-B", "type": "informal", '
        b'"message": "\\ud800"}',
    }
    for name, body in bodies.items():
        status = (
            app.test_client()
            .post(
                "/api/v1/partnerships",
                data=body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            .status_code
        )
        _row(f"JSON: {name}", "4xx", str(status), 400 <= status < 500)


def _erasure_scan(graph: Graph) -> None:
    from app.services import accounts, audit, personal_data

    name, email = "Nicolò Quintavalle", "nicolo@bench.example"
    user_id = accounts.create_user(graph, email=email, name=name, password="x" * 12)
    lines = json.dumps(
        [{"label": f"Coordinamento di {name}", "amount_eur": 1000}], ensure_ascii=False
    )
    graph.write(
        lambda tx: tx.run(
            "MATCH (a:Organization {id: 'ORG-A'}) CREATE (c:Consortium {id: 'CNS-B', "
            "created_by: $u}) CREATE (a)-[:MEMBER_OF {role: 'lead', budget_lines: $l}]->(c) "
            "CREATE (:Invitation {id: 'INV-B', invited_by: $u, budget_lines: $l})",
            u=user_id,
            l=lines,
        ).consume()
    )
    audit.record(
        graph, audit.Actor("other", "other@bench.example"), "invitation", details={"who": name}
    )
    token = accounts.open_session(graph, user_id, email, "10.9.9.9")
    user = accounts.load_session_user(graph, token)
    assert user is not None
    personal_data.erase(graph, user, "x" * 12, secret_key="bench-" * 8)
    needles = [name, json.dumps(name)[1:-1], email, user_id, "10.9.9.9"]
    holds = (
        "any(x IN CASE WHEN n[k] IS :: LIST<ANY> THEN n[k] ELSE [n[k]] END "
        "WHERE toStringOrNull(x) CONTAINS s)"
    )
    found = graph.read(
        lambda tx: tx.run(
            f"UNWIND $needles AS s CALL (s) {{ MATCH (n) UNWIND keys(n) AS k WITH n, k "
            f"WHERE {holds} RETURN count(*) AS nodes }} "
            f"CALL (s) {{ MATCH ()-[n]->() UNWIND keys(n) AS k WITH n, k WHERE {holds} "
            "RETURN count(*) AS rels } RETURN sum(nodes + rels) AS n",
            needles=needles,
        ).single(strict=True)["n"]
    )
    _row(
        "erasure scan",
        "no property holds the name, e-mail, id or address",
        f"{found} properties",
        found == 0,
    )


def _frozen(server: Gunicorn, neo4j_pid: int) -> None:
    time.sleep(1.5)  # past HEALTH_MAX_AGE: /health asks Neo4j again
    os.kill(neo4j_pid, signal.SIGSTOP)
    try:
        time.sleep(1.5)
        first = _get(server.url + "/health", timeout=60)
        second = _get(server.url + "/health", timeout=60)
    finally:
        os.kill(neo4j_pid, signal.SIGCONT)
    started = time.monotonic()
    while _get(server.url + "/health", timeout=10)[0] != 200 and time.monotonic() - started < 60:
        time.sleep(0.2)
    back = time.monotonic() - started
    _row(
        "Neo4j frozen (SIGSTOP)",
        "503 within 2-3 s",
        f"{first[0]} after {first[1]:.1f} s, then {second[0]} after {second[1]:.1f} s; "
        f"200 again {back:.1f} s after SIGCONT",
        first[0] == 503 and first[1] <= 3.5 and second[0] == 503,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench audit_replay",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--burst", type=int, default=40)
    parser.add_argument("--half-open", type=int, default=6)
    args = parser.parse_args(argv)

    from app import create_app
    from tests.factories import make_users, make_world

    with embedded(heap="1g", page_cache="256m") as neo4j:
        graph = Graph(GraphSettings(uri=neo4j.uri))
        apply_migrations(graph)
        make_world(graph)
        users = make_users(graph)
        from tests.consortium_factories import load_calls

        load_calls(graph)
        app = create_app(type("ReplayConfig", (TestConfig,), {"NEO4J_URI": neo4j.uri}))
        _login_burst(app, args.burst)
        _overflow(app)
        _hostile_json(app, graph, users.member_a)
        _erasure_scan(graph)
        log_path = Path(tempfile.mkstemp(prefix="audit-replay-", suffix=".log")[1])
        server = Gunicorn(neo4j.uri, workers=2, log_path=log_path)
        server.start()
        try:
            _half_open(server, args.half_open)
            assert neo4j._process is not None
            _frozen(server, neo4j._process.pid)
        finally:
            server.stop()
            graph.close()
    width = max(len(r[0]) for r in ROWS)
    print(f"\n{'probe':<{width}}  held  observed (expected)")
    for probe, expected, observed, held in ROWS:
        print(f"{probe:<{width}}  {'yes ' if held else 'NO  '}  {observed} ({expected})")
    print(f"\n{sum(r[3] for r in ROWS)} of {len(ROWS)} probes held")
    return 0 if all(r[3] for r in ROWS) else 1
