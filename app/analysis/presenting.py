"""Words, numbers and chart data for the analysis pages (labels translated per request)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import format_datetime, format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app import labels
from app.services.districts import short_name
from app.wording.analysis import STEP_LABELS

#: District columns: heading and whether a higher value is better (for the reader).
COLUMN_LABELS: dict[str, LazyString] = {
    "index": _l("Circular-subsidiarity index"),
    "z": _l("z-score against random networks"),
    "density": _l("Density"),
    "average_clustering": _l("Clustering"),
    "cross_share": _l("Cross-sector partnerships"),
    "articulation_points": _l("Articulation points"),
    "bridges": _l("Bridges"),
    "worst_stranded": _l("Most organisations cut off by one loss"),
    "nodes": _l("Organisations"),
    "edges": _l("Partnerships"),
}
SECTOR_COLOURS = {"public": "#2f6db5", "business": "#c77c0e", "civil": "#2e8b57"}


def pct(value: float | None) -> str:
    """A share as a percentage with one decimal, in the user's locale ('' when missing)."""
    return "" if value is None else str(format_percent(value, "#,##0.0%"))


def dec(value: float | None, digits: int = 2) -> str:
    """A decimal number with ``digits`` decimals in the user's locale ('' when missing)."""
    if value is None:
        return "–"
    return str(format_decimal(value, "#,##0." + "0" * digits if digits else "#,##0"))


def signed(value: float | None) -> str:
    """A z-score with its sign ('–' when undefined)."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + dec(value)


def growth_rows(bundle: dict[str, Any], today: date | None = None) -> list[dict[str, Any]]:
    """Growth year by year up to the current year (agreements may end in later years)."""
    year = (today or date.today()).year
    return [row for row in bundle.get("growth", []) if row["year"] <= year]


def district_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars of each district's index beside what random networks give it."""
    return {
        "type": "bar",
        "labels": [short_name(row["name"]) for row in rows],
        "datasets": [
            {
                "label": _("Circular-subsidiarity index"),
                "data": [r["index"] for r in rows],
                "color": "#9d1b32",
            },
            {
                "label": _("Expected in random networks"),
                "data": [r["baseline_mean"] for r in rows],
                "color": "#b8c0cc",
            },
        ],
        "unit": "percent",
    }


def growth_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Active partnerships per year, and the share of them joining two sectors."""
    return {
        "type": "line",
        "labels": [row["year"] for row in rows],
        "datasets": [
            {
                "label": _("Active partnerships"),
                "data": [r["active"] for r in rows],
                "color": "#9d1b32",
                "axis": "y",
            },
            {
                "label": _("Cross-sector share"),
                "data": [r["cross_sector_share"] for r in rows],
                "color": SECTOR_COLOURS["civil"],
                "axis": "share",
            },
        ],
    }


def comparison_charts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The compared districts side by side, one chart per kind of scale: the shares
    (index, cross-sector partnerships) on a percent axis, clustering and density, which
    are coefficients between 0 and 1 and not shares of anything, on a decimal axis."""
    palette = ("#9d1b32", "#2f6db5", "#c77c0e", "#2e8b57", "#6b4c9a", "#5b6675")

    def chart(keys: tuple[str, ...], unit: str) -> dict[str, Any]:
        return {
            "type": "bar",
            "unit": unit,
            "min": 0,
            "max": 1,
            "keys": list(keys),
            "labels": [str(COLUMN_LABELS[k]) for k in keys],
            "datasets": [
                {
                    "label": short_name(row["name"]),
                    "data": [row.get(k) for k in keys],
                    "color": palette[i % len(palette)],
                }
                for i, row in enumerate(rows)
            ],
        }

    return [
        chart(("index", "cross_share"), "percent"),
        chart(("average_clustering", "density"), "decimal"),
    ]


#: One-line definitions shown beside the measures (the analysis README has the detail).
DEFINITIONS: dict[str, LazyString] = {
    "index": _l(
        "Of all chains “A works with B, B works with C”, the share that joins a "
        "public body, a civil-society organisation and a business (0 to 100 %)."
    ),
    "cross_share": _l("The share of partnerships that join two different sectors."),
    "density": _l(
        "Partnerships present over all the partnerships possible between these "
        "organisations: from 0 (none) to 1 (everyone with everyone)."
    ),
    "average_clustering": _l(
        "How often two partners of the same organisation also work "
        "with each other, averaged over organisations: from 0 to 1."
    ),
    "modularity": _l(
        "How clearly the network splits into communities that work mostly "
        "among themselves: from about 0 (no split) to 1; above 0.3 the "
        "communities are marked."
    ),
    "pagerank": _l(
        "An organisation's importance from being tied to other important "
        "organisations; the values of a network add up to 1."
    ),
    "betweenness": _l(
        "How often an organisation lies on the shortest paths between two "
        "others: the brokers whose loss would lengthen or cut the paths."
    ),
    "z": _l(
        "How far the index is from random networks with the same sectors and numbers of "
        "partners, in standard deviations: beyond ±2 the difference is not chance."
    ),
}


