"""Past consortia (2017-2025) for the five calls, built to respect each call's rules.

Measure 1 (FSE1) mirrors the public record: 22 funded projects, one per district,
involving 147 organisations in all (leads included). Statuses: ``closed`` means
funded and completed, ``funded`` is still running, ``not_funded`` was rejected.
"""

from __future__ import annotations

import random
from typing import Any, Final

from seed.names import PROJECT_TITLES

FSE1_YEAR: Final = 2019
FSE1_FUNDED_ORGANISATIONS: Final = 147
FSE1_BUDGET_EUR: Final = 6_400_000
#: Editions of the other calls and how many proposals each received.
EDITIONS: Final[dict[str, tuple[tuple[int, int], ...]]] = {
    "FSE2": ((2018, 8), (2021, 8), (2024, 8)),
    "FSE3": ((2018, 6), (2021, 6), (2024, 6)),
    "FESR": ((2019, 5), (2022, 5), (2025, 5)),
    "FSE4": ((2019, 2), (2023, 2)),
}

Org = dict[str, Any]


class ConsortiumBuilder:
    """Collects consortia and memberships; members are drawn near the lead in the network."""

    def __init__(
        self, rng: random.Random, organizations: list[Org], adjacency: dict[str, list[str]]
    ) -> None:
        self.rng = rng
        self.orgs = organizations
        self.adj = adjacency
        self.consortia: list[Org] = []
        self.memberships: list[Org] = []

    def pick(self, lead: str, pool: list[Org], count: int, taken: set[str]) -> list[Org]:
        """Up to ``count`` orgs of ``pool``, partners of the lead and hubs first."""
        near = set(self.adj[lead])
        free = [o for o in pool if o["id"] not in taken and o["id"] != lead]
        scored = sorted(
            free,
            key=lambda o: (
                -(
                    (3.0 if o["id"] in near else 0.0)
                    + len(self.adj[o["id"]]) / 10
                    + self.rng.random() * 2
                )
            ),
        )
        chosen = scored[:count]
        taken.update(o["id"] for o in chosen)
        return chosen

    def add(
        self,
        *,
        consortium_id: str,
        call: str,
        year: int,
        status: str,
        budget: int,
        lead: Org,
        partners: list[Org],
        associates: list[Org],
        district: str | None,
        one_per_district: bool = False,
        line: str | None = None,
    ) -> None:
        title = self.rng.choice(PROJECT_TITLES[f"{call}:{line}" if line else call])
        place = lead.get("seat_name") or lead.get("town")
        self.consortia.append(
            {
                "id": consortium_id,
                "call_code": call,
                "title": f"{title} - {place}" if district and place else f"{title} {year}",
                "status": status,
                "year": year,
                "district_code": district,
                # The call edition (year) is part of the key: one consortium per district
                # per call and edition, the format the consortium builder uses too.
                "district_call_key": f"{call}:{year}:{district}" if one_per_district else None,
                "line": line,
                "budget_eur": budget,
            }
        )
        shares = [self.rng.uniform(0.25, 0.4)] + [self.rng.uniform(0.5, 1.5) for _ in partners]
        lead_share = shares[0]
        rest = sum(shares[1:]) or 1.0
        amounts = [round(budget * lead_share)] + [
            round(budget * (1 - lead_share) * share / rest) for share in shares[1:]
        ]
        if not partners:
            amounts = [budget]
        amounts[0] += budget - sum(amounts)  # rounding remainder to the lead
        members = [(lead, "lead", amounts[0])]
        members += [
            (org, "partner", amount) for org, amount in zip(partners, amounts[1:], strict=True)
        ]
        members += [(org, "associate", 0) for org in associates]
        for org, role, amount in members:
            self.memberships.append(
                {
                    "consortium_id": consortium_id,
                    "organization_id": org["id"],
                    "role": role,
                    "budget_eur": amount,
                }
            )


def _status(rng: random.Random, year: int) -> str:
    if rng.random() < 0.45:
        return "not_funded"
    return "closed" if year <= 2022 else "funded"


def _distribute(
    rng: random.Random, total: int, capacity: dict[str, int], base: int
) -> dict[str, int]:
    """Share ``total`` slots among keys, at least ``base`` each, never above capacity."""
    slots = {key: min(base, cap) for key, cap in capacity.items()}
    while sum(slots.values()) < total:
        open_keys = [key for key in capacity if slots[key] < min(capacity[key], 9)]
        if not open_keys:
            raise ValueError("not enough organisations for the requested consortia")
        slots[rng.choice(open_keys)] += 1
    return slots


