"""Merging two records of one organisation: ties and memberships move to the survivor in
one transaction (no self-partnership, no double partnership or membership), users and
requests follow, the audit log keeps the undo record, the old address redirects."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from app.services import audit, merge
from graph.driver import Graph
from tests.factories import RoleUsers, logged_in

ADMIN = audit.Actor(user_id="admin-1", email="admin@test.example")


def _run(graph: Graph, query: str, **params: Any) -> list[dict[str, Any]]:
    return graph.write(lambda tx: [r.data() for r in tx.run(query, **params)])


@pytest.fixture
def twins(users: RoleUsers, world: Graph) -> Graph:
    """ORG-A and its duplicate ORG-A2, with partners C and D, consortia K, L and M."""
    _run(
        world,
        """
        MATCH (torino:Municipality {istat: '001272'}), (a:Organization {id: 'ORG-A'})
        MATCH (u:User {email: 'newcomer@test.example'})
        MATCH (ub:User {email: 'member_b@test.example'})
        SET a.description = null
        CREATE (a2:Organization:ThirdSector {id: 'ORG-A2', kind: 'ThirdSector',
                name: 'Alfa Cooperativa Sociale', tax_code: '01234567897',
                description: 'Assistenza agli anziani', non_profit: true})
        CREATE (c:Organization:SME {id: 'ORG-C', kind: 'SME', name: 'Gamma srl'})
        CREATE (d:Organization:PublicBody {id: 'ORG-D', kind: 'PublicBody', name: 'Comune D'})
        CREATE (a2)-[:LOCATED_IN]->(torino), (c)-[:LOCATED_IN]->(torino)
        CREATE (a)-[:PARTNER_OF {id: 'P-AA2', type: 'informal', since: date('2020-01-01')}]->(a2)
        CREATE (a)-[:PARTNER_OF {id: 'P-AC', type: 'formal_agreement',
                since: date('2022-01-01'), strength: 0.4}]->(c)
        CREATE (c)-[:PARTNER_OF {id: 'P-CA2', type: 'joint_project',
                since: date('2019-05-01'), strength: 0.9}]->(a2)
        CREATE (a2)-[:PARTNER_OF {id: 'P-A2D', type: 'informal', since: date('2021-03-01')}]->(d)
        CREATE (k:Consortium {id: 'K', title: 'K', status: 'draft'})
        CREATE (l:Consortium {id: 'L', title: 'L', status: 'draft'})
        CREATE (m:Consortium {id: 'M', title: 'M', status: 'draft'})
        CREATE (a)-[:MEMBER_OF {role: 'partner', budget_eur: 1000,
                budget_lines: '[{"label": "a", "amount_eur": 1000}]'}]->(k)
        CREATE (a2)-[:MEMBER_OF {role: 'lead', budget_eur: 500,
                budget_lines: '[{"label": "b", "amount_eur": 500}]'}]->(k)
        CREATE (a2)-[:MEMBER_OF {role: 'partner', budget_eur: 0, budget_lines: '[]'}]->(l)
        CREATE (u)-[:ACTS_FOR {since: datetime()}]->(a2)
        CREATE (j:JoinRequest {id: 'J1', status: 'pending', created_at: datetime()})
        CREATE (j)-[:BY]->(ub), (j)-[:TO]->(a2)
        CREATE (r:PartnershipRequest {id: 'R1', status: 'pending', pending_key: 'ORG-A2|ORG-C',
                created_at: datetime(), expires_at: datetime() + duration('P30D')})
        CREATE (r)-[:FROM]->(a2), (r)-[:TO]->(c)
        CREATE (i:Invitation {id: 'I1', status: 'pending', role: 'partner',
                pending_key: 'M|ORG-A2', expires_at: datetime() + duration('P30D')})
        CREATE (i)-[:FOR]->(m), (i)-[:TO]->(a2)
        CREATE (a)-[:DISMISSED_SUGGESTION {at: datetime(), by: 'x'}]->(a2)
        CREATE (c)-[:KEPT_SUGGESTION {at: datetime(), by: 'y'}]->(a2)
        """,
    )
    return world


def _partners(graph: Graph, org_id: str) -> list[tuple[str, str]]:
    return sorted(
        (r["other"], r["id"])
        for r in graph.read(
            lambda tx: [
                x.data()
                for x in tx.run(
                    "MATCH (:Organization {id: $id})-[p:PARTNER_OF]-(o) "
                    "RETURN o.id AS other, p.id AS id",
                    id=org_id,
                )
            ]
        )
    )


def test_merge_moves_ties_without_self_loops_or_doubles(twins: Graph) -> None:
    before = twins.read(
        lambda tx: (
            tx.run(
                "MATCH (o:Organization) WHERE o.id IN ['ORG-A', 'ORG-A2'] "
                "MATCH (o)-[:PARTNER_OF]-(x) WHERE NOT x.id IN ['ORG-A', 'ORG-A2'] "
                "WITH collect(DISTINCT x.id) AS partners "
                "MATCH (o:Organization)-[:MEMBER_OF]->(c) WHERE o.id IN ['ORG-A', 'ORG-A2'] "
                "RETURN partners, collect(DISTINCT c.id) AS consortia"
            )
            .single(strict=True)
            .data()
        )
    )

    undo = merge.merge(twins, ADMIN, "ORG-A", "ORG-A2")

    # Partners: the same set (C and D), one tie each, none to itself.
    assert _partners(twins, "ORG-A") == [("ORG-C", "P-AC"), ("ORG-D", "P-A2D")]
    assert sorted(before["partners"]) == ["ORG-C", "ORG-D"]
    assert not _run(twins, "MATCH (o)-[p:PARTNER_OF]->(o) RETURN p.id AS id")
    combined = _run(
        twins,
        "MATCH ()-[p:PARTNER_OF {id: 'P-AC'}]->() RETURN p.since AS since, p.strength AS strength",
    )[0]
    assert str(combined["since"]) == "2019-05-01" and combined["strength"] == 0.9
    assert {e["id"] for e in undo["partnerships"]["dropped"]} == {"P-AA2"}
    assert {e["id"] for e in undo["partnerships"]["combined"]} == {"P-CA2"}
    assert {e["id"] for e in undo["partnerships"]["moved"]} == {"P-A2D"}

    # Memberships: the same consortia, once each; the merged lead makes the survivor lead.
    members = {
        r["c"]: r
        for r in _run(
            twins,
            "MATCH (:Organization {id: 'ORG-A'})"
            "-[r:MEMBER_OF]->(c) RETURN c.id AS c, r.role AS role, "
            "r.budget_eur AS budget, r.budget_lines AS lines",
        )
    }
    assert sorted(members) == sorted(before["consortia"]) == ["K", "L"]
    assert members["K"]["role"] == "lead" and members["K"]["budget"] == 1500
    assert len(json.loads(members["K"]["lines"])) == 2
    assert (
        _run(twins, "MATCH (o)-[r:MEMBER_OF]->(:Consortium {id: 'K'}) RETURN count(r) AS n")[0]["n"]
        == 1
    )

    # The merged record is gone; users, requests, invitations and feedback followed.
    assert not _run(twins, "MATCH (o:Organization {id: 'ORG-A2'}) RETURN o.id AS id")
    moved = _run(
        twins,
        """
        MATCH (a:Organization {id: 'ORG-A'})
        RETURN [(u:User)-[:ACTS_FOR]->(a) | u.email] AS users,
               [(j:JoinRequest)-[:TO]->(a) | j.id] AS joins,
               [(r:PartnershipRequest)-[:FROM]->(a) | r.pending_key] AS requests,
               [(i:Invitation)-[:TO]->(a) | i.pending_key] AS invitations,
               [(a)-[f:DISMISSED_SUGGESTION|KEPT_SUGGESTION]-(o) | o.id] AS feedback,
               a.tax_code AS tax_code, a.description AS description""",
    )[0]
    moved["users"].sort()
    assert moved == {
        "users": ["member_a@test.example", "newcomer@test.example"],
        "joins": ["J1"],
        "requests": ["ORG-A|ORG-C"],
        "invitations": ["M|ORG-A"],
        "feedback": ["ORG-C"],
        "tax_code": "01234567897",
        "description": "Assistenza agli anziani",
    }


def test_merge_is_audited_with_what_undoes_it(twins: Graph) -> None:
    merge.merge(twins, ADMIN, "ORG-A", "ORG-A2")
    events, total = audit.events(twins, page=1, per_page=10, action="organization_merge")
    assert total == 1
    details = events[0]["details"]
    assert events[0]["target_id"] == "ORG-A" and details["merged_id"] == "ORG-A2"
    assert details["merged"]["props"]["name"] == "Alfa Cooperativa Sociale"
    assert details["merged"]["municipality"] == "001272"
    assert [m["consortium"] for m in details["memberships"]["moved"]] == ["L"]
    assert details["memberships"]["combined"][0]["into_before"]["role"] == "partner"
    assert details["users"][0]["already"] is False
    assert details["filled"] == {
        "tax_code": "01234567897",
        "description": "Assistenza agli anziani",
    }


def test_refused_merges_change_nothing(twins: Graph) -> None:
    for survivor, merged, code in (
        ("ORG-A", "ORG-A", "same"),
        ("ORG-A", "NOPE", "not_found"),
        ("DCS01", "ORG-A2", "district"),
    ):
        with pytest.raises(merge.MergeRefused) as refused:
            merge.merge(twins, ADMIN, survivor, merged)
        assert refused.value.code == code
    assert len(_partners(twins, "ORG-A2")) == 3


def test_unknown_ties_roll_the_whole_merge_back(twins: Graph) -> None:
    _run(twins, "MATCH (a2:Organization {id: 'ORG-A2'}) CREATE (a2)-[:SPONSORS]->(:Event)")
    with pytest.raises(merge.MergeRefused) as refused:
        merge.merge(twins, ADMIN, "ORG-A", "ORG-A2")
    assert refused.value.params == {"types": "SPONSORS"}
    assert len(_partners(twins, "ORG-A2")) == 3  # nothing moved
    assert audit.events(twins, page=1, per_page=5, action="organization_merge")[1] == 0


def test_admin_merges_after_confirming_and_the_old_page_redirects(twins: Graph, app: Flask) -> None:
    admin = logged_in(app, "admin")
    page = admin.get("/admin/unisci?survivor=ORG-A&merged=ORG-A2").get_data(as_text=True)
    assert 'id="merge-preview"' in page and "Alfa Cooperativa Sociale" in page
    assert 'name="csrf_token"' in page
    refused = admin.get("/admin/unisci?survivor=ORG-A&merged=ORG-A").get_data(as_text=True)
    assert 'id="merge-problem"' in refused

    member = logged_in(app, "member_a")
    assert (
        member.post("/admin/unisci", data={"survivor": "ORG-A", "merged": "ORG-A2"}).status_code
        == 403
    )

    done = admin.post("/admin/unisci", data={"survivor": "ORG-A", "merged": "ORG-A2"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/organizzazioni/ORG-A")
    old = app.test_client().get("/organizzazioni/ORG-A2")
    assert old.status_code == 301 and old.headers["Location"].endswith("/organizzazioni/ORG-A")
    assert app.test_client().get("/organizzazioni/NEVER").status_code == 404
    # A later merge of the survivor carries the old address along.
    merge.merge(twins, ADMIN, "ORG-C", "ORG-A")
    again = app.test_client().get("/organizzazioni/ORG-A2")
    assert again.headers["Location"].endswith("/organizzazioni/ORG-C")
