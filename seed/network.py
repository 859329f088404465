"""The seed dataset: a deterministic, illustrative WE.CA.RE. network for Piemonte."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from seed import consortia, reference
from seed.districts import assign_municipalities, build_districts, district_weights, neighbour_pairs
from seed.organizations import build_organizations
from seed.partnerships import build_partnerships

DEFAULT_SEED: Final = 20260
SILOED_DISTRICTS: Final = 5
ACCOMPANIERS: Final = {"ThirdSector": 10, "SME": 2}

Row = dict[str, Any]


@dataclass
class SeedDataset:
    """Everything the seed loads, as plain rows ready for ``UNWIND``."""

    municipalities: list[Row]
    districts: list[Row]
    district_neighbours: list[tuple[str, str]]
    themes: list[Row]
    calls: list[Row]
    organizations: list[Row]
    partnerships: list[Row]
    consortia: list[Row]
    memberships: list[Row]
    #: Districts generated with few cross-sector ties (fragile on purpose).
    siloed_districts: list[str] = field(default_factory=list)

    def all_organizations(self) -> list[Row]:
        """District organisations and the others: every ``Organization`` node."""
        return [*self.districts, *self.organizations]


def reference_data() -> SeedDataset:
    """Municipalities, districts, neighbours, themes and calls: no organisations yet."""
    municipalities = reference.municipalities()
    assignment = assign_municipalities(municipalities)
    for municipality in municipalities:
        municipality["district"] = assignment[municipality["istat"]]
    return SeedDataset(
        municipalities=municipalities,
        districts=build_districts(municipalities, assignment),
        district_neighbours=neighbour_pairs(assignment),
        themes=reference.themes(),
        calls=reference.calls(),
        organizations=[],
        partnerships=[],
        consortia=[],
        memberships=[],
    )


def generate_network(seed: int = DEFAULT_SEED) -> SeedDataset:
    """Build the seed dataset; the same ``seed`` always gives the same rows."""
    rng = random.Random(seed)
    dataset = reference_data()
    municipalities, districts = dataset.municipalities, dataset.districts
    assignment = {m["istat"]: m["district"] for m in municipalities}
    labels = {theme["code"]: theme["label_it"] for theme in dataset.themes}
    organizations = build_organizations(rng, municipalities, assignment, district_weights(), labels)
    everyone = [*districts, *organizations]
    lead_towns = set(reference.measure1_lead_istat_codes())
    funded = [d["code"] for d in districts if d["seat_istat"] in lead_towns]
    others = [d["code"] for d in districts if d["seat_istat"] not in lead_towns]
    siloed = sorted(rng.sample(others, SILOED_DISTRICTS))
    partnerships = build_partnerships(
        rng,
        everyone,
        dataset.district_neighbours,
        siloed,
        _brokers(rng, organizations),
        _institutional_pairs(districts, organizations),
    )
    adjacency = _adjacency(everyone, partnerships)
    _mark_accompaniers(organizations, adjacency)
    builder = consortia.ConsortiumBuilder(rng, everyone, adjacency)
    consortia.build_fse1(builder, districts, funded, sorted(rng.sample(others, 4)))
    consortia.build_other_calls(builder)
    _tie_consortium_members(rng, builder, partnerships, adjacency)
    dataset.organizations = organizations
    dataset.partnerships = partnerships
    dataset.consortia = builder.consortia
    dataset.memberships = builder.memberships
    dataset.siloed_districts = siloed
    return dataset


def _brokers(rng: random.Random, organizations: list[Row]) -> list[str]:
    """The two bank foundations and six fictional consortia of social cooperatives."""
    banks = [o["id"] for o in organizations if o["legal_form"] == "Fondazione di origine bancaria"]
    consorzi = [
        o["id"]
        for o in organizations
        if o["fictional"] and o["legal_form"] == "Consorzio di cooperative sociali"
    ]
    return banks + rng.sample(consorzi, min(6, len(consorzi)))


def _institutional_pairs(districts: list[Row], organizations: list[Row]) -> list[tuple[str, str]]:
    """Regione with every district; each ASL and ente gestore with its district(s)."""
    regione = next(o["id"] for o in organizations if o["name"] == "Regione Piemonte")
    pairs = [(regione, d["id"]) for d in districts]
    province_of = {d["code"]: d["province"] for d in districts}
    for org in organizations:
        if org["fictional"] or org["kind"] != "PublicBody":
            continue
        if org["legal_form"] == "Azienda sanitaria locale":
            province = province_of[org["district"]]
            pairs += [(org["id"], d["id"]) for d in districts if d["province"] == province]
        elif org["description"].startswith("Ente gestore"):
            pairs.append((org["id"], org["district"]))
    return pairs


def _adjacency(everyone: list[Row], partnerships: list[Row]) -> dict[str, list[str]]:
    adjacency: dict[str, list[str]] = {o["id"]: [] for o in everyone}
    for row in partnerships:
        adjacency[row["from_id"]].append(row["to_id"])
        adjacency[row["to_id"]].append(row["from_id"])
    return adjacency


def _mark_accompaniers(organizations: list[Row], adjacency: dict[str, list[str]]) -> None:
    """The best-connected third-sector orgs and SMEs are the experienced accompaniers."""
    for kind, count in ACCOMPANIERS.items():
        ranked = sorted(
            (o for o in organizations if o["kind"] == kind and o["fictional"]),
            key=lambda o: (-len(adjacency[o["id"]]), o["id"]),
        )
        for org in ranked[:count]:
            org["capabilities"] = sorted({*org["capabilities"], "accompaniment"})
            if "accompaniment_coaching" not in org["themes"]:
                org["themes"] = [*org["themes"][:3], "accompaniment_coaching"]


def _tie_consortium_members(
    rng: random.Random,
    builder: consortia.ConsortiumBuilder,
    partnerships: list[Row],
    adjacency: dict[str, list[str]],
) -> None:
    """A funded project ties its lead to every partner (a joint project from that year)."""
    status = {c["id"]: (c["status"], c["year"]) for c in builder.consortia}
    leads = {
        m["consortium_id"]: m["organization_id"] for m in builder.memberships if m["role"] == "lead"
    }
    for member in builder.memberships:
        state, year = status[member["consortium_id"]]
        lead, other = leads[member["consortium_id"]], member["organization_id"]
        if member["role"] != "partner" or state not in ("funded", "closed"):
            continue
        if other in adjacency[lead]:
            continue
        since = date(year, rng.randint(3, 10), 1)
        until = since + timedelta(days=rng.randint(700, 1100)) if state == "closed" else None
        partnerships.append(
            {
                "id": f"PRT-{len(partnerships) + 1:05d}",
                "from_id": lead,
                "to_id": other,
                "type": "joint_project",
                "since": since,
                "until": until,
                "strength": round(rng.uniform(0.5, 0.85), 2),
                "source": "seed",
            }
        )
        adjacency[lead].append(other)
        adjacency[other].append(lead)
