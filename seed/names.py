"""Italian name parts for fictional organisations, and the web slug made from a name."""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Final

WORDS: Final[tuple[str, ...]] = (
    "Il Girasole",
    "La Bussola",
    "Il Ponte",
    "Arcobaleno",
    "Il Faro",
    "La Rondine",
    "Orizzonti",
    "Il Sentiero",
    "La Tela",
    "Il Melograno",
    "La Quercia",
    "L'Airone",
    "Il Mosaico",
    "La Lanterna",
    "Il Glicine",
    "La Meridiana",
    "Il Cortile",
    "La Fucina",
    "Il Seme",
    "La Radice",
    "Il Germoglio",
    "Terra Buona",
    "Il Filo",
    "La Trama",
    "Il Crocevia",
    "La Piazza",
    "La Corte",
    "Il Timone",
    "La Vela",
    "La Sorgente",
    "Il Castagno",
    "Il Noce",
    "La Betulla",
    "Il Larice",
    "La Genziana",
    "L'Aquilone",
    "Il Cerchio",
    "La Spiga",
    "Il Frutteto",
    "La Vigna",
    "Il Mulino",
    "La Cascina",
    "Il Tralcio",
    "L'Approdo",
    "La Soglia",
    "Il Varco",
    "La Staffetta",
    "Il Villaggio",
    "Le Ali",
    "Il Granaio",
    "La Bottega",
    "Il Ventaglio",
    "La Tavolozza",
    "L'Incontro",
    "L'Abbraccio",
    "La Carovana",
    "Il Cammino",
    "La Mongolfiera",
    "Il Gomitolo",
    "La Lucciola",
    "Il Pettirosso",
    "La Ginestra",
    "Il Sambuco",
    "La Coccinella",
)

ASSOCIATION_WORDS: Final[tuple[str, ...]] = (
    "Casa Comune",
    "Vicini di Casa",
    "Spazio Aperto",
    "Porte Aperte",
    "Tessere Legami",
    "Generazioni in Rete",
    "Buon Vicinato",
    "Comunità in Cammino",
    "Mani in Pasta",
    "Passo dopo Passo",
    "Insieme si Può",
    "Oltre il Muro",
    "Nuovi Orizzonti",
    "Tempo Condiviso",
    "Giovani per il Territorio",
    "Cortili Aperti",
    "Radici e Ali",
    "Piazza Viva",
    "Semi di Comunità",
    "Reti di Prossimità",
    "Ponti tra Generazioni",
)

SURNAMES: Final[tuple[str, ...]] = (
    "Gribaudo",
    "Chiarle",
    "Ghione",
    "Bertero",
    "Revelli",
    "Cravero",
    "Audisio",
    "Manera",
    "Boero",
    "Oddone",
    "Aimar",
    "Borgna",
    "Tallone",
    "Perotti",
    "Aimone",
    "Baudino",
    "Cerutti",
    "Roagna",
    "Bonino",
    "Operti",
    "Chiabrando",
    "Giraudo",
    "Dutto",
    "Barale",
    "Lerda",
    "Chiapello",
    "Bottero",
    "Peano",
    "Rinaudo",
    "Ravera",
    "Cavallero",
    "Olivero",
    "Demaria",
    "Bertolino",
    "Fenoglio",
    "Gianoglio",
    "Viglietti",
    "Arneodo",
    "Marengo",
    "Garelli",
    "Molineris",
    "Allasia",
    "Tosello",
    "Pautasso",
    "Actis",
    "Bosio",
    "Gastaldi",
)

TRADES: Final[tuple[str, ...]] = (
    "Meccanica",
    "Impianti",
    "Logistica",
    "Servizi",
    "Informatica",
    "Costruzioni",
    "Alimentari",
    "Tessile",
    "Arredamenti",
    "Trasporti",
    "Elettronica",
    "Grafiche",
    "Cartotecnica",
    "Vini",
    "Dolciaria",
    "Ingegneria",
    "Automazione",
    "Plastiche",
    "Consulenze",
    "Software",
    "Energia",
    "Ottica",
    "Ceramiche",
    "Salumi",
)

#: (legal form, weight, pattern) for fictional third-sector organisations.
THIRD_SECTOR_FORMS: Final[tuple[tuple[str, float, str], ...]] = (
    ("Società cooperativa sociale di tipo A", 0.25, "Cooperativa Sociale {word}"),
    ("Società cooperativa sociale di tipo B", 0.15, "{word} Cooperativa Sociale"),
    ("Associazione di promozione sociale", 0.20, "Associazione {assoc} APS"),
    ("Organizzazione di volontariato", 0.15, "{volunteers} ODV"),
    ("Impresa sociale S.r.l.", 0.10, "{word} Impresa Sociale S.r.l."),
    ("Fondazione di partecipazione", 0.05, "Fondazione {word} per la Comunità"),
    ("Consorzio di cooperative sociali", 0.10, "Consorzio Sociale {word}"),
)

_VOLUNTEERS: Final[tuple[str, ...]] = (
    "Volontari di {town}",
    "Amici di {town}",
    "Gruppo Volontari {word}",
    "Banco Solidale di {town}",
    "Auto Amica {town}",
    "Volontariato {word}",
)


