"""Loading the seed and synthetic data into the real database: exact and idempotent."""

from __future__ import annotations

import json

from flask.testing import FlaskCliRunner

from graph import seed_repo
from graph.driver import Graph
from seed.load import database_is_empty, load_reference, load_seed, load_synthetic
from seed.network import generate_network, reference_data


def _counts(graph: Graph) -> dict[str, int]:
    return graph.read(seed_repo.graph_counts_tx)


def test_seed_loads_every_row_once(graph: Graph) -> None:
    assert database_is_empty(graph)
    written = load_seed(graph, 20260)
    dataset = generate_network(20260)
    counts = _counts(graph)
    assert not database_is_empty(graph)
    assert counts["Organization"] == written["organizations"] == len(dataset.all_organizations())
    assert counts["District"] == 30 and counts["Municipality"] == 1181
    assert counts["Theme"] == len(dataset.themes) and counts["Call"] == 5
    assert counts["PARTNER_OF"] == len(dataset.partnerships)
    assert counts["MEMBER_OF"] == len(dataset.memberships)
    assert counts["Consortium"] == counts["FOR_CALL"] == len(dataset.consortia)
    assert counts["NEIGHBOUR_OF"] == len(dataset.district_neighbours)
    territorial = sum(c["district_code"] is not None for c in dataset.consortia)
    assert counts["IN_DISTRICT"] == 1181 + territorial
    assert counts["LOCATED_IN"] == counts["Organization"]
    assert set(graph.read(seed_repo.integrity_problems_tx).values()) == {0}


def test_loading_twice_changes_nothing(graph: Graph) -> None:
    load_seed(graph, 20260)
    first = _counts(graph)
    load_seed(graph, 20260)
    assert _counts(graph) == first


def test_same_seed_gives_the_same_counts_from_scratch(graph: Graph) -> None:
    load_seed(graph, 99)
    first = _counts(graph)
    graph.wipe()
    assert database_is_empty(graph)
    load_seed(graph, 99)
    assert _counts(graph) == first


def test_reloading_the_reference_drops_neighbours_of_an_earlier_map(graph: Graph) -> None:
    load_reference(graph)
    pairs = reference_data().district_neighbours
    assert ("DCS19", "DCS25") not in pairs  # Alba and Acqui Terme share no border

    def neighbours_tx(tx):  # type: ignore[no-untyped-def]
        query = "MATCH (a:District)-[:NEIGHBOUR_OF]->(b:District) RETURN a.code AS a, b.code AS b"
        return sorted((r["a"], r["b"]) for r in tx.run(query))

    graph.write(
        lambda tx: tx.run(
            "MATCH (a:District {code: 'DCS19'}), (b:District {code: 'DCS25'}) "
            "MERGE (a)-[:NEIGHBOUR_OF]->(b)"
        ).consume()
    )
    assert ("DCS19", "DCS25") in graph.read(neighbours_tx)
    load_reference(graph)
    assert graph.read(neighbours_tx) == sorted(pairs)


def test_calls_carry_their_rules_as_json(graph: Graph) -> None:
    load_seed(graph, 20260)

    def calls_tx(tx):  # type: ignore[no-untyped-def]
        return {
            r["code"]: r.data()
            for r in tx.run(
                "MATCH (c:Call) RETURN c.code AS code, c.rules_json AS rules, "
                "c.rules_version AS version, c.lead_kinds AS lead_kinds, "
                "c.one_per_district AS one_per_district, c.max_projects AS max_projects"
            )
        }

    calls = graph.read(calls_tx)
    fse1 = calls["FSE1"]
    assert fse1["lead_kinds"] == ["District"] and fse1["one_per_district"] is True
    assert fse1["max_projects"] == 30 and fse1["version"] == 1
    fesr = json.loads(calls["FESR"]["rules"])
    assert [line["code"] for line in fesr["lines"]] == ["line1", "line2"]
    assert "accompaniment" in json.loads(calls["FSE4"]["rules"])["lead_capabilities"]


