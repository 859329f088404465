"""Test data and waiting helpers for the network analysis, on top of tests/factories.py."""

from __future__ import annotations

import time
from datetime import date

from app.services import accounts, analysis, analysis_jobs
from app.services.analysis import Outcome
from app.services.analysis_store import Scope
from graph.driver import Graph
from graph.seed_repo import merge_partnerships_tx
from graph.user_repo import get_user_by_email_tx
from tests.consortium_factories import add_organizations
from tests.factories import PASSWORD

#: The staff account the seed-based tests log in with.
SEED_STAFF = "analysis-staff@test.example"


def partnership(
    pid: str, a: str, b: str, kind: str = "joint_project", since: int = 2020, strength: float = 0.5
) -> dict[str, object]:
    """A partnership row as graph.seed_repo.merge_partnerships_tx takes it."""
    return {
        "id": pid,
        "from_id": a,
        "to_id": b,
        "type": kind,
        "since": date(since, 1, 1),
        "until": None,
        "strength": strength,
        "source": "test",
    }


def add_network(graph: Graph) -> None:
    """The organisations of tests/consortium_factories.py (six in DCS01, two in DCS02; one
    partnership, ORG-A - ORG-P since 2020) and five more partnerships in DCS01 across the
    three sectors: six in all."""
    add_organizations(graph)
    graph.write(
        merge_partnerships_tx,
        rows=[
            partnership("P1", "DCS01", "ORG-A", "subsidiarity_pact", 2018, 0.9),
            partnership("P2", "ORG-A", "ORG-B", since=2019),
            partnership("P3", "ORG-B", "ORG-P", "formal_agreement", 2020, 0.7),
            partnership("P4", "ORG-P", "DCS01", since=2021),
            partnership("P5", "ORG-A", "ORG-F", "informal", 2022, 0.2),
        ],
    )


def wait_fresh(graph: Graph, scope: Scope, kind: str = "bundle", timeout: float = 60.0) -> Outcome:
    """Ask for ``scope`` until its results are fresh (background jobs included)."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = analysis.results(graph, scope, kind)
        if outcome.state == "fresh":
            return outcome
        assert time.monotonic() < deadline, f"no fresh result for {scope.key}: {outcome}"
        analysis_jobs.wait_idle(timeout=timeout)


def ensure_seed_staff(graph: Graph) -> None:
    """A staff account on the seeded database (created once per seeding)."""
    if graph.read(get_user_by_email_tx, email=SEED_STAFF) is None:
        accounts.create_user(
            graph, email=SEED_STAFF, name="Analista", password=PASSWORD, role="staff"
        )


def add_consortium(graph: Graph) -> None:
    """Consortium CNS-T for FSE2, led by ORG-A with ORG-B and ORG-P as partners (three of
    add_network's partnerships run among them)."""
    from graph.seed_repo import merge_consortia_tx, merge_memberships_tx
    from tests.consortium_factories import load_calls

    load_calls(graph)
    graph.write(
        merge_consortia_tx,
        rows=[
            {
                "id": "CNS-T",
                "call_code": "FSE2",
                "title": "Rete di prova",
                "status": "funded",
                "year": 2024,
                "district_code": None,
                "district_call_key": None,
                "line": None,
                "budget_eur": None,
            }
        ],
    )
    graph.write(
        merge_memberships_tx,
        rows=[
            {"organization_id": org, "consortium_id": "CNS-T", "role": role, "budget_eur": None}
            for org, role in (("ORG-A", "lead"), ("ORG-B", "partner"), ("ORG-P", "partner"))
        ],
    )
