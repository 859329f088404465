"""Claims on the seed network: who a request would mail a claim link to, what the checks cost.

    .venv/bin/python -m bench claims [--uri URI] [--seed 20260] [--claims 500]

Loads the seed network (a throwaway embedded Neo4j unless ``--uri``: that database is
wiped), then prints how many organisations have a contact address and nobody acting for
them (a request or invitation to one of them mails a claim link), the latency of the
check made on every request and invitation (``claim_target_tx``), and of the
administrators' queue with ``--claims`` pending claims. Figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from bench._neo4j import database, log
from graph.claim_repo import claim_target_tx, create_claim_tx, pending_queue_tx
from graph.driver import Graph
from graph.user_repo import create_user_tx


def _timed(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median and 95th percentile of ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def _counts(graph: Graph) -> dict[str, int]:
    return dict(
        graph.read(
            lambda tx: (
                tx.run(
                    """
        MATCH (o:Organization)
        WITH o, NOT EXISTS { (:User)-[:ACTS_FOR|LEADS]->(o) } AS unclaimed
        RETURN count(o) AS organisations, count(o.email) AS with_contact,
               sum(CASE WHEN unclaimed THEN 1 ELSE 0 END) AS nobody_acts,
               sum(CASE WHEN unclaimed AND o.email IS NOT NULL THEN 1 ELSE 0 END)
                   AS would_get_claim_mail
        """
                )
                .single(strict=True)
                .data()
            )
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench claims")
    parser.add_argument("--uri")
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--claims", type=int, default=500)
    args = parser.parse_args(argv)
    from seed.load import load_seed

    with database(args.uri, heap="1g", page_cache="512m") as graph:
        graph.wipe()
        log(f"loading seed {args.seed}")
        load_seed(graph, args.seed)
        counts = _counts(graph)
        for key, value in counts.items():
            print(f"{key:>22}: {value}")
        org_ids = graph.read(
            lambda tx: tx.run(
                "MATCH (o:Organization) RETURN o.id AS id ORDER BY o.id LIMIT 500"
            ).value("id")
        )
        ids = iter(org_ids * 4)
        median, p95 = _timed(lambda: graph.read(claim_target_tx, org_id=next(ids)), 2000)
        print(f"claim check per request/invitation: median {median:.2f} ms, p95 {p95:.2f} ms")
        unclaimed = graph.read(
            lambda tx: tx.run(
                "MATCH (o:Organization) WHERE o.email IS NOT NULL AND "
                "NOT EXISTS { (:User)-[:ACTS_FOR|LEADS]->(o) } RETURN o.id AS id, o.email AS e "
                "LIMIT $n",
                n=args.claims,
            ).data()
        )
        for n, row in enumerate(unclaimed):
            user_id = str(uuid.uuid4())
            graph.write(
                create_user_tx,
                user={
                    "id": user_id,
                    "email": f"bench{n}@claims.example",
                    "name": f"Bench {n}",
                    "role": "member",
                    "password_hash": "x",
                },
            )
            graph.write(
                create_claim_tx,
                request_id=str(uuid.uuid4()),
                user_id=user_id,
                org_id=row["id"],
                contact=row["e"],
                approve=False,
            )
        median, p95 = _timed(lambda: graph.read(pending_queue_tx, limit=500), 50)
        print(
            f"admin queue with {len(unclaimed)} pending claims: "
            f"median {median:.1f} ms, p95 {p95:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
