"""Test data for the consortium builder, on top of tests/factories.py's tiny world."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.services import accounts, audit, consortia
from graph.driver import Graph
from graph.seed_repo import merge_calls_tx, merge_themes_tx
from graph.user_repo import link_user_organization_tx
from seed.reference import call_node_row, calls, themes
from tests.factories import PASSWORD


def open_calls(today: date | None = None) -> list[dict[str, Any]]:
    """The seed's calls with every deadline moved on by whole years until the first one
    is at least a month after ``today``: deadlines are enforced, and the tests must not
    depend on the day they run (the seed's own dates are those of the 2026 edition)."""
    found = calls()
    today = today or date.today()
    first = min(
        date.fromisoformat(p["deadline"]) for c in found for p in c["phases"] if p.get("deadline")
    )
    years = 0
    while (first.replace(year=first.year + years) - today).days < 30:
        years += 1
    for call in found:
        for phase in call["phases"]:
            if phase.get("deadline"):
                day = date.fromisoformat(phase["deadline"])
                phase["deadline"] = day.replace(year=day.year + years).isoformat()
    return found


def load_calls(graph: Graph, *, today: date | None = None) -> None:
    """The five calls and their themes as the seed loads them, their deadlines ahead of
    ``today`` (see :func:`open_calls`)."""
    graph.write(merge_themes_tx, rows=themes())
    graph.write(merge_calls_tx, rows=[call_node_row(call) for call in open_calls(today)])


def add_organizations(graph: Graph) -> None:
    """A public body, a second third-sector organisation and a foundation in DCS01; a
    second district with one public body; themes for Alfa."""

    def create_tx(tx: Any) -> None:
        tx.run(
            """
            MATCH (m1:Municipality {istat: '001272'}), (m2:Municipality {istat: '001191'})
            CREATE (p:Organization:PublicBody {id: 'ORG-P', kind: 'PublicBody',
                    name: 'Comune di Prova', non_profit: true, fictional: true})
            CREATE (c:Organization:ThirdSector {id: 'ORG-C', kind: 'ThirdSector',
                    name: 'Associazione Gamma', non_profit: true, fictional: true})
            CREATE (f:Organization:Foundation {id: 'ORG-F', kind: 'Foundation',
                    name: 'Fondazione Delta', non_profit: true, fictional: true})
            CREATE (p)-[:LOCATED_IN]->(m1), (c)-[:LOCATED_IN]->(m2), (f)-[:LOCATED_IN]->(m1)
            CREATE (d2:Organization:District {id: 'DCS02', code: 'DCS02', kind: 'District',
                    name: 'Distretto Secondo', province: 'CN'})
            CREATE (m3:Municipality {istat: '004078', name: 'Cuneo', province: 'CN'})
            CREATE (m3)-[:IN_DISTRICT]->(d2), (d2)-[:LOCATED_IN]->(m3)
            CREATE (q:Organization:PublicBody {id: 'ORG-Q', kind: 'PublicBody',
                    name: 'Comune di Cuneo', non_profit: true, fictional: true})
            CREATE (q)-[:LOCATED_IN]->(m3)
            WITH p, c
            MATCH (a:Organization {id: 'ORG-A'}), (t:Theme {code: 'proximity_assistance'})
            MERGE (a)-[:WORKS_ON]->(t)
            CREATE (a)-[:PARTNER_OF {id: 'PRT-T1', type: 'informal', since: date('2020-01-01'),
                    source: 'test'}]->(p)
            """
        ).consume()

    graph.write(create_tx)


def add_member(graph: Graph, key: str, org_id: str) -> str:
    """A member user ``key``@test.example acting for ``org_id``."""
    user_id = accounts.create_user(
        graph, email=f"{key}@test.example", name=key.title(), password=PASSWORD, role="member"
    )
    graph.write(link_user_organization_tx, user_id=user_id, org_id=org_id)
    return user_id


def count(graph: Graph, query: str, **params: Any) -> int:
    """The single number a counting query returns."""
    return int(graph.read(lambda tx: tx.run(query, **params).single(strict=True)[0]))


def consortium_led_by(
    graph: Graph, actor_id: str, lead_id: str, *, call_code: str = "FSE1", title: str = "Prova"
) -> str:
    """A draft consortium of ``call_code`` (no line) led by ``lead_id``, created through the
    service by the user ``actor_id``; its id."""
    lead = consortia.find_lead(graph, lead_id)
    assert lead is not None
    return consortia.create_consortium(
        graph, audit.Actor(actor_id), call_code=call_code, lead=lead, title=title, line=None
    )


def post_invitation(
    client: FlaskClient, cid: str, org_id: str, role: str = "partner", **lines: str
) -> TestResponse:
    """Post the invitation form of consortium ``cid``: ``org_id`` as ``role``, with one
    budget line per ``label=amount``."""
    data = {"org_id": org_id, "role": role}
    for index, (label, amount) in enumerate(lines.items()):
        data[f"lines-{index}-label"] = label
        data[f"lines-{index}-amount"] = amount
    return client.post(f"/consorzi/{cid}/invita", data=data)
