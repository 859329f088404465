"""The recommender on a small hand-built graph: eligibility, ranking, reasons, as_of."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale

from app.services import gaps, recommend
from app.services.recommend_reasons import Reason
from app.wording.reasons import reason_text
from graph.driver import Graph
from seed.reference import call_node_row, calls
from tests.factories import RoleUsers, login


@pytest.fixture
def network(world: Graph) -> Graph:
    """ORG-A's partners P1 (2019) and P2 (2020); C1 knows both; C2 (a neighbouring
    district) knows P1; C3 (far away) knows P2 and shared a past project with ORG-A;
    X is already ORG-A's partner; L is a local organisation with no ties."""
    rows = [call_node_row(call) for call in calls()]

    def create_tx(tx: Any) -> None:
        tx.run(
            """
            UNWIND $rows AS row
            CREATE (c:Call) SET c = row { .*, themes: null }
            """,
            rows=rows,
        ).consume()
        tx.run(
            """
            MATCH (d1:District {code: 'DCS01'})
            MATCH (torino:Municipality {istat: '001272'})
            MATCH (pinerolo:Municipality {istat: '001191'})
            MATCH (prox:Theme {code: 'proximity_assistance'})
            MATCH (gov:Theme {code: 'local_governance'})
            MATCH (a:Organization {id: 'ORG-A'})
            CREATE (d2:Organization:District {id: 'DCS02', code: 'DCS02', kind: 'District',
                    name: 'Distretto Due'}),
                   (d3:Organization:District {id: 'DCS03', code: 'DCS03', kind: 'District',
                    name: 'Distretto Tre'}),
                   (chieri:Municipality {istat: '001078', name: 'Chieri', province: 'TO'}),
                   (cuneo:Municipality {istat: '004078', name: 'Cuneo', province: 'CN'})
            CREATE (chieri)-[:IN_DISTRICT]->(d2), (cuneo)-[:IN_DISTRICT]->(d3),
                   (d2)-[:LOCATED_IN]->(chieri), (d3)-[:LOCATED_IN]->(cuneo),
                   (d1)-[:NEIGHBOUR_OF]->(d2)
            CREATE (a)-[:WORKS_ON]->(prox)
            CREATE (p1:Organization:PublicBody {id: 'P1', kind: 'PublicBody',
                    name: 'Comune di Uno'}),
                   (p2:Organization:ThirdSector {id: 'P2', kind: 'ThirdSector',
                    name: 'Associazione Due', non_profit: true}),
                   (c1:Organization:SME {id: 'C1', kind: 'SME', name: 'Gamma srl',
                    size_class: 'small', non_profit: false}),
                   (c2:Organization:ThirdSector {id: 'C2', kind: 'ThirdSector',
                    name: 'Delta ODV', non_profit: true}),
                   (c3:Organization:Foundation {id: 'C3', kind: 'Foundation',
                    name: 'Fondazione Epsilon', non_profit: true}),
                   (x:Organization:ThirdSector {id: 'X', kind: 'ThirdSector',
                    name: 'Già Partner APS', non_profit: true}),
                   (l:Organization:ThirdSector {id: 'L', kind: 'ThirdSector',
                    name: 'Locale APS', non_profit: true})
            CREATE (p1)-[:LOCATED_IN]->(torino), (p2)-[:LOCATED_IN]->(pinerolo),
                   (c1)-[:LOCATED_IN]->(pinerolo), (c2)-[:LOCATED_IN]->(chieri),
                   (c3)-[:LOCATED_IN]->(cuneo), (x)-[:LOCATED_IN]->(torino),
                   (l)-[:LOCATED_IN]->(torino)
            CREATE (c1)-[:WORKS_ON]->(prox), (c2)-[:WORKS_ON]->(gov), (l)-[:WORKS_ON]->(prox)
            CREATE (a)-[:PARTNER_OF {id: 'T1', since: date('2019-03-01')}]->(p1),
                   (a)-[:PARTNER_OF {id: 'T2', since: date('2020-03-01')}]->(p2),
                   (a)-[:PARTNER_OF {id: 'T3', since: date('2018-03-01')}]->(x),
                   (x)-[:PARTNER_OF {id: 'T4', since: date('2018-05-01')}]->(p1),
                   (c1)-[:PARTNER_OF {id: 'T5', since: date('2019-05-01')}]->(p1),
                   (c1)-[:PARTNER_OF {id: 'T6', since: date('2021-05-01')}]->(p2),
                   (c2)-[:PARTNER_OF {id: 'T7', since: date('2022-05-01')}]->(p1),
                   (c3)-[:PARTNER_OF {id: 'T8', since: date('2018-05-01')}]->(p2)
            CREATE (k:Consortium {id: 'K-OLD', title: 'Rete di prossimità', call_code: 'FSE2',
                    year: 2021, status: 'closed'})
            CREATE (a)-[:MEMBER_OF {role: 'lead'}]->(k), (c3)-[:MEMBER_OF {role: 'associate'}]->(k)
            """
        ).consume()

    world.write(create_tx)
    return world


def _ids(found: list[recommend.Suggestion]) -> list[str]:
    return [s.org_id for s in found]


def _english(app: Flask, reasons: list[Reason]) -> list[str]:
    """The reasons in English, worded as a command would (app context, no request)."""
    with app.app_context(), force_locale("en"):
        return [reason_text(r) for r in reasons]


