"""Reference data shipped with the repo: municipalities, enti gestori, themes and calls."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any, Final

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
PIEMONTE_DIR: Final = DATA_DIR / "piemonte"

RULES_VERSION: Final = 1

#: Province codes (sigla) of Piemonte with their names, in ISTAT order.
PROVINCES: Final[dict[str, str]] = {
    "TO": "Torino",
    "VC": "Vercelli",
    "NO": "Novara",
    "CN": "Cuneo",
    "AT": "Asti",
    "AL": "Alessandria",
    "BI": "Biella",
    "VB": "Verbano-Cusio-Ossola",
}


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(PIEMONTE_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _municipalities() -> tuple[dict[str, Any], ...]:
    rows: list[dict[str, Any]] = []
    for row in _read_csv("comuni_piemonte_istat.csv"):
        sigla = row["sigla_provincia"]
        rows.append(
            {
                "istat": row["codice_istat"],
                "name": row["denominazione"],
                "province": sigla,
                "province_name": PROVINCES[sigla],
                "province_code": row["codice_provincia_storico"],
                "capoluogo": row["capoluogo_flag"] == "1",
            }
        )
    rows.sort(key=lambda r: str(r["istat"]))
    return tuple(rows)


def municipalities() -> list[dict[str, Any]]:
    """All 1,181 municipalities of Piemonte in ISTAT order (fresh copies)."""
    return [dict(row) for row in _municipalities()]


def pinerolese_istat_codes() -> list[str]:
    """ISTAT codes of the 47 member municipalities of C.I.S.S. del Pinerolese."""
    rows = _read_csv("ente_gestore_ciss_pinerolese_comuni.csv")
    return sorted(row["codice_istat"] for row in rows)


def enti_gestori() -> list[dict[str, str]]:
    """The sourced enti gestori (name, seat town and ISTAT code, note, source)."""
    return _read_csv("enti_gestori_sourced_facts.csv")


def measure1_lead_istat_codes() -> list[str]:
    """ISTAT codes of the towns of the 22 funded measure-1 lead bodies."""
    return [row["codice_istat"] for row in _read_csv("wecare_misura1_capofila_sedi.csv")]


@cache
def _json(name: str) -> dict[str, Any]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def themes() -> list[dict[str, str]]:
    """The WE.CA.RE. action areas: code, label_it, label_en."""
    return [dict(theme) for theme in _json("themes.json")["themes"]]


def calls() -> list[dict[str, Any]]:
    """The five calls with phases, themes and rules (deep copies)."""
    data: list[dict[str, Any]] = json.loads(json.dumps(_json("calls.json")["calls"]))
    return data


def call_node_row(call: dict[str, Any]) -> dict[str, Any]:
    """Flatten a call for Neo4j: scalars and lists as properties, the rules as JSON."""
    rules = call["rules"]
    lead_kinds = set(rules["lead_kinds"])
    member_kinds = set(rules["member_kinds"])
    return {
        "code": call["code"],
        "title_it": call["title_it"],
        "title_en": call["title_en"],
        "budget_eur": call["budget_eur"],
        "max_projects": rules["max_projects"],
        "one_per_district": bool(rules["one_per_district"]),
        "lead_kinds": sorted(lead_kinds),
        "member_kinds": sorted(member_kinds),
        "phases": [phase["code"] for phase in call["phases"]],
        "phase_deadlines": [phase["deadline"] for phase in call["phases"]],
        "phases_json": json.dumps(call["phases"], ensure_ascii=False, sort_keys=True),
        "lines": [line["code"] for line in rules["lines"]],
        "rules_json": json.dumps(rules, ensure_ascii=False, sort_keys=True),
        "rules_version": RULES_VERSION,
        "themes": list(call["themes"]),
        "opens_on": call.get("opens_on"),
        "documents_json": json.dumps(call.get("documents") or [], ensure_ascii=False),
    }
