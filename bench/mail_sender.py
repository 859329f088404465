"""The mail sender: mails per second to a local SMTP server, by one sender and by two
competing senders, and the cost of the bell's unread count.

    .venv/bin/python -m bench mail_sender [--mails 300] [--unread 1000] [--uri URI]

A throwaway embedded Neo4j (or ``--uri``, which is wiped) and aiosmtpd on a free port.
``--mails`` notifications for one organisation's user are written, then delivered by the
sender (render, claim under a lease, SMTP, mark sent), once with one sender and once with
two threads competing for the same outbox; every mail must arrive exactly once. Then the
unread count (one query per page view) is timed for a user with ``--unread`` unread
notifications. Figures only; nothing is asserted but the exactly-once count.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections import Counter

from bench._neo4j import database, log
from graph.driver import Graph
from graph.embedded import free_port
from graph.notification_repo import notify_tx
from tests.factories import make_users, make_world
from tests.mail_fixtures import SmtpServer


def _notify(graph: Graph, n: int) -> None:
    def work(tx, *, n: int) -> None:  # type: ignore[no-untyped-def]
        for i in range(n):
            notify_tx(
                tx,
                kind="partnership_request_received",
                link=f"/partenariati/?org=ORG-B#richiesta-{i}",
                params={"from_name": f"Ente {i}", "to_name": "Beta"},
                org_ids=["ORG-B"],
            )

    for start in range(0, n, 500):
        graph.write(work, n=min(500, n - start))


def _run(uri: str, graph: Graph, smtp: SmtpServer, mails: int, senders: int) -> None:
    from app.mail.sender import run_once
    from tests.conftest import make_app

    graph.wipe()
    make_world(graph)
    make_users(graph)
    smtp.clear()
    _notify(graph, mails)
    app = make_app(uri, MAIL_SERVER=smtp.host, MAIL_PORT=smtp.port)
    barrier = threading.Barrier(senders)

    def sender(name: str) -> None:
        with app.app_context():
            barrier.wait()
            run_once(worker=name, deadlines=False)

    started = time.perf_counter()
    threads = [threading.Thread(target=sender, args=(f"s{i}",)) for i in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    received = smtp.wait_for(mails, timeout=60)
    elapsed = time.perf_counter() - started
    ids = Counter(str(m["X-WeCare-Mail-Id"]) for m in received)
    twice = sum(1 for c in ids.values() if c > 1)
    print(
        f"{senders} sender(s): {len(received)} mails in {elapsed:.2f} s = "
        f"{len(received) / elapsed:.0f} mails/s; distinct {len(ids)}, sent twice {twice}"
    )
    with app.app_context():
        from app.extensions import get_graph

        get_graph().close()


def _unread(graph: Graph, unread: int) -> None:
    from app.services import notifications

    graph.wipe()
    make_world(graph)
    users = make_users(graph)
    _notify(graph, unread)
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        count = notifications.unread_count(graph, users.member_b)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        f"unread count of a user with {count} unread: median "
        f"{statistics.median(timings):.2f} ms, p95 {timings[int(len(timings) * 0.95)]:.2f} ms "
        f"(200 reads)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=300)
    parser.add_argument("--unread", type=int, default=1000)
    parser.add_argument("--uri", default=None, help="an external Neo4j (wiped!)")
    args = parser.parse_args(argv)
    smtp = SmtpServer(port=free_port())
    smtp.start()
    try:
        with database(args.uri, heap="1g", page_cache="256m") as graph:
            uri = args.uri or graph.settings.uri
            for senders in (1, 2):
                log(f"{args.mails} mails, {senders} sender(s)")
                _run(uri, graph, smtp, args.mails, senders)
            _unread(graph, args.unread)
    finally:
        smtp.stop()
    return 0
