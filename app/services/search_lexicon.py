"""What ordinary words of a query name: themes, kinds, capabilities, Italian for English.

The themes' own labels (Italian and English, read with the index) already lead to the
themes; these tables add the words people use for them ("anziani" for elderly care and
proximity assistance), the words for kinds of organisation and capabilities, the English
words for common Italian ones, and English names of places. Keys are folded words (lower
case, no accents); matching goes through their Italian stems, so "anziano", "anziani" and
"anziane" are one key.
"""

from __future__ import annotations

from typing import Final

_FAMILY: Final = "company_welfare_family_care"
_COMPANY: Final = (
    "company_welfare_work_life",
    "company_welfare_equal_opportunities",
    "company_welfare_wellbeing",
    "company_welfare_right_to_study",
    _FAMILY,
    "company_welfare_socio_educational",
    "company_welfare_supplementary",
    "company_welfare_corporate_volunteering",
)
_YOUNG: Final = ("company_welfare_socio_educational", "company_welfare_right_to_study")

#: Word -> the theme codes it names (beyond the words of the themes' own labels).
THEME_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "anziani": (_FAMILY, "proximity_assistance"),
    "anziano": (_FAMILY, "proximity_assistance"),
    "elderly": (_FAMILY, "proximity_assistance"),
    "senior": (_FAMILY, "proximity_assistance"),
    "domiciliare": ("proximity_assistance",),
    "domicilio": ("proximity_assistance",),
    "home": ("proximity_assistance",),
    "disabili": (_FAMILY, "collaborative_services_fragile"),
    "disabilita": (_FAMILY, "collaborative_services_fragile"),
    "disabled": (_FAMILY, "collaborative_services_fragile"),
    "disability": (_FAMILY, "collaborative_services_fragile"),
    "autosufficienti": (_FAMILY, "collaborative_services_fragile"),
    "fragili": ("collaborative_services_fragile",),
    "vulnerable": ("collaborative_services_fragile",),
    "aziendale": _COMPANY,
    "aziende": _COMPANY,
    "lavoratori": _COMPANY,
    "dipendenti": _COMPANY,
    "company": _COMPANY,
    "corporate": _COMPANY,
    "employees": _COMPANY,
    "workers": _COMPANY,
    "giovani": _YOUNG,
    "minori": _YOUNG,
    "bambini": _YOUNG,
    "ragazzi": _YOUNG,
    "scuola": _YOUNG,
    "children": _YOUNG,
    "youth": _YOUNG,
    "famiglia": (_FAMILY, "company_welfare_work_life"),
    "famiglie": (_FAMILY, "company_welfare_work_life"),
    "family": (_FAMILY, "company_welfare_work_life"),
    "donne": ("company_welfare_equal_opportunities",),
    "parita": ("company_welfare_equal_opportunities",),
    "women": ("company_welfare_equal_opportunities",),
    "gender": ("company_welfare_equal_opportunities",),
    "poveri": ("poverty_social_exclusion",),
    "esclusione": ("poverty_social_exclusion",),
    "emarginazione": ("poverty_social_exclusion",),
    "homeless": ("poverty_social_exclusion",),
    "sanita": ("health_wellbeing",),
    "sanitario": ("health_wellbeing",),
    "health": ("health_wellbeing",),
    "digitale": ("smart_technology_social_services",),
    "tecnologia": ("smart_technology_social_services",),
    "technology": ("smart_technology_social_services",),
    "digital": ("smart_technology_social_services",),
    "volontariato": ("company_welfare_corporate_volunteering",),
    "volunteering": ("company_welfare_corporate_volunteering",),
    "formazione": ("accompaniment_coaching",),
    "training": ("accompaniment_coaching",),
    "demografico": ("demographic_change",),
    "invecchiamento": ("demographic_change",),
    "ageing": ("demographic_change",),
    "aging": ("demographic_change",),
}

#: Word -> kinds of organisation it names.
KIND_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "pmi": ("SME",),
    "sme": ("SME",),
    "impresa": ("SME",),
    "imprese": ("SME",),
    "azienda": ("SME",),
    "business": ("SME",),
    "enterprise": ("SME",),
    "fondazione": ("Foundation",),
    "foundation": ("Foundation",),
    "ets": ("ThirdSector",),
    "terzo": ("ThirdSector",),
    "nonprofit": ("ThirdSector",),
    "pubblico": ("PublicBody",),
    "pubblica": ("PublicBody",),
    "public": ("PublicBody",),
    "ente": ("PublicBody",),
    "distretto": ("District",),
    "district": ("District",),
    "dcs": ("District",),
}

