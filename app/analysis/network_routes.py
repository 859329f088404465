"""The interactive network view: the whole network for the Region, a consortium's own for
whoever may see the consortium. Both pages draw from one JSON format (node-link data)."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, jsonify, render_template, url_for

from app.analysis import bp
from app.analysis.presenting import job_json
from app.analysis.scoping import district_names, scope_args, scope_from_request
from app.consortia.access import consortium_or_404
from app.extensions import get_graph
from app.services import analysis, reference
from app.services.analysis import Outcome
from app.services.analysis_store import Scope


@bp.route("/rete")
def network() -> str:
    """The whole network (or a district's, or a window's), drawn with sigma.js."""
    graph = get_graph()
    names = district_names(graph)
    scope = scope_from_request(names)
    outcome = analysis.results(graph, scope, "view", raw=True)
    return render_template(
        "analysis/network.html", scope=scope, args=scope_args(scope), outcome=outcome,
        names=names, themes=reference.themes(graph), consortium=None,
        data_url=url_for("analysis.network_data", **scope_args(scope)))


@bp.route("/rete/dati")
def network_data() -> tuple[Response, int]:
    """The network view's data: nodes with metrics and positions, partnerships."""
    graph = get_graph()
    scope = scope_from_request(district_names(graph))
    return _view_json(analysis.results(graph, scope, "view", raw=True))


@bp.route("/consorzi/<consortium_id>/rete")
def consortium_network(consortium_id: str) -> str:
    """A consortium's own network: its members and the partnerships among them."""
    view = consortium_or_404(consortium_id)
    graph = get_graph()
    outcome = analysis.results(graph, Scope(consortium=consortium_id), "view", raw=True)
    summary = analysis.results(graph, Scope(consortium=consortium_id)).data
    return render_template(
        "analysis/network.html", scope=Scope(consortium=consortium_id), args={},
        outcome=outcome, names=district_names(graph), themes=reference.themes(graph),
        consortium=view, summary=summary,
        data_url=url_for("analysis.consortium_network_data", consortium_id=consortium_id))


@bp.route("/consorzi/<consortium_id>/rete/dati")
def consortium_network_data(consortium_id: str) -> tuple[Response, int]:
    """The consortium network view's data, in the same format as the whole network's."""
    consortium_or_404(consortium_id)
    return _view_json(
        analysis.results(get_graph(), Scope(consortium=consortium_id), "view", raw=True))


def _view_json(outcome: Outcome) -> tuple[Response, int]:
    """200 with the node-link data (fresh or stale) as stored, behind the state and
    version; or 202 with the job to wait for."""
    meta: dict[str, Any] = {"state": outcome.state, "version": outcome.version,
                            "job": job_json(outcome.job) if outcome.job else None}
    result = outcome.result
    if result is None or result.raw is None:
        response, status = jsonify(meta), 202
    else:
        meta |= {"computed_version": result.version,
                 "computed_at": result.computed_at.isoformat()}
        # Both are JSON objects: splice the stored document in without parsing it.
        body = json.dumps(meta)[:-1] + "," + result.raw.lstrip()[1:]
        response, status = Response(body, mimetype="application/json"), 200
    response.headers["Cache-Control"] = "no-store"
    return response, status