def test_partners_for_an_organisation(app: Flask, network: Graph) -> None:
    found = recommend.recommend_for_organization(network, "ORG-A", limit=20)
    ids = _ids(found)
    assert ids[:3] == ["C1", "C3", "C2"]
    assert not {"ORG-A", "P1", "P2", "X"} & set(ids)  # itself and its partners never
    assert "L" in ids  # a local organisation without ties still has a place
    first = found[0]
    assert (first.name, first.kind, first.sector, first.role) == (
        "Gamma srl",
        "SME",
        "business",
        None,
    )
    assert _english(app, first.reasons) == [
        "has worked with your partners Associazione Due and Comune di Uno since 2019",
        "works on proximity assistance",
        "is based in the same district (Distretto della Coesione Sociale di Prova)",
    ]
    third = next(s for s in found if s.org_id == "C3")
    assert "took part in the project “Rete di prossimità” (FSE2, 2021) with Cooperativa Alfa" in (
        _english(app, third.reasons)
    )
    assert {s.ranker for s in found} == {"formula"}  # no model trained on this network
    near = next(s for s in found if s.org_id == "C2")
    assert near.reasons[-1].code == "neighbour_district"
    assert all(a.score >= b.score for a, b in zip(found, found[1:], strict=False))


def test_only_organisations_eligible_for_the_call(network: Graph) -> None:
    found = recommend.recommend_for_organization(network, "ORG-A", call_code="FSE3")
    assert _ids(found) == ["C1", "ORG-B"]  # FSE3 admits SMEs only
    assert {s.role for s in found} == {"partner"}
    assert recommend.recommend_for_organization(network, "ORG-A", call_code="NOPE") == []
    assert recommend.recommend_for_organization(network, "NOBODY") == []


def test_as_of_sees_the_network_of_that_date(network: Graph) -> None:
    then = recommend.recommend_for_organization(network, "ORG-A", as_of=date(2020, 1, 1), limit=20)
    assert "P2" in _ids(then)  # not yet a partner in 2019
    gamma = next(s for s in then if s.org_id == "C1")
    assert gamma.reasons[0].params["names"] == ["Comune di Uno"]  # its tie to P2 came later
    delta = next(s for s in then if s.org_id == "C2")  # its tie to P1 came in 2022
    assert [r.code for r in delta.reasons] == ["neighbour_district"]


def _draft(graph: Graph, *, invite: str | None = "L") -> None:
    def create_tx(tx: Any) -> None:
        tx.run(
            """
            MATCH (call:Call {code: 'FSE2'}), (a:Organization {id: 'ORG-A'})
            MATCH (d:District {code: 'DCS01'})
            CREATE (c:Consortium {id: 'K-NEW', call_code: 'FSE2', title: 'Nuovo', year: 2026,
                                  status: 'draft'})
            CREATE (c)-[:FOR_CALL]->(call), (c)-[:IN_DISTRICT]->(d),
                   (a)-[:MEMBER_OF {role: 'lead'}]->(c)
            WITH c
            OPTIONAL MATCH (o:Organization {id: $invite})
            FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
                CREATE (i:Invitation {id: 'I1', status: 'pending'})
                CREATE (i)-[:FOR]->(c), (i)-[:TO]->(o))
            """,
            invite=invite,
        ).consume()

    graph.write(create_tx)


def test_partners_for_a_consortium(app: Flask, network: Graph) -> None:
    _draft(network)
    found = recommend.recommend_for_consortium(network, "K-NEW", limit=20)
    ids = _ids(found)
    assert not {"ORG-A", "L"} & set(ids)  # members and invitees never
    assert ids[0] == "P1"  # a partner of the lead, of the missing public sector
    p1 = found[0]
    assert p1.role == "partner"
    codes = [r.code for r in p1.reasons]
    assert {"direct_partner", "covers_sector"} <= set(codes)
    assert _english(app, [p1.reasons[codes.index("direct_partner")]]) == [
        "has been a partner of your member Cooperativa Alfa since 2019"
    ]
    gamma = next(s for s in found if s.org_id == "C1")
    assert gamma.role == "associate"  # FSE2 admits SMEs as associates only
    assert any(
        r.code == "covers_sector" and r.params["sector"] == "business" for r in gamma.reasons
    )
    assert {s.role for s in found} <= {"partner", "associate"}


def test_consortium_gaps_given_are_required(network: Graph) -> None:
    _draft(network, invite=None)
    business = recommend.recommend_for_consortium(network, "K-NEW", missing_sectors=["business"])
    assert _ids(business) == ["C1", "ORG-B"]
    themed = recommend.recommend_for_consortium(
        network, "K-NEW", missing_themes=["local_governance"]
    )
    assert _ids(themed) == ["C2"]
    assert recommend.recommend_for_consortium(network, "NOPE") == []


def test_the_consortium_builder_uses_this_recommender() -> None:
    assert gaps.recommender() is recommend.recommend_for_consortium


def test_suggestions_page_and_json(users: RoleUsers, app: Flask, network: Graph) -> None:
    client = app.test_client()
    assert login(client, "member_a") == 302
    page = client.get("/partenariati/suggerimenti?lang=en").get_data(as_text=True)
    assert 'data-org="C1"' in page and "has worked with your partners" in page
    assert 'data-ranker="formula"' in page  # no model trained: the page says so
    data = client.get("/partenariati/api/suggerimenti?bando=FSE3").get_json()
    assert [s["org_id"] for s in data["suggestions"]] == ["C1", "ORG-B"]
    assert data["suggestions"][0]["reasons"][0]["code"] == "shared_partners"
    assert client.get("/partenariati/suggerimenti?org=ORG-B").status_code == 403