#: Word -> capability codes (app.labels.CAPABILITY_LABELS) it names.
CAPABILITY_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "formazione": ("training",),
    "training": ("training",),
    "corsi": ("training",),
    "ricerca": ("research",),
    "research": ("research",),
    "valutazione": ("research",),
    "digitale": ("digital",),
    "digital": ("digital",),
    "informatica": ("digital",),
    "comunicazione": ("communication",),
    "communication": ("communication",),
    "accompagnamento": ("accompaniment",),
    "accompaniment": ("accompaniment",),
    "coaching": ("accompaniment",),
    "erogazione": ("service_delivery",),
    "contributi": ("grant_making",),
    "finanziamenti": ("grant_making",),
    "grant": ("grant_making",),
    "grants": ("grant_making",),
}

#: English word -> the Italian words searched in its place (as well as itself).
ENGLISH: Final[dict[str, tuple[str, ...]]] = {
    "social": ("sociale",),
    "cooperative": ("cooperativa",),
    "cooperatives": ("cooperativa",),
    "coop": ("cooperativa",),
    "association": ("associazione",),
    "associations": ("associazione",),
    "foundation": ("fondazione",),
    "foundations": ("fondazione",),
    "enterprise": ("impresa",),
    "enterprises": ("impresa",),
    "company": ("aziendale",),
    "companies": ("aziendale",),
    "municipality": ("comune",),
    "municipalities": ("comune",),
    "town": ("comune",),
    "consortium": ("consorzio",),
    "elderly": ("anziani",),
    "care": ("assistenza", "cura"),
    "assistance": ("assistenza",),
    "poverty": ("poverta",),
    "volunteering": ("volontariato",),
    "volunteers": ("volontari",),
    "volunteer": ("volontariato",),
    "health": ("salute",),
    "wellbeing": ("benessere",),
    "services": ("servizi",),
    "service": ("servizi",),
    "innovation": ("innovazione",),
    "training": ("formazione",),
    "research": ("ricerca",),
    "communication": ("comunicazione",),
    "equal": ("pari",),
    "opportunities": ("opportunita",),
    "study": ("studio",),
    "education": ("educativi",),
    "proximity": ("prossimita",),
    "economy": ("economia",),
    "civil": ("civile",),
    "welfare": ("welfare",),
    "network": ("rete",),
    "agency": ("azienda",),
    "local": ("locale",),
    "sanitary": ("sanitaria",),
}

#: Two words that together name something neither says alone -> the pairs of words that
#: count for them. Keys are the words' stems (``search_text.stem``), so "imprese sociali"
#: is "impresa sociale". Italian law makes every social cooperative a social enterprise
#: (D.Lgs. 112/2017, art. 1 c. 4), so "impresa sociale" finds social cooperatives too.
PHRASES: Final[dict[tuple[str, str], tuple[tuple[str, str], ...]]] = {
    ("impres", "social"): (("cooperativa", "sociale"),),
    ("social", "enterpris"): (("impresa", "sociale"), ("cooperativa", "sociale")),
    ("social", "enterprises"): (("impresa", "sociale"), ("cooperativa", "sociale")),
    ("pubblic", "amministrazion"): (("ente", "pubblico"),),
    ("amministrazion", "pubblic"): (("ente", "pubblico"),),
    ("terz", "settor"): (("terzo", "ets"),),
    ("third", "sector"): (("terzo", "ets"),),
}

#: English (and older) names of places -> their Italian names.
PLACE_ALIASES: Final[dict[str, str]] = {
    "turin": "torino",
    "novare": "novara",
    "alexandria": "alessandria",
    "coni": "cuneo",
}

#: Words that make the place after them a province ("provincia di Cuneo").
PROVINCE_MARKERS: Final = frozenset({"provincia", "prov", "province"})
#: Words that only introduce a place: dropped when they stand before one.
PLACE_MARKERS: Final = frozenset(
    {
        *PROVINCE_MARKERS,
        "in",
        "a",
        "ad",
        "di",
        "del",
        "della",
        "near",
        "presso",
        "zona",
        "area",
        "around",
        "of",
    }
)