def build_fse1(
    builder: ConsortiumBuilder, districts: list[Org], funded: list[str], rejected: list[str]
) -> None:
    """One FSE1 consortium per funded district (147 organisations) and a few rejected ones."""
    rng = builder.rng
    by_district: dict[str, list[Org]] = {}
    for org in builder.orgs:
        by_district.setdefault(org["district"], []).append(org)
    pools = {
        d["code"]: (
            [o for o in by_district[d["code"]] if o["kind"] == "PublicBody"],
            [o for o in by_district[d["code"]] if o["kind"] == "ThirdSector"],
            [o for o in by_district[d["code"]] if o["kind"] in ("Foundation", "SME")],
        )
        for d in districts
    }
    capacity = {code: len(pools[code][0]) + len(pools[code][1]) for code in funded}
    slots = _distribute(rng, FSE1_FUNDED_ORGANISATIONS - len(funded), capacity, base=4)
    budgets = [rng.uniform(220_000, 340_000) for _ in funded]
    scale = FSE1_BUDGET_EUR / sum(budgets)
    amounts = [round(b * scale, -2) for b in budgets]
    amounts[-1] += FSE1_BUDGET_EUR - sum(amounts)
    district_by_code = {d["code"]: d for d in districts}
    plans = [(code, "closed", int(a), slots[code]) for code, a in zip(funded, amounts, strict=True)]
    plans += [(code, "not_funded", int(rng.uniform(2e5, 3.2e5)), 5) for code in rejected]
    for code, status, budget, size in plans:
        lead = district_by_code[code]
        public, third, others = pools[code]
        taken: set[str] = set()
        n_public = min(len(public), max(1, round(size * 0.3)))
        n_assoc = 1 if others and size >= 6 and rng.random() < 0.5 else 0
        chosen_public = builder.pick(code, public, n_public, taken)
        chosen_third = builder.pick(code, third, size - n_public - n_assoc, taken)
        missing = size - n_public - n_assoc - len(chosen_third)
        chosen_public += builder.pick(code, public, missing, taken) if missing > 0 else []
        builder.add(
            consortium_id=f"CNS-FSE1-{FSE1_YEAR}-{code}",
            call="FSE1",
            year=FSE1_YEAR,
            status=status,
            budget=budget,
            lead=lead,
            partners=(chosen_public + chosen_third)[: size - n_assoc],
            associates=builder.pick(code, others, n_assoc, taken),
            district=code,
            one_per_district=True,
        )


def build_other_calls(builder: ConsortiumBuilder) -> None:
    """FSE2, FSE3, FESR (two lines) and FSE4 proposals across their editions."""
    rng, orgs = builder.rng, builder.orgs
    third = [o for o in orgs if o["kind"] == "ThirdSector"]
    smes = [o for o in orgs if o["kind"] == "SME"]
    foundations = [o for o in orgs if o["kind"] == "Foundation"]
    public = [o for o in orgs if o["kind"] in ("PublicBody", "District") and o["district"]]
    accompaniers = [o for o in orgs if "accompaniment" in o["capabilities"]]

    def lead_from(pool: list[Org], used: set[str]) -> Org:
        free = [o for o in pool if o["id"] not in used]
        lead = rng.choices(free, weights=[len(builder.adj[o["id"]]) + 1 for o in free])[0]
        used.add(lead["id"])
        return lead

    for call, editions in EDITIONS.items():
        for year, count in editions:
            used: set[str] = set()
            for number in range(1, count + 1):
                cid = f"CNS-{call}-{year}-{number:02d}"
                status = _status(rng, year)
                if call == "FSE2":
                    lead = lead_from(third, used)
                    local = [o for o in public if o["district"] == lead["district"]]
                    taken = {lead["id"]}
                    partners = builder.pick(lead["id"], local, 1, taken)
                    partners += builder.pick(lead["id"], third, rng.randint(1, 3), taken)
                    associates = builder.pick(lead["id"], foundations, rng.randint(0, 1), taken)
                    budget = round(rng.uniform(80_000, 250_000), -3)
                    line = None
                elif call == "FSE3":
                    lead = lead_from(smes, used)
                    taken = {lead["id"]}
                    partners = builder.pick(lead["id"], smes, rng.randint(0, 3), taken)
                    associates = builder.pick(lead["id"], third, rng.randint(0, 1), taken)
                    budget = round(rng.uniform(30_000, 180_000), -3)
                    line = None
                elif call == "FESR":
                    line = "line1" if number == 1 else "line2"
                    if line == "line1":
                        pool = [o for o in smes if o["non_profit"]]
                        budget = round(rng.uniform(1_000_000, 1_600_000), -3)
                    else:
                        pool = [o for o in smes if o["size_class"] in ("micro", "small")]
                        budget = round(rng.uniform(20_000, 100_000), -3)
                    lead = lead_from(pool, used)
                    taken = {lead["id"]}
                    extra = rng.randint(0, 2) if line == "line1" else int(rng.random() < 0.3)
                    partners = builder.pick(lead["id"], pool, extra, taken)
                    associates = []
                else:  # FSE4: experienced accompaniers only, one funded per edition
                    status = "not_funded" if number > 1 else "closed" if year <= 2022 else "funded"
                    lead = lead_from(accompaniers, used)
                    taken = {lead["id"]}
                    partners = builder.pick(lead["id"], accompaniers, rng.randint(1, 2), taken)
                    associates = []
                    budget = round(rng.uniform(800_000, 1_000_000), -3)
                    line = None
                builder.add(
                    consortium_id=cid,
                    call=call,
                    year=year,
                    status=status,
                    budget=int(budget),
                    lead=lead,
                    partners=partners,
                    associates=associates,
                    district=None if call == "FSE4" else lead["district"],
                    line=line,
                )
