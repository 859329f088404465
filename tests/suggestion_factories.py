"""A crowd of suggestions: more than two pages of them for ORG-A (tests/factories.py's
world), with the calls loaded."""

from __future__ import annotations

from typing import Any

from graph.driver import Graph
from tests.consortium_factories import load_calls

#: Organisations reachable from ORG-A through its partner, the hub.
CROWD = [f"S{n:02d}" for n in range(1, 26)]


def add_crowd(world: Graph) -> Graph:
    """ORG-A's partner HUB works with 25 organisations of ORG-A's district."""
    load_calls(world)
    rows = [
        {
            "id": org_id,
            "name": f"Soggetto {org_id}",
            "kind": ("ThirdSector", "SME", "PublicBody")[n % 3],
        }
        for n, org_id in enumerate(CROWD)
    ]

    def create_tx(tx: Any) -> None:
        tx.run(
            """
            MATCH (a:Organization {id: 'ORG-A'}), (m:Municipality {istat: '001272'})
            CREATE (h:Organization:PublicBody {id: 'HUB', kind: 'PublicBody',
                    name: 'Comune Hub', non_profit: true})
            CREATE (h)-[:LOCATED_IN]->(m)
            CREATE (a)-[:PARTNER_OF {id: 'PRT-HUB', type: 'informal',
                    since: date('2019-01-01'), source: 'test'}]->(h)
            WITH h, m
            UNWIND $rows AS row
            CREATE (s:Organization {id: row.id, name: row.name, kind: row.kind,
                    non_profit: row.kind <> 'SME', size_class: 'small'})
            CREATE (s)-[:LOCATED_IN]->(m)
            CREATE (s)-[:PARTNER_OF {id: 'PRT-' + row.id, type: 'informal',
                    since: date('2020-01-01'), source: 'test'}]->(h)
            """,
            rows=rows,
        ).consume()
        for kind in ("ThirdSector", "SME", "PublicBody"):
            tx.run(
                f"MATCH (s:Organization {{kind: '{kind}'}}) WHERE s.id STARTS WITH 'S' SET s:{kind}"
            ).consume()

    world.write(create_tx)
    return world
