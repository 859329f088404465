"""The district lead's view of a district: who is there, who works with whom, who is not
involved yet, and the district's consortia; the districts by their short names."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from app.services.organizations import district_choices
from graph.district_repo import district_overview_tx
from graph.driver import Graph
from graph.model import KINDS, SECTOR_OF_KIND


def district_overview(graph: Graph, code: str) -> dict[str, Any] | None:
    """The district's figures and lists, or None when there is no such district.

    An organisation is *not involved* when it has no partnership inside the district and
    belongs to none of the district's consortia.
    """
    data = graph.read(district_overview_tx, code=code)
    if data is None:
        return None
    organizations = data["organizations"]
    for org in organizations:
        org["sector"] = SECTOR_OF_KIND.get(org["kind"], "")
        org["involved"] = bool(org["ties"] or org["consortia"])
    by_kind = Counter(o["kind"] for o in organizations)
    cross = sum(
        1
        for p in data["partnerships"]
        if SECTOR_OF_KIND.get(p["from_kind"]) != SECTOR_OF_KIND.get(p["to_kind"])
    )
    return {
        **data,
        "by_kind": [(kind, by_kind.get(kind, 0)) for kind in KINDS if kind != "District"],
        "uninvolved": [o for o in organizations if not o["involved"]],
        "cross_sector": cross,
    }


_DISTRICT_PREFIX = re.compile(r"^Distretto della Coesione Sociale (?:di |del |della |dell')", re.I)


def short_name(name: str | None) -> str:
    """A district's name without "Distretto della Coesione Sociale di" (tables, charts).

    >>> short_name("Distretto della Coesione Sociale dell'Ovest Ticino"), short_name("Torino")
    ('Ovest Ticino', 'Torino')
    """
    return _DISTRICT_PREFIX.sub("", name or "")


def district_names(graph: Graph) -> dict[str, str]:
    """District code -> name, in the order of their short names (the place, not "Distretto
    della Coesione Sociale di")."""
    rows = sorted(district_choices(graph), key=lambda d: short_name(d.name).casefold())
    return {d.code: d.name for d in rows}
