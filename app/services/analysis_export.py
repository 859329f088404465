"""Exports of an analysed scope: GraphML and GEXF for Gephi, CSV for spreadsheets, JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Final

import networkx as nx

from app.services.analysis_store import METRICS
from app.services.csv_format import STANDARD, Flavour
from graph.analysis.bundle import DISTRICT_METRICS

#: Node colours in the GEXF file, as on the pages (static/css/app.css).
SECTOR_RGB: Final = {"public": (47, 109, 181), "business": (199, 124, 14), "civil": (46, 139, 87)}
#: Columns of the per-organisation metrics file.
METRIC_COLUMNS: Final = (
    "id",
    "name",
    "kind",
    "sector",
    "district",
    "size_class",
    "themes",
    *METRICS,
)
#: Columns of the district table file.
DISTRICT_COLUMNS: Final = (
    "district",
    "name",
    "rank",
    *DISTRICT_METRICS,
    "public",
    "civil",
    "business",
)
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def export_graph(document: dict[str, Any], *, viz: bool) -> nx.Graph:
    """The networkx graph of a network document, ready for Gephi.

    Nodes keep every attribute but ``id`` (their key) and the empty ones; ``label`` is
    the name. With ``viz`` the position, a sector colour and a size by PageRank go into
    GEXF's ``viz`` element; otherwise ``x`` and ``y`` stay plain attributes (GraphML).
    """
    G: nx.Graph = nx.Graph()
    top = max((n.get("pagerank") or 0.0 for n in document["nodes"]), default=0.0) or 1.0
    for node in document["nodes"]:
        attrs = {k: v for k, v in node.items() if k != "id" and v is not None}
        attrs["label"] = node.get("name", "")
        if viz:
            x, y = attrs.pop("x", 0.0), attrs.pop("y", 0.0)
            r, g, b = SECTOR_RGB.get(node.get("sector", ""), (120, 120, 120))
            size = 2.0 + 18.0 * ((node.get("pagerank") or 0.0) / top) ** 0.5
            attrs["viz"] = {
                "position": {"x": float(x), "y": float(y), "z": 0.0},
                "color": {"r": r, "g": g, "b": b, "a": 1.0},
                "size": round(size, 2),
            }
        G.add_node(node["id"], **attrs)
    for link in document["links"]:
        attrs = {k: v for k, v in link.items() if k not in ("source", "target") and v is not None}
        G.add_edge(link["source"], link["target"], **attrs)
    G.graph.update({k: v for k, v in document.get("graph", {}).items() if v is not None})
    return G


def gexf_bytes(document: dict[str, Any]) -> bytes:
    """The network document as GEXF 1.2 (Gephi draws it with positions and colours)."""
    buffer = io.BytesIO()
    nx.write_gexf(export_graph(document, viz=True), buffer)
    return buffer.getvalue()


def graphml_bytes(document: dict[str, Any]) -> bytes:
    """The network document as GraphML."""
    buffer = io.BytesIO()
    nx.write_graphml(export_graph(document, viz=False), buffer)
    return buffer.getvalue()


def metrics_csv(document: dict[str, Any], flavour: Flavour = STANDARD) -> str:
    """One row per organisation with its metrics (UTF-8 with BOM, commas, decimal points;
    with ``EXCEL_IT``, semicolons and decimal commas).

    >>> text = metrics_csv({"nodes": [{"id": "o1", "name": "=Alfa", "degree": 2}]})
    >>> text.splitlines()[1]
    "o1,'=Alfa,,,,,,2,,,,,,,,,"
    >>> from app.services.csv_format import EXCEL_IT
    >>> metrics_csv({"nodes": [{"id": "o1", "pagerank": 0.125}]}, EXCEL_IT).splitlines()[1]
    'o1;;;;;;;;;0,125;;;;;;;'
    """
    return _csv(METRIC_COLUMNS, document["nodes"], flavour)


def districts_csv(rows: list[dict[str, Any]], flavour: Flavour = STANDARD) -> str:
    """The district table (ranked rows with names), one row per district."""
    flat = [
        {**row, **{s: row.get("sectors", {}).get(s, 0) for s in ("public", "civil", "business")}}
        for row in rows
    ]
    return _csv(DISTRICT_COLUMNS, flat, flavour)


def bundle_json(
    meta: dict[str, Any], bundle: dict[str, Any], network: dict[str, Any] | None
) -> str:
    """Everything computed for a scope, with its version and time, as one JSON document."""
    return json.dumps(
        {**meta, "bundle": bundle, "network": network}, ensure_ascii=False, indent=1, default=str
    )


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]], flavour: Flavour = STANDARD) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=flavour.delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column), flavour) for column in columns])
    return ("\ufeff" if flavour.encoding == "utf-8-sig" else "") + out.getvalue()


def _cell(value: Any, flavour: Flavour = STANDARD) -> str:
    """A cell's text; text that a spreadsheet would run as a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:.6g}"
        return text.replace(".", ",") if flavour.decimal_comma else text
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
