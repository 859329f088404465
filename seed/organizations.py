"""Organisations of the seed network: the real bodies plus fictional ones, with ids."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from seed import names, taxcodes
from seed.districts import DISTRICT_SPECS
from seed.real_bodies import real_bodies

FICTIONAL_MARK: Final = "(organizzazione fittizia)"

#: How many fictional organisations of each kind the seed holds.
FICTIONAL_COUNTS: Final[dict[str, int]] = {"ThirdSector": 330, "SME": 220, "Foundation": 18}


#: The company-welfare themes (FSE3), every one an SME may work on.
COMPANY_WELFARE: Final = (
    "company_welfare_work_life",
    "company_welfare_equal_opportunities",
    "company_welfare_wellbeing",
    "company_welfare_right_to_study",
    "company_welfare_family_care",
    "company_welfare_socio_educational",
    "company_welfare_supplementary",
    "company_welfare_corporate_volunteering",
)
#: Themes each kind plausibly works on; 1 to 4 are drawn from its pool.
THEME_POOLS: Final[dict[str, tuple[str, ...]]] = {
    "District": (
        "local_governance",
        "circular_subsidiarity_pacts",
        "innovative_welfare_services",
        "proximity_assistance",
        "civil_economy",
    ),
    "PublicBody": (
        "local_governance",
        "circular_subsidiarity_pacts",
        "proximity_assistance",
        "poverty_social_exclusion",
        "demographic_change",
        "collaborative_services_fragile",
    ),
    "ThirdSector": (
        "innovative_welfare_services",
        "proximity_assistance",
        "collaborative_services_fragile",
        "smart_technology_social_services",
        "civil_economy",
        "poverty_social_exclusion",
        "health_wellbeing",
        "demographic_change",
        "company_welfare_socio_educational",
        "circular_subsidiarity_pacts",
    ),
    "SME": (
        *COMPANY_WELFARE,
        "health_wellbeing",
        "demographic_change",
        "smart_technology_social_services",
    ),
    "Foundation": (
        "poverty_social_exclusion",
        "innovative_welfare_services",
        "civil_economy",
        "demographic_change",
        "health_wellbeing",
        "circular_subsidiarity_pacts",
    ),
}

#: The platform's illustrative history: records created and updated in this window.
HISTORY_START: Final = date(2015, 1, 1)
HISTORY_END: Final = date(2026, 1, 31)

_SIZE_WORDS: Final = {
    "micro": "Microimpresa",
    "small": "Piccola impresa",
    "medium": "Media impresa",
}


def pick_themes(rng: random.Random, kind: str) -> list[str]:
    """One to four themes from the kind's pool, in pool order."""
    pool = THEME_POOLS[kind]
    count = rng.choices((1, 2, 3, 4), weights=(0.25, 0.35, 0.25, 0.15))[0]
    chosen = set(rng.sample(pool, count))
    return [code for code in pool if code in chosen]


def timestamps(rng: random.Random) -> tuple[datetime, datetime]:
    """A created_at inside the history window and a later updated_at, both UTC."""
    span = (HISTORY_END - HISTORY_START).days
    created_day = HISTORY_START + timedelta(days=rng.randrange(span - 30))
    created = datetime.combine(created_day, time(8), UTC)
    created += timedelta(seconds=rng.randrange(36_000))
    later = created + timedelta(days=rng.randrange(0, 500), minutes=rng.randrange(600))
    updated = min(datetime.combine(HISTORY_END, time(18), UTC), later)
    return created, updated


def _place(town: str) -> str:
    return f"ad {town}" if town[0] in "AEIOUaeiou" else f"a {town}"


def _theme_text(codes: list[str], labels: dict[str, str]) -> str:
    return ", ".join(labels[code][0].lower() + labels[code][1:] for code in codes)


def build_organizations(
    rng: random.Random,
    municipalities: list[dict[str, Any]],
    assignment: dict[str, str],
    weights: dict[str, float],
    theme_labels: dict[str, str],
) -> list[dict[str, Any]]:
    """Real bodies first (stable ids), then the fictional ones; ids ORG-00001 onwards."""
    organizations = real_bodies(municipalities, assignment, weights)
    by_district: dict[str, list[str]] = {}
    for istat, code in sorted(assignment.items()):
        by_district.setdefault(code, []).append(istat)
    seats = {spec.code: spec.seat_istat for spec in DISTRICT_SPECS}
    town = {m["istat"]: m["name"] for m in municipalities}
    office = {m["istat"]: m["province_code"] for m in municipalities}
    codes, cumulative = list(weights), []
    total = 0.0
    for code in codes:
        total += weights[code]
        cumulative.append(total)
    used_names = {org["name"] for org in organizations}
    used_slugs: set[str] = set()
    used_tax: set[str] = set()
    for kind, count in FICTIONAL_COUNTS.items():
        for _ in range(count):
            district = rng.choices(codes, cum_weights=cumulative)[0]
            members = by_district[district]
            istat = seats[district] if rng.random() < 0.35 else rng.choice(members)
            org = _fictional(rng, kind, town[istat], used_names, theme_labels)
            org["municipality"] = istat
            org["tax_code"] = taxcodes.random_partita_iva(rng, office[istat], used_tax)
            org_slug = _unique_slug(names.slug(org["name"]), used_slugs)
            org["website"] = f"https://www.{org_slug}.example"
            org["email"] = f"info@{org_slug}.example"
            organizations.append(org)
    for number, org in enumerate(organizations, start=1):
        org["id"] = f"ORG-{number:05d}"
        org["created_at"], org["updated_at"] = timestamps(rng)
        org["district"] = assignment[org["municipality"]]
        org["town"] = town[org["municipality"]]
    return organizations


def _unique_slug(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _fictional(
    rng: random.Random, kind: str, town: str, used: set[str], labels: dict[str, str]
) -> dict[str, Any]:
    size_class = None
    non_profit = True
    for attempt in range(40):
        local = attempt >= 5 or rng.random() < 0.2
        if kind == "ThirdSector":
            name, legal_form = names.third_sector_name(rng, town, local=local)
        elif kind == "SME":
            size_class = rng.choices(("micro", "small", "medium"), weights=(0.55, 0.33, 0.12))[0]
            non_profit = rng.random() < 0.15
            name, legal_form = names.sme_name(rng, size_class, non_profit)
            if local:
                name = f"{name} ({town})"
        else:
            name, legal_form = names.foundation_name(rng, town)
        if name not in used:
            break
    else:
        raise RuntimeError("could not find a free fictional name")
    used.add(name)
    themes = pick_themes(rng, kind)
    if kind == "SME":
        subject = _SIZE_WORDS[size_class or "small"]
        subject += " senza scopo di lucro" if non_profit else ""
    else:
        subject = legal_form
    active = "attivo" if subject.startswith("Consorzio") else "attiva"
    description = (
        f"{subject} con sede {_place(town)}, {active} nei temi: {_theme_text(themes, labels)}. "
        f"{FICTIONAL_MARK}"
    )
    capabilities = {"ThirdSector": ["service_delivery"], "Foundation": ["grant_making"]}
    extra = rng.choice(("training", "communication", "digital", "research", None, None, None))
    return {
        "kind": kind,
        "name": name,
        "legal_form": legal_form,
        "size_class": size_class,
        "non_profit": non_profit,
        "description": description,
        "themes": themes,
        "capabilities": sorted({*capabilities.get(kind, []), *([extra] if extra else [])}),
        "fictional": True,
    }