def test_synthetic_counts_are_exact_in_the_database(graph: Graph) -> None:
    written = load_synthetic(graph, 1_000, 5_000, seed_number=3, batch_size=2_000)
    assert written == {"organizations": 1_000, "partnerships": 5_000}
    counts = _counts(graph)
    assert counts["Organization"] == 1_000 + 30  # the districts are organisations too
    assert counts["PARTNER_OF"] == 5_000 and counts["Municipality"] == 1181
    load_synthetic(graph, 1_000, 5_000, seed_number=3, batch_size=2_000)
    assert _counts(graph) == counts
    assert set(graph.read(seed_repo.integrity_problems_tx).values()) == {0}


def test_synthetic_data_sits_beside_the_seed(graph: Graph) -> None:
    load_seed(graph, 20260)
    seeded = _counts(graph)
    load_synthetic(graph, 300, 900, seed_number=20260)
    counts = _counts(graph)
    assert counts["Organization"] == seeded["Organization"] + 300
    assert counts["PARTNER_OF"] == seeded["PARTNER_OF"] + 900
    assert counts["District"] == seeded["District"] and counts["Call"] == seeded["Call"]


def test_cli_loads_the_seed_and_synthetic_data(graph: Graph, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "--seed", "20260"])
    assert result.exit_code == 0, result.output
    assert "organizations" in result.output and "partnerships" in result.output
    result = runner.invoke(
        args=["seed", "synthetic", "--orgs", "200", "--partnerships", "600", "--batch-size", "250"]
    )
    assert result.exit_code == 0, result.output
    assert "partnerships: 600/600" in result.output and "rows/s" in result.output
    assert _counts(graph)["PARTNER_OF"] == len(generate_network(20260).partnerships) + 600


def test_cli_reports_impossible_synthetic_counts(graph: Graph, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "synthetic", "--orgs", "3", "--partnerships", "9"])
    assert result.exit_code != 0
    assert "more partnerships than distinct pairs" in result.output


def test_synthetic_loads_of_other_sizes_and_seeds_add_up_without_clashes(graph: Graph) -> None:
    load_synthetic(graph, 300, 900, seed_number=1)
    load_synthetic(graph, 500, 1_000, seed_number=2)
    counts = _counts(graph)
    assert counts["Organization"] == 500 + 30
    assert counts["PARTNER_OF"] >= 1_000
    assert (
        counts["ThirdSector"] + counts["SME"] + counts["PublicBody"] + counts["Foundation"] == 500
    )  # a reloaded organisation keeps exactly one kind label
    assert set(graph.read(seed_repo.integrity_problems_tx).values()) == {0}


def test_cli_explains_a_clash_with_another_seed(graph: Graph, runner: FlaskCliRunner) -> None:
    load_seed(graph, 20260)
    result = runner.invoke(args=["seed", "--seed", "99"])
    assert result.exit_code != 0
    assert "another seed" in result.output


def test_demo_accounts_one_per_role_idempotent(graph: Graph) -> None:
    from app.services import accounts
    from seed.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts

    load_seed(graph, 20260)
    ensure_demo_accounts(graph)
    ensure_demo_accounts(graph)
    rows = graph.read(
        lambda tx: tx.run(
            "MATCH (u:User) RETURN u.role AS role, [(u)-[:ACTS_FOR]->(o) | o.kind] AS orgs, "
            "[(u)-[:LEADS]->(d) | d.code] AS districts ORDER BY role"
        ).data()
    )
    assert [r["role"] for r in rows] == ["admin", "district_lead", "member", "staff"]
    by_role = {r["role"]: r for r in rows}
    assert by_role["member"]["orgs"] == ["ThirdSector"]
    assert by_role["district_lead"]["districts"] == ["DCS12"]
    outcome, _ = accounts.authenticate(graph, "capofila@wecare.example", DEMO_PASSWORD, None)
    assert outcome is accounts.LoginOutcome.OK
