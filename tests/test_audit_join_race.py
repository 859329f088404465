"""Audit finding 10: concurrent join requests for one user and organisation leave one
pending request (a uniqueness constraint on the pending pair, not check-then-create)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from app.services import audit, memberships
from graph.driver import Graph
from graph.schema import schema_names
from tests.factories import RoleUsers


def _pending(graph: Graph) -> int:
    return graph.read(
        lambda tx: tx.run(
            "MATCH (r:JoinRequest {status: 'pending'})-[:TO]->(:Organization {id: 'ORG-A'}) "
            "RETURN count(r) AS n"
        ).single(strict=True)["n"]
    )


def test_twenty_concurrent_join_requests_make_one(users: RoleUsers, world: Graph) -> None:
    actor = audit.Actor(users.newcomer, "newcomer@test.example")
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(
            pool.map(lambda _: memberships.request_to_join(world, actor, "ORG-A"), range(20))
        )
    assert _pending(world) == 1
    assert outcomes.count("created") == 1
    assert set(outcomes) <= {"created", "pending"}


def test_a_decided_request_frees_the_pair(users: RoleUsers, world: Graph) -> None:
    assert "join_request_pending_key" in schema_names(world)
    actor = audit.Actor(users.newcomer, "newcomer@test.example")
    assert memberships.request_to_join(world, actor, "ORG-A") == "created"
    request_id = world.read(
        lambda tx: tx.run("MATCH (r:JoinRequest) RETURN r.id AS id").single(strict=True)["id"]
    )
    assert memberships.decide(
        world, audit.Actor(users.member_a), "ORG-A", request_id, approve=False
    )
    assert memberships.request_to_join(world, actor, "ORG-A") == "created"
    assert _pending(world) == 1
