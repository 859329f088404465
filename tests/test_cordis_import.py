"""The real Horizon 2020 consortia (CORDIS) through the product's CSV importer, on a subset."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from app.services import calls
from bench._cordis import DATA, PARTICIPATIONS, PROGRAMME_PARTS, CordisImport, load_cordis
from graph.driver import Graph
from tests.consortium_factories import count

#: The first projects by rcn: a few hundred, some thousand partnerships, seconds to load.
PROJECTS = 250


def _expected(projects: int) -> dict[str, int]:
    """Rows each file must have, counted from the source independently of the converter."""
    by_project: dict[str, set[str]] = defaultdict(set)
    rows: dict[str, int] = defaultdict(int)
    with gzip.open(DATA / PARTICIPATIONS, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_project[row["rcn"]].add(row["pic"])
            rows[row["rcn"]] += 1
    chosen = sorted(by_project, key=int)[:projects]
    return {
        "organizations": len(set().union(*(by_project[rcn] for rcn in chosen))),
        "memberships": sum(rows[rcn] for rcn in chosen),
        "partnerships": sum(
            len(by_project[rcn]) * (len(by_project[rcn]) - 1) // 2 for rcn in chosen
        ),
    }


def _assert_accounted(outcome: CordisImport) -> None:
    """good + refused = total in every file, and every refused row is explained."""
    for counts in outcome.files:
        assert counts.good + counts.refused == counts.total, counts
        assert counts.explained == counts.refused, counts
    for refusal in outcome.refusals:
        assert refusal.reason and not refusal.reason.startswith("Invalid value"), refusal
        assert refusal.count >= 1 and refusal.examples


def test_a_subset_imports_whole_and_again_changes_nothing(graph: Graph) -> None:
    first = load_cordis(graph, projects=PROJECTS)
    _assert_accounted(first)
    expected = _expected(PROJECTS)
    assert {f.file_kind: f.total for f in first.files} == expected
    assert {f.file_kind: f.created for f in first.files} == expected
    assert first.refusals == () and first.projects == PROJECTS
    assert (
        count(graph, "MATCH (c:Consortium)-[:FOR_CALL]->(:Call {code: 'H2020'}) RETURN count(c)")
        == PROJECTS
    )
    assert (
        count(
            graph,
            "MATCH ()-[p:PARTNER_OF {source: 'CORDIS', type: 'joint_project'}]->() RETURN count(p)",
        )
        == expected["partnerships"]
    )
    again = load_cordis(graph, projects=PROJECTS)
    _assert_accounted(again)
    assert {f.file_kind: (f.unchanged, f.created, f.updated) for f in again.files} == {
        kind: (total, 0, 0) for kind, total in expected.items()
    }


def test_the_mapping_of_one_project(graph: Graph) -> None:
    load_cordis(graph, projects=40)
    with gzip.open(DATA / PARTICIPATIONS, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rcn = min((r["rcn"] for r in rows), key=int)
    members = [r for r in rows if r["rcn"] == rcn]
    with gzip.open(DATA / PROGRAMME_PARTS, "rt", encoding="utf-8") as handle:
        part = next(r["programme_part"] for r in csv.DictReader(handle) if r["rcn"] == rcn)
    consortium = graph.read(
        lambda tx: tx.run(
            "MATCH (c:Consortium {id: $id}) RETURN c {.*, "
            "members: [(o)-[m:MEMBER_OF]->(c) | [o.id, m.role, o.kind, o.country, o.legal_form]]}"
            " AS c",
            id=f"CORDIS-{rcn}",
        ).single(strict=True)["c"]
    )
    assert (consortium["call_code"], consortium["status"], consortium["year"]) == (
        "H2020",
        "funded",
        int(members[0]["start_year"]),
    )
    assert consortium["line"] == part.lower().replace(" ", "-")
    assert consortium["title"] == f"Progetto H2020 {rcn}"
    kinds = {
        "PRC": "SME",
        "PUB": "PublicBody",
        "HES": "PublicBody",
        "REC": "PublicBody",
        "OTH": "ThirdSector",
    }
    roles = {"coordinator": "lead", "participant": "partner", "partner": "associate"}
    countries = {"UK": "GB", "EL": "GR"}
    assert sorted(consortium["members"]) == sorted(
        [
            f"PIC-{r['pic']}",
            roles[r["role"]],
            kinds[r["type"]],
            countries.get(r["country"], r["country"]),
            consortium_legal_form(r["type"]),
        ]
        for r in members
    )
    found = calls.get_call(graph, "H2020")
    assert found is not None and part in [line["label_en"] for line in found.call.rules["lines"]]
    pairs = count(
        graph,
        "MATCH ()-[p:PARTNER_OF]->() WHERE p.id STARTS WITH $prefix RETURN count(p)",
        prefix=f"CORDIS-{rcn}-",
    )
    assert pairs == len(list(combinations(members, 2)))


def consortium_legal_form(activity_type: str) -> str:
    return {
        "PRC": "PRC – private company",
        "PUB": "PUB – public body",
        "HES": "HES – higher or secondary education",
        "REC": "REC – research organisation",
        "OTH": "OTH – other (associations, foundations...)",
    }[activity_type]


def _write_gz(path: Path, header: str, lines: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([header, *lines]) + "\n")


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    """Two projects in the CORDIS layout; one organisation has a country nobody knows."""
    header = (
        "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,"
        "total_cost,start_year,end_year,duration,group,nunique"
    )
    _write_gz(
        tmp_path / PARTICIPATIONS,
        header,
        [
            "1,coordinator,111111111,HES,1000,UK,2015-01-01,2017-12-31,9,9,2015,2017,36,eu15,3",
            "1,participant,222222222,PRC,NA,QQ,2015-01-01,2017-12-31,9,9,2015,2017,36,tc,3",
            "1,partner,333333333,OTH,NA,EL,2015-01-01,2017-12-31,9,9,2015,2017,36,eu15,3",
            "2,coordinator,333333333,OTH,5,EL,2016-02-01,NA,9,NA,2016,NA,NA,eu15,2",
            "2,coordinator,111111111,HES,7,UK,2016-02-01,NA,9,NA,2016,NA,NA,eu15,2",
        ],
    )
    _write_gz(tmp_path / PROGRAMME_PARTS, "rcn,programme_part", ["1,Innovation in SMEs"])
    return tmp_path


def test_refused_rows_are_all_explained_and_reasons_translated(graph: Graph, faulty: Path) -> None:
    outcome = load_cordis(graph, data=faulty, lang="it")
    _assert_accounted(outcome)
    by_file = {f.file_kind: (f.total, f.good, f.refused) for f in outcome.files}
    # The organisation of country QQ is refused, then its membership and its two pairs.
    assert by_file == {
        "organizations": (3, 2, 1),
        "memberships": (5, 4, 1),
        "partnerships": (4, 2, 2),
    }
    codes = {(r.file_kind, r.code): r for r in outcome.refusals}
    assert set(codes) == {
        ("organizations", "unknown_country"),
        ("memberships", "missing_organization"),
        ("partnerships", "missing_to"),
        ("partnerships", "missing_from"),
    }
    assert codes["organizations", "unknown_country"].reason.startswith("Paese sconosciuto")
    assert "'QQ'" in codes["organizations", "unknown_country"].examples[0]
    # Project 2 names two coordinators: the larger contribution leads, the other is a partner.
    roles = graph.read(
        lambda tx: tx.run(
            "MATCH (o)-[m:MEMBER_OF]->(:Consortium {id: 'CORDIS-2'}) "
            "RETURN collect([o.id, m.role]) AS roles"
        ).single(strict=True)["roles"]
    )
    assert sorted(roles) == [["PIC-111111111", "lead"], ["PIC-333333333", "partner"]]
    assert (
        count(
            graph,
            "MATCH (c:Consortium {id: 'CORDIS-2'}) WHERE c.line IS NULL "
            "AND c.budget_eur IS NULL RETURN count(c)",
        )
        == 1
    )
    assert (
        count(
            graph,
            "MATCH ()-[p:PARTNER_OF {id: 'CORDIS-2-1'}]->() WHERE p.until IS NULL RETURN count(p)",
        )
        == 1
    )