def when(value: datetime | None) -> str:
    """A computation's time stamp in the user's time zone."""
    return "" if value is None else str(format_datetime(value, "medium"))


def step_label(step: str | None) -> str:
    """What a job is doing, in words."""
    return str(STEP_LABELS.get(step or "queued", step or ""))


def view_words() -> dict[str, Any]:
    """The network view script's sentences, with ``{name}`` placeholders it fills in."""
    return {
        "shown": _(
            "%(nodes)s organisations and %(edges)s partnerships shown",
            nodes="{nodes}",
            edges="{edges}",
        ),
        "found": _("%(count)s found: the first is highlighted", count="{count}"),
        "none": _("No organisation with that name"),
        "nowebgl": _(
            "This browser cannot draw the network (WebGL is off). The exports open in Gephi."
        ),
        "roles": {role: str(label) for role, label in labels.ROLE_LABELS.items()},
        "kinds": {kind: str(label) for kind, label in labels.KIND_LABELS.items()},
        "district": _("District"),
        "partners": _("Partners"),
        "pagerank": "PageRank",
        "betweenness": _("Betweenness"),
        "more": _("and %(count)s more", count="{count}"),
        "relaid": _(
            "The district is laid out on its own: %(nodes)s organisations.", nodes="{nodes}"
        ),
        "pending": _("The district's own layout is being computed: it is shown in place for now."),
        "listed": _(
            "The first %(count)s of %(total)s, by number of partners; the exports hold them all.",
            count="{count}",
            total="{total}",
        ),
    }


#: What a district can be coloured by on the map, and how its values read.
MEASURE_LABELS: dict[str, LazyString] = {
    "organizations": _l("Organisations"),
    "cross_share": _l("Cross-sector partnerships"),
    "index": _l("Circular-subsidiarity index"),
    "density": _l("Density"),
    "funded": _l("Funded consortia"),
}
MEASURE_FORMATS: dict[str, str] = {
    "organizations": "count",
    "funded": "count",
    "cross_share": "percent",
    "index": "percent",
    "density": "decimal",
}
#: Okabe and Ito's colour-blind-safe palette, one colour per kind (network view, map).
KIND_COLOURS: dict[str, str] = {
    "District": "#D55E00",
    "PublicBody": "#0072B2",
    "ThirdSector": "#009E73",
    "SME": "#E69F00",
    "Foundation": "#CC79A7",
}


def measure_value(measure: str, value: float | None) -> str:
    """A district's value of ``measure`` as the map's table shows it."""
    if value is None:
        return "–"
    kind = MEASURE_FORMATS.get(measure, "decimal")
    if kind == "count":
        return dec(value, 0)
    return pct(value) if kind == "percent" else dec(value, 3)


def map_words() -> dict[str, Any]:
    """The map script's words: measure names and formats, legend and tooltip phrases."""
    return {
        "measures": {key: str(label) for key, label in MEASURE_LABELS.items()},
        "formats": MEASURE_FORMATS,
        "none": _("no value"),
        "organizations": _("organisations"),
        "in_consortia": _("in consortia"),
        "municipalities": _("municipalities"),
        "no_organization": _("No organisation in the network"),
        "no_consortium": _("Organisations, none in the district's consortia"),
        "covered": _("Organisations in the district's consortia"),
        "here": _("The organisation is here"),
        "no_shape": _("No boundary on the map for this municipality"),
    }


def template_helpers() -> dict[str, Any]:
    """What the analysis templates call."""
    return {
        "pct": pct,
        "dec": dec,
        "short": short_name,
        "signed": signed,
        "when": when,
        "definitions": DEFINITIONS,
        "step_label": step_label,
        "column_labels": COLUMN_LABELS,
        "sector_colours": SECTOR_COLOURS,
        "view_words": view_words,
        "kind_colours": KIND_COLOURS,
        "measure_labels": MEASURE_LABELS,
        "measure_value": measure_value,
        "kind_label": lambda kind: labels.KIND_LABELS.get(kind, kind),
    }
