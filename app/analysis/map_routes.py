"""The map of Piemonte: districts coloured by a measure, organisations per municipality, a
district's coverage gaps; the municipalities' boundaries as TopoJSON."""

from __future__ import annotations

import gzip
import threading
from typing import Any

from flask import Response, abort, jsonify, render_template, request, url_for
from flask_login import current_user

from app import policy
from app.access import deny
from app.analysis import bp
from app.analysis.presenting import map_words
from app.extensions import get_graph
from app.services import analysis, territory
from app.services.analysis_store import Scope
from app.services.districts import district_names


@bp.route("/mappa")
def region_map() -> str:
    """The districts of Piemonte coloured by a measure, with the same figures as tables."""
    graph = get_graph()
    names = district_names(graph)
    outcome = analysis.results(graph, Scope())
    measure = request.args.get("misura", "organizations")
    if measure not in territory.MEASURES:
        measure = "organizations"
    districts = territory.district_measures(graph, names, outcome.data)
    municipalities = [m for m in territory.municipality_counts(graph) if m.organizations]
    return render_template(
        "analysis/map.html",
        outcome=outcome,
        districts=districts,
        measure=measure,
        municipalities=sorted(municipalities, key=lambda m: (-m.organizations, m.name)),
        measures=territory.MEASURES,
        words=map_words(),
        data_url=url_for("analysis.region_map_data"),
    )


@bp.route("/mappa/dati")
def region_map_data() -> Response:
    """The map's figures: each district's measures, each municipality's organisations."""
    graph = get_graph()
    outcome = analysis.results(graph, Scope())
    districts = territory.district_measures(graph, district_names(graph), outcome.data)
    response = jsonify(
        {
            "state": outcome.state,
            "measures": list(territory.MEASURES),
            "districts": territory.as_json(districts),
            "municipalities": territory.as_json(territory.municipality_counts(graph)),
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/mappa/distretto/<district_code>/dati")
def district_map_data(district_code: str) -> Response:
    """A district's municipalities with organisations in the network and in its consortia
    (for its leads, regional staff and administrators)."""
    if not policy.can_view_district(current_user, district_code):
        deny("not a lead of this district", target_type="district", target_id=district_code)
    rows = territory.coverage(get_graph(), district_code)
    if not rows:
        abort(404)
    response = jsonify({"district": district_code, "municipalities": territory.as_json(rows)})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/mappa/comuni.topo.json")
def topology() -> Response:
    """The boundaries of Piemonte's municipalities (ISTAT, elaborazione Openpolis; CC BY 4.0),
    reference data anyone may read, kept in memory and compressed once."""
    plain, packed = _topology_bytes()
    if "gzip" in request.accept_encodings:
        response = Response(packed, mimetype="application/json")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(plain, mimetype="application/json")
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


_topology: dict[str, Any] = {}
_topology_lock = threading.Lock()


def _topology_bytes() -> tuple[bytes, bytes]:
    with _topology_lock:
        if "plain" not in _topology:
            plain = territory.TOPOLOGY_PATH.read_bytes()
            _topology["plain"] = plain
            _topology["gzip"] = gzip.compress(plain, compresslevel=9)
        return _topology["plain"], _topology["gzip"]