def third_sector_name(rng: random.Random, town: str, *, local: bool = False) -> tuple[str, str]:
    """A fictional third-sector name and its legal form; ``local`` adds the town to it."""
    forms = THIRD_SECTOR_FORMS
    legal_form, _, pattern = rng.choices(forms, weights=[f[1] for f in forms])[0]
    word = rng.choice(WORDS)
    if local:
        word = f"{word} di {town}"
    volunteers = rng.choice(_VOLUNTEERS).format(town=town, word=word)
    assoc = rng.choice(ASSOCIATION_WORDS) + (f" {town}" if local else "")
    return pattern.format(word=word, assoc=assoc, volunteers=volunteers), legal_form


def sme_name(rng: random.Random, size_class: str, non_profit: bool) -> tuple[str, str]:
    """A fictional SME name and legal form that fit its size and profit status."""
    surname = rng.choice(SURNAMES)
    if non_profit:
        if rng.random() < 0.6:
            return f"{rng.choice(WORDS)} Società Cooperativa", "Società cooperativa"
        return f"Consorzio {surname} Servizi S.c.a r.l.", "Società consortile a r.l."
    trade = rng.choice(TRADES)
    if size_class == "medium":
        return f"{surname} {trade} S.p.A.", "Società per azioni"
    if size_class == "micro" and rng.random() < 0.5:
        other = rng.choice(SURNAMES)
        return f"{surname} & {other} {trade} S.n.c.", "Società in nome collettivo"
    return f"{surname} {trade} S.r.l.", "Società a responsabilità limitata"


def foundation_name(rng: random.Random, town: str) -> tuple[str, str]:
    """A fictional foundation name and legal form."""
    surname = rng.choice(SURNAMES)
    pattern = rng.choice(
        (
            "Fondazione {surname} per il Territorio",
            "Fondazione {surname} ETS",
            "Fondazione d'Impresa {surname}",
            "Fondazione di Comunità di {town}",
        )
    )
    legal_form = "Fondazione d'impresa" if "Impresa" in pattern else "Fondazione"
    return pattern.format(surname=surname, town=town), legal_form


_SHORTER: Final = (
    ("cooperativa-sociale", "coop"),
    ("societa-cooperativa", "coop"),
    ("associazione", "assoc"),
    ("fondazione", "fond"),
)
_LEGAL_SUFFIX = re.compile(r"\b(s\.?r\.?l|s\.?p\.?a|s\.?n\.?c|s\.?c\.?a r\.?l|aps|odv|ets)\b\.?")


def slug(name: str) -> str:
    """A lowercase ASCII slug for web and e-mail addresses: 'La Bussola APS' -> 'la-bussola'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    lowered = _LEGAL_SUFFIX.sub(" ", ascii_name.lower())
    joined = "-".join(re.findall(r"[a-z0-9]+", lowered))
    for long, short in _SHORTER:
        joined = joined.replace(long, short)
    return joined[:40].strip("-")


#: Fictional project titles by call (a district or town is appended where territorial).
PROJECT_TITLES: Final[dict[str, tuple[str, ...]]] = {
    "FSE1": (
        "Comunità che cura",
        "Welfare di prossimità",
        "Reti che curano",
        "Abitare solidale",
        "Prossimità in rete",
        "Territori che includono",
        "Legami di comunità",
        "Patto per il welfare locale",
        "Il welfare è di tutti",
        "Vicini di casa, vicini di cura",
        "Cantiere di comunità",
        "Generare comunità",
        "Welfare generativo",
        "Custodi del territorio",
        "Comunità resilienti",
        "Tessiture sociali",
        "Sportelli di comunità",
        "Porte aperte al welfare",
        "Insieme nel territorio",
        "Cura condivisa",
        "Welfare in piazza",
        "Distretto solidale",
        "Ponti di comunità",
        "Casa comune del welfare",
        "Reciprocità in rete",
        "Trame di prossimità",
        "Il paese che cura",
        "Welfare a chilometro zero",
        "Comunità in movimento",
        "Nodi di cura",
    ),
    "FSE2": (
        "Tecnologie amiche per la domiciliarità",
        "Sportello digitale di prossimità",
        "Servizi collaborativi per la fragilità",
        "Custodia sociale leggera",
        "Teleassistenza di comunità",
        "Rete dei caregiver",
        "Condomini solidali",
        "Orti sociali e inclusione",
        "Maggiordomo di comunità",
        "Spesa sospesa in rete",
        "Trasporto solidale su prenotazione",
        "Domotica per restare a casa",
    ),
    "FSE3": (
        "Welfare aziendale in rete",
        "Conciliare è possibile",
        "Benessere in azienda",
        "Tempo per la famiglia",
        "Sportello welfare per i dipendenti",
        "Asilo aziendale condiviso",
        "Volontariato d'impresa in rete",
        "Cura e lavoro",
    ),
    "FESR:line1": (
        "Residenza socio-sanitaria di comunità",
        "Centro diurno integrato",
        "Poliambulatorio sociale",
    ),
    "FESR:line2": (
        "Ammodernamento dell'assistenza domiciliare",
        "Attrezzature per l'inclusione lavorativa",
        "Laboratorio accessibile",
        "Mezzi attrezzati per il trasporto sociale",
        "Cucina sociale di quartiere",
    ),
    "FSE4": (
        "Accompagnare l'innovazione sociale",
        "Cantiere WE.CA.RE.: accompagnamento",
        "Facilitare i partenariati",
        "Comunicare il welfare di comunità",
    ),
}
