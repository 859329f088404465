"""The seed generators, without a database: determinism, shape, rules and scale."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

import pytest

from graph.model import CONSORTIUM_ROLES, KINDS, PARTNERSHIP_TYPES, RULE_KEYS, SECTOR_OF_KIND
from seed import reference
from seed.districts import DISTRICT_SPECS, neighbour_pairs
from seed.network import SeedDataset, generate_network
from seed.organizations import FICTIONAL_MARK
from seed.synthetic import generate_synthetic
from seed.taxcodes import is_valid_partita_iva, make_partita_iva


@pytest.fixture(scope="module")
def dataset() -> SeedDataset:
    return generate_network(20260)


def _pairs(dataset: SeedDataset) -> list[tuple[str, str]]:
    return [(p["from_id"], p["to_id"]) for p in dataset.partnerships]


def _degrees(dataset: SeedDataset) -> Counter[str]:
    degrees: Counter[str] = Counter({o["id"]: 0 for o in dataset.all_organizations()})
    for a, b in _pairs(dataset):
        degrees[a] += 1
        degrees[b] += 1
    return degrees


def test_same_seed_same_network_and_other_seed_another(dataset: SeedDataset) -> None:
    assert generate_network(20260) == dataset
    other = generate_network(7)
    assert _pairs(other) != _pairs(dataset)
    assert [o["name"] for o in other.organizations] != [o["name"] for o in dataset.organizations]


def test_sizes_are_in_range(dataset: SeedDataset) -> None:
    organizations = len(dataset.all_organizations())
    assert 600 <= organizations <= 1000
    assert 2.5 <= len(dataset.partnerships) / organizations <= 4


def test_every_kind_is_present_and_ids_are_unique(dataset: SeedDataset) -> None:
    orgs = dataset.all_organizations()
    assert {o["kind"] for o in orgs} == set(KINDS)
    assert len({o["id"] for o in orgs}) == len(orgs)
    assert len({o["name"] for o in orgs}) == len(orgs)


def test_thirty_districts_cover_all_municipalities_of_their_province(
    dataset: SeedDataset,
) -> None:
    districts = {d["code"]: d for d in dataset.districts}
    assert sorted(districts) == [f"DCS{n:02d}" for n in range(1, 31)]
    assert len(dataset.municipalities) == 1181
    for municipality in dataset.municipalities:
        assert districts[municipality["district"]]["province"] == municipality["province"]
    in_district = Counter(m["district"] for m in dataset.municipalities)
    assert set(in_district) == set(districts)
    seats = {d["seat_istat"]: d["code"] for d in dataset.districts}
    assert set(reference.measure1_lead_istat_codes()) <= set(seats)
    assert all(
        m["district"] == seats[m["istat"]] for m in dataset.municipalities if m["istat"] in seats
    )


def test_pinerolo_is_the_pinerolese_and_torino_is_one_city(dataset: SeedDataset) -> None:
    by_district: dict[str, set[str]] = {}
    for municipality in dataset.municipalities:
        by_district.setdefault(municipality["district"], set()).add(municipality["istat"])
    assert by_district["DCS12"] == set(reference.pinerolese_istat_codes())
    assert len(by_district["DCS12"]) == 47
    assert by_district["DCS01"] == {"001272"}


def test_no_municipality_holds_more_fictional_organisations_than_its_district_seat(
    dataset: SeedDataset,
) -> None:
    placed = Counter(o["municipality"] for o in dataset.organizations if o["fictional"])
    seats = {d["code"]: d["seat_istat"] for d in dataset.districts}
    for municipality in dataset.municipalities:
        assert placed[municipality["istat"]] <= placed[seats[municipality["district"]]]


def test_neighbours_are_symmetric_pairs_of_known_districts(dataset: SeedDataset) -> None:
    codes = {spec.code for spec in DISTRICT_SPECS}
    pairs = neighbour_pairs({m["istat"]: m["district"] for m in dataset.municipalities})
    assert pairs == dataset.district_neighbours
    assert len(pairs) == len(set(pairs))
    assert all(a < b and a in codes and b in codes for a, b in pairs)


def test_partnerships_are_simple_and_well_formed(dataset: SeedDataset) -> None:
    ids = {o["id"] for o in dataset.all_organizations()}
    unordered = [frozenset(pair) for pair in _pairs(dataset)]
    assert all(len(pair) == 2 for pair in unordered)
    assert len(set(unordered)) == len(unordered)
    assert len({p["id"] for p in dataset.partnerships}) == len(dataset.partnerships)
    for p in dataset.partnerships:
        assert p["from_id"] in ids and p["to_id"] in ids
        assert p["type"] in PARTNERSHIP_TYPES
        assert 2015 <= p["since"].year <= 2026
        assert p["until"] is None or p["until"] > p["since"]
        assert 0 <= p["strength"] <= 1 and p["source"] == "seed"


def test_degrees_are_heavy_tailed(dataset: SeedDataset) -> None:
    degrees = list(_degrees(dataset).values())
    assert min(degrees) >= 1
    assert max(degrees) > 5 * statistics.median(degrees)


def test_most_ties_are_inside_a_district_and_brokers_cross_them(dataset: SeedDataset) -> None:
    district = {o["id"]: o["district"] for o in dataset.all_organizations()}
    within = sum(district[a] == district[b] for a, b in _pairs(dataset))
    assert within / len(dataset.partnerships) > 0.8
    reach: dict[str, set[str]] = {}
    for a, b in _pairs(dataset):
        reach.setdefault(a, set()).add(district[b])
        reach.setdefault(b, set()).add(district[a])
    assert sum(len(reach[o] - {district[o]}) >= 3 for o in reach) >= 5


def test_siloed_districts_have_few_cross_sector_ties(dataset: SeedDataset) -> None:
    orgs = dataset.all_organizations()
    district = {o["id"]: o["district"] for o in orgs}
    sector = {o["id"]: SECTOR_OF_KIND[o["kind"]] for o in orgs}
    ties: dict[str, list[bool]] = {}
    for a, b in _pairs(dataset):
        if district[a] == district[b]:
            ties.setdefault(district[a], []).append(sector[a] != sector[b])
    share = {code: sum(mixed) / len(mixed) for code, mixed in ties.items()}
    siloed = dataset.siloed_districts
    assert len(siloed) == 5
    others = [share[c] for c in share if c not in siloed]
    assert max(share[c] for c in siloed) < 0.5 * statistics.median(others)


def test_fictional_organisations_are_marked_and_have_valid_unique_tax_codes(
    dataset: SeedDataset,
) -> None:
    fictional = [o for o in dataset.organizations if o["fictional"]]
    real = [o for o in dataset.all_organizations() if not o["fictional"]]
    assert len(fictional) > 500 and len(real) > 150
    assert all(o["description"].endswith(FICTIONAL_MARK) for o in fictional)
    assert not any(FICTIONAL_MARK in o["description"] for o in real)
    assert all(o["email"].endswith(".example") for o in fictional)
    assert all(o["tax_code"] is None for o in real)
    codes = [o["tax_code"] for o in fictional]
    assert len(set(codes)) == len(codes)
    assert all(is_valid_partita_iva(code) for code in codes)


def test_organisations_carry_themes_capabilities_and_sizes(dataset: SeedDataset) -> None:
    themes = {t["code"] for t in dataset.themes}
    for org in dataset.all_organizations():
        assert 1 <= len(org["themes"]) <= 4 and set(org["themes"]) <= themes
        assert (org["size_class"] is not None) == (org["kind"] == "SME")
        assert org["updated_at"] >= org["created_at"]
    smes = [o for o in dataset.organizations if o["kind"] == "SME"]
    assert {o["size_class"] for o in smes} == {"micro", "small", "medium"}
    assert 0 < sum(o["non_profit"] for o in smes) < len(smes)
    accompaniers = [o for o in dataset.organizations if "accompaniment" in o["capabilities"]]
    assert len(accompaniers) >= 5


def test_partita_iva_check_digit() -> None:
    assert is_valid_partita_iva("01622460036")  # C.I.S.S.A. Ovest Ticino, a sourced fact
    assert not is_valid_partita_iva("01622460037")
    assert is_valid_partita_iva(make_partita_iva(1234567, "001"))


def test_calls_rules_use_the_documented_vocabulary(dataset: SeedDataset) -> None:
    themes = {t["code"] for t in dataset.themes}
    assert [c["code"] for c in dataset.calls] == ["FSE1", "FSE2", "FSE3", "FESR", "FSE4"]
    assert sum(c["budget_eur"] for c in dataset.calls) == 20_000_000
    for call in dataset.calls:
        assert set(call["rules"]) == set(RULE_KEYS)
        assert set(call["themes"]) <= themes
        for line in call["rules"]["lines"]:
            assert set(line["rules"]) <= set(RULE_KEYS)


def _rules_for(call: dict[str, Any], line: str | None) -> dict[str, Any]:
    rules = dict(call["rules"])
    for candidate in rules["lines"]:
        if candidate["code"] == line:
            rules.update(candidate["rules"])
    return rules


def test_consortia_respect_their_calls_rules(dataset: SeedDataset) -> None:
    calls = {c["code"]: c for c in dataset.calls}
    orgs = {o["id"]: o for o in dataset.all_organizations()}
    members: dict[str, list[dict[str, Any]]] = {}
    for membership in dataset.memberships:
        assert membership["role"] in CONSORTIUM_ROLES
        members.setdefault(membership["consortium_id"], []).append(membership)
    for consortium in dataset.consortia:
        rules = _rules_for(calls[consortium["call_code"]], consortium["line"])
        rows = members[consortium["id"]]
        leads = [orgs[m["organization_id"]] for m in rows if m["role"] == "lead"]
        partners = [orgs[m["organization_id"]] for m in rows if m["role"] == "partner"]
        associates = [orgs[m["organization_id"]] for m in rows if m["role"] == "associate"]
        assert len(leads) == 1 and leads[0]["kind"] in rules["lead_kinds"]
        assert all(o["kind"] in rules["member_kinds"] for o in partners)
        assert all(o["kind"] in rules["associate_kinds"] for o in associates)
        core = leads + partners
        assert len(core) >= rules["min_members"]
        for group in rules["required_kind_groups"]:
            assert any(o["kind"] in group for o in core), consortium["id"]
        if rules["non_profit"] is not None:
            assert all(o["non_profit"] == rules["non_profit"] for o in core)
        if rules["size_classes"]:
            smes = [o for o in core if o["kind"] == "SME"]
            assert all(o["size_class"] in rules["size_classes"] for o in smes)
        assert set(rules["lead_capabilities"]) <= set(leads[0]["capabilities"])
        assert all(set(rules["partner_capabilities"]) <= set(o["capabilities"]) for o in partners)
        budget = consortium["budget_eur"]
        assert sum(m["budget_eur"] for m in rows) == budget
        assert rules["min_budget_eur"] is None or budget >= rules["min_budget_eur"]
        assert rules["max_budget_eur"] is None or budget <= rules["max_budget_eur"]
        assert 2017 <= consortium["year"] <= 2025
        assert consortium["status"] in ("funded", "not_funded", "closed")


def test_fse1_is_one_per_district_and_mirrors_measure_one(dataset: SeedDataset) -> None:
    keys = [c["district_call_key"] for c in dataset.consortia if c["district_call_key"]]
    assert len(keys) == len(set(keys))
    fse1 = [c for c in dataset.consortia if c["call_code"] == "FSE1"]
    assert all(c["district_call_key"] == f"FSE1:{c['year']}:{c['district_code']}" for c in fse1)
    assert all(c["district_call_key"] is None for c in dataset.consortia if c not in fse1)
    funded = {c["id"] for c in fse1 if c["status"] in ("funded", "closed")}
    assert len(funded) == 22
    involved = {m["organization_id"] for m in dataset.memberships if m["consortium_id"] in funded}
    assert len(involved) == 147


def test_synthetic_counts_are_exact_and_pairs_distinct() -> None:
    org_ids: list[str] = []
    pairs: set[frozenset[str]] = set()
    kinds_seen: list[str] = []
    istat = {m["istat"] for m in reference.municipalities()}
    for batch in generate_synthetic(2_000, 10_000, seed=5, batch_size=3_000):
        assert len(batch.rows) <= 3_000
        kinds_seen.append(batch.kind)
        if batch.kind == "organizations":
            for row in batch.rows:
                assert row["id"].startswith("SYN-") and row["municipality"] in istat
                assert is_valid_partita_iva(row["tax_code"])
            org_ids += [row["id"] for row in batch.rows]
        else:
            pairs.update(frozenset((row["from_id"], row["to_id"])) for row in batch.rows)
    assert kinds_seen == sorted(kinds_seen)  # every organisation before any partnership
    assert len(org_ids) == len(set(org_ids)) == 2_000
    assert len(pairs) == 10_000 and all(len(pair) == 2 for pair in pairs)
    assert set().union(*pairs) <= set(org_ids)


def test_synthetic_is_deterministic_and_heavy_tailed() -> None:
    first = [b.rows for b in generate_synthetic(500, 2_000, seed=9)]
    assert first == [b.rows for b in generate_synthetic(500, 2_000, seed=9)]
    degrees: Counter[str] = Counter()
    for row in first[-1]:
        degrees.update((row["from_id"], row["to_id"]))
    assert max(degrees.values()) > 5 * statistics.median(degrees.values())


@pytest.mark.parametrize(("orgs", "partnerships"), [(3, 3), (10, 45), (1, 0), (0, 0)])
def test_synthetic_handles_tiny_and_complete_graphs(orgs: int, partnerships: int) -> None:
    rows = [r for b in generate_synthetic(orgs, partnerships, seed=1) for r in b.rows]
    assert len(rows) == orgs + partnerships


def test_synthetic_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        list(generate_synthetic(10, 46, seed=1))
