"""Judged queries for the search relevance benchmark: each with a rule over the organisation.

A rule reads only the organisation's own attributes in the seed (kind, legal form, themes,
capabilities, municipality, district, province; the name only for acronym queries) and
gives a gain: 0 not relevant, 1 relevant, 2 relevant and exactly where asked (the
municipality named rather than its district or province). Nothing here names an id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from seed.organizations import COMPANY_WELFARE

Org = dict[str, Any]
Rule = Callable[[Org], int]

ELDERLY: Final = ("company_welfare_family_care", "proximity_assistance")


def _yes(ok: bool) -> int:
    return 2 if ok else 0


def legal(*parts: str) -> Rule:
    """The legal form contains one of ``parts`` (case ignored)."""
    return lambda o: _yes(any(p in (o.get("legal_form") or "").lower() for p in parts))


def kind(*kinds: str) -> Rule:
    return lambda o: _yes(o["kind"] in kinds)


def theme(*codes: str) -> Rule:
    return lambda o: _yes(bool(set(o.get("themes") or ()) & set(codes)))


def capability(*codes: str) -> Rule:
    return lambda o: _yes(bool(set(o.get("capabilities") or ()) & set(codes)))


def name_has(*parts: str) -> Rule:
    """For acronym queries only: the name carries the acronym (any of its spellings)."""
    return lambda o: _yes(any(p.lower() in o["name"].lower() for p in parts))


def town(name: str, district: str) -> Rule:
    """In the municipality (2) or elsewhere in its district (1)."""
    return lambda o: 2 if o.get("town") == name else 1 if o.get("district") == district else 0


def district(code: str) -> Rule:
    return lambda o: _yes(o.get("district") == code)


def province(code: str, seat: str | None = None) -> Rule:
    """In the province (1), or in its chief town ``seat`` (2) when one is named."""
    return lambda o: (
        (2 if seat and o.get("town") == seat else 1) if o.get("province") == code else 0
    )


def any_of(*rules: Rule) -> Rule:
    return lambda o: max(rule(o) for rule in rules)


def all_of(*rules: Rule) -> Rule:
    return lambda o: min(rule(o) for rule in rules)


SOCIAL_COOP: Final = legal("cooperativa sociale", "cooperative sociali")
COOP: Final = legal("cooperativ")
ASSOCIATION: Final = legal("associazione")
FOUNDATION: Final = any_of(kind("Foundation"), legal("fondazione"))
SOCIAL_ENTERPRISE: Final = legal("impresa sociale", "cooperativa sociale")
ODV: Final = legal("organizzazione di volontariato")
PINEROLO: Final = town("Pinerolo", "DCS12")


@dataclass(frozen=True)
class Judged:
    """A query, its class and the rule that judges each organisation found."""

    cls: str
    text: str
    rule: Rule


QUERIES: Final[tuple[Judged, ...]] = (
    # Typos, forgiven by word length.
    Judged("typo", "cooperativa socale", SOCIAL_COOP),
    Judged("typo", "associazone", ASSOCIATION),
    Judged("typo", "fondazone", FOUNDATION),
    Judged("typo", "cooperatva", COOP),
    Judged("typo", "assitenza anziani", theme(*ELDERLY)),
    Judged("typo", "welfare aziendalle", theme(*COMPANY_WELFARE)),
    Judged("typo", "Pinerlo", PINEROLO),
    Judged("typo", "volontariatto", any_of(ODV, theme("company_welfare_corporate_volunteering"))),
    # Places: municipalities, districts, provinces by name.
    Judged("place", "Pinerolo cooperativa", all_of(COOP, PINEROLO)),
    Judged("place", "Ciriè", town("Ciriè", "DCS05")),
    Judged("place", "assistenza anziani Pinerolo", all_of(theme(*ELDERLY), PINEROLO)),
    Judged("place", "impresa sociale Biella", all_of(SOCIAL_ENTERPRISE, province("BI", "Biella"))),
    Judged("place", "comune Ivrea", all_of(legal("comune"), town("Ivrea", "DCS08"))),
    Judged("place", "fondazioni Cuneo", all_of(FOUNDATION, province("CN", "Cuneo"))),
    Judged("place", "San Germano Chisone", town("San Germano Chisone", "DCS12")),
    Judged("place", "cooperative provincia di Novara", all_of(COOP, province("NO", "Novara"))),
    # Provinces by their sigla.
    Judged("sigla", "cooperative sociali TO", all_of(SOCIAL_COOP, province("TO"))),
    Judged("sigla", "fondazione CN", all_of(FOUNDATION, province("CN"))),
    Judged("sigla", "associazioni AL", all_of(ASSOCIATION, province("AL"))),
    Judged("sigla", "ODV VC", all_of(ODV, province("VC"))),
    Judged("sigla", "impresa sociale AT", all_of(SOCIAL_ENTERPRISE, province("AT"))),
    # Accents left out.
    Judged("accentless", "Cirie", town("Ciriè", "DCS05")),
    Judged("accentless", "Mondovi", town("Mondovì", "DCS23")),
    Judged("accentless", "Cuorgne cooperativa", all_of(COOP, town("Cuorgnè", "DCS06"))),
    Judged("accentless", "poverta", theme("poverty_social_exclusion")),
    Judged("accentless", "prossimita", theme("proximity_assistance")),
    # Acronyms with and without dots (judged by the name: the acronym is its identity).
    Judged("acronym", "ciss pinerolese", name_has("C.I.S.S.")),
    Judged("acronym", "C.I.S.S.", name_has("C.I.S.S.")),
    Judged("acronym", "CSSM", name_has("C.S.S.M.")),
    Judged("acronym", "cogesa", name_has("Co.Ge.Sa.")),
    Judged("acronym", "C.S.A.C.", name_has("CSAC")),
    Judged("acronym", "A.S.L. TO3", name_has("ASL TO3")),
    Judged("acronym", "O.D.V.", ODV),
    Judged("acronym", "APS", legal("associazione di promozione sociale")),
    # Plurals and other word forms.
    Judged("plural", "cooperative sociali", SOCIAL_COOP),
    Judged("plural", "fondazioni", FOUNDATION),
    Judged("plural", "associazioni", ASSOCIATION),
    Judged("plural", "comuni", legal("comune")),
    Judged("plural", "anziano", theme(*ELDERLY)),
    Judged("plural", "consorzi", legal("consorzio", "consortile")),
    # Theme words reaching the themes they name.
    Judged("theme", "anziani", theme(*ELDERLY)),
    Judged("theme", "welfare aziendale", theme(*COMPANY_WELFARE)),
    Judged("theme", "povertà", theme("poverty_social_exclusion")),
    Judged(
        "theme", "disabili", theme("company_welfare_family_care", "collaborative_services_fragile")
    ),
    Judged("theme", "conciliazione", theme("company_welfare_work_life")),
    Judged("theme", "formazione", any_of(capability("training"), theme("accompaniment_coaching"))),
    Judged(
        "theme",
        "digitale",
        any_of(capability("digital"), theme("smart_technology_social_services")),
    ),
    # English words.
    Judged("english", "elderly care", theme(*ELDERLY)),
    Judged("english", "social cooperative", SOCIAL_COOP),
    Judged("english", "foundation Turin", all_of(FOUNDATION, province("TO", "Torino"))),
    Judged("english", "company welfare", theme(*COMPANY_WELFARE)),
    Judged("english", "poverty", theme("poverty_social_exclusion")),
    Judged("english", "volunteering", any_of(ODV, theme("company_welfare_corporate_volunteering"))),
    # Mixed: kind, theme and place in one query.
    Judged(
        "mixed",
        "cooperativa sociale anziani Torino",
        all_of(SOCIAL_COOP, theme(*ELDERLY), province("TO", "Torino")),
    ),
    Judged(
        "mixed", "welfare aziendale Cuneo", all_of(theme(*COMPANY_WELFARE), province("CN", "Cuneo"))
    ),
    Judged(
        "mixed",
        "pmi welfare aziendale TO",
        all_of(kind("SME"), theme(*COMPANY_WELFARE), province("TO")),
    ),
    Judged(
        "mixed",
        "associazione prossimità Novara",
        all_of(ASSOCIATION, theme("proximity_assistance"), province("NO", "Novara")),
    ),
    # Partly matched: one word matches nothing at all.
    Judged("partial", "cooperativa sociale zanzibar", SOCIAL_COOP),
    Judged("partial", "assistenza anziani quokka", theme(*ELDERLY)),
    Judged("partial", "fondazione xyzzy", FOUNDATION),
)
