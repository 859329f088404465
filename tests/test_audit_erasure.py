"""Audit findings 5 and 11: erasure scrubs every copy of the person's name (budget lines
of invitations and memberships, audit entries of other people, JSON-escaped copies), and
the personal-data export includes the audit events about the person and the throttling
record of their account."""

from __future__ import annotations

import json

from app.services import accounts, audit, personal_data
from graph.driver import Graph
from tests.factories import PASSWORD, RoleUsers

NAME = "Nicolò Quintavalle"
ESCAPED = json.dumps(NAME)[1:-1]  # Nicol\u00f2 Quintavalle, as json.dumps writes it


def _copies(graph: Graph, needle: str) -> list[str]:
    """Every node or relationship property holding ``needle`` (lists included)."""
    holds = (
        "any(x IN CASE WHEN {v} IS :: LIST<ANY> THEN {v} ELSE [{v}] END "
        "WHERE toStringOrNull(x) CONTAINS $s)"
    )

    def find_tx(tx):  # type: ignore[no-untyped-def]
        found = []
        test = holds.format(v="n[k]")
        for pattern, what in (("(n)", "head(labels(n))"), ("()-[n]->()", "type(n)")):
            found += [
                f"{r['what']}.{r['k']}"
                for r in tx.run(
                    f"MATCH {pattern} UNWIND keys(n) AS k WITH n, k WHERE {test} "
                    f"RETURN {what} AS what, k",
                    s=needle,
                )
            ]
        return found

    return graph.read(find_tx)


def _person(graph: Graph) -> accounts.CurrentUser:
    user_id = accounts.create_user(graph, email="nicolo@test.example", name=NAME, password=PASSWORD)
    lines = json.dumps(
        [{"label": f"Coordinamento di {NAME}", "amount_eur": 1000}], ensure_ascii=False
    )

    def copies_tx(tx):  # type: ignore[no-untyped-def]
        tx.run(
            """
            MATCH (a:Organization {id: 'ORG-A'}), (b:Organization {id: 'ORG-B'})
            CREATE (c:Consortium {id: 'CNS-X', title: 'x', created_by: $uid})
            CREATE (a)-[:MEMBER_OF {role: 'lead', budget_lines: $lines}]->(c)
            CREATE (i:Invitation {id: 'INV-X', status: 'pending', invited_by: $uid,
                                  budget_lines: $lines})-[:TO]->(b)
            CREATE (i)-[:FOR]->(c)
            """,
            uid=user_id,
            lines=lines,
        ).consume()

    graph.write(copies_tx)
    # Someone else's audit entry quoting the name (JSON details escape the accent).
    audit.record(
        graph,
        audit.Actor("someone-else", "other@test.example"),
        "invitation",
        target_type="consortium",
        target_id="CNS-X",
        details={"budget_lines": [f"Coordinamento di {NAME}"], "who": NAME},
    )
    token = accounts.open_session(graph, user_id, "nicolo@test.example", "10.3.3.3")
    user = accounts.load_session_user(graph, token)
    assert user is not None
    return user


def test_erasure_scrubs_every_copy_of_the_name(users: RoleUsers, world: Graph) -> None:
    user = _person(world)
    assert _copies(world, NAME) and _copies(world, ESCAPED)
    personal_data.erase(world, user, PASSWORD, secret_key="k" * 40)
    assert _copies(world, NAME) == []
    assert _copies(world, ESCAPED) == []
    assert _copies(world, "Quintavalle") == []
    # What was around the name is kept.
    lines = world.read(
        lambda tx: tx.run(
            "MATCH ()-[r:MEMBER_OF]->(:Consortium {id: 'CNS-X'}) RETURN r.budget_lines AS b"
        ).single(strict=True)["b"]
    )
    assert json.loads(lines)[0]["amount_eur"] == 1000
    assert "Coordinamento di [erased]" in lines


def test_erasure_leaves_short_names_of_others_alone(users: RoleUsers, world: Graph) -> None:
    """A name too short to be told from ordinary words is not replaced everywhere."""
    user_id = accounts.create_user(world, email="al@test.example", name="Al", password=PASSWORD)
    token = accounts.open_session(world, user_id, "al@test.example", None)
    user = accounts.load_session_user(world, token)
    assert user is not None
    personal_data.erase(world, user, PASSWORD, secret_key="k" * 40)
    assert (
        world.read(
            lambda tx: tx.run("MATCH (o:Organization {id: 'ORG-A'}) RETURN o.name AS n").single(
                strict=True
            )["n"]
        )
        == "Cooperativa Alfa"
    )


def test_export_includes_events_about_the_person_and_the_throttle(
    users: RoleUsers, world: Graph
) -> None:
    user = _person(world)
    audit.record(
        world,
        audit.Actor(users.admin, "admin@test.example"),
        "role_change",
        target_type="user",
        target_id=user.id,
        details={"role": "staff"},
    )
    assert (
        accounts.authenticate(world, "nicolo@test.example", "wrong", "10.4.4.4")[0]
        is accounts.LoginOutcome.INVALID
    )
    data = personal_data.export(world, user)
    about = [e for e in data["audit_events"] if e.get("action") == "role_change"]
    assert about and about[0]["target_id"] == user.id
    assert "actor_email" not in about[0]  # another person's address is not theirs to get
    throttle = data["login_throttle"]
    assert throttle and throttle[0]["key"] == "account:nicolo@test.example"
    assert len(throttle[0]["failures"]) == 1
    json.dumps(data)  # ready for JSON
