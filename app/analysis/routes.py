"""The Region's dashboard: districts ranked by the indices, charts, brokers, growth; progress."""

from __future__ import annotations

from flask import Response, jsonify, render_template, request

from app.analysis import bp
from app.analysis.presenting import (
    comparison_charts,
    district_chart,
    growth_chart,
    growth_rows,
)
from app.analysis.scoping import requested_scope, scope_values, window_years
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import analysis
from app.services.analysis_jobs import job_status as read_job
from app.wording.analysis import job_json


@bp.route("/")
def dashboard() -> str:
    """Indices of the whole network (or a district, or a window of years) for the Region."""
    graph = get_graph()
    names, scope = requested_scope(graph)
    outcome = analysis.results(graph, scope)
    bundle = outcome.data
    sort = request.args.get("ordina", "index")
    rows = analysis.district_ranking(bundle, names, sort) if bundle else []
    years = growth_rows(bundle) if bundle else []
    charts = {"districts": district_chart(rows), "growth": growth_chart(years)} if bundle else {}
    relation = analysis.index_relation(bundle) if bundle and not scope.district else None
    return render_template(
        "analysis/dashboard.html",
        outcome=outcome,
        relation=relation,
        bundle=bundle,
        rows=rows,
        sort=sort,
        years=years,
        charts=charts,
        window_years=window_years(),
        **scope_values(names, scope),
        **analysis.named_lists(bundle),
    )


@bp.route("/confronto")
def compare() -> str:
    """Two or more districts side by side (``?d=DCS01&d=DCS05``), within the chosen years."""
    graph = get_graph()
    names, scope = requested_scope(graph)
    outcome = analysis.results(graph, scope)
    codes = request.args.getlist("d")
    rows = []
    if outcome.data:
        rows = analysis.comparison(analysis.district_ranking(outcome.data, names), codes)
    return render_template(
        "analysis/compare.html",
        outcome=outcome,
        rows=rows,
        codes=codes,
        **scope_values(names, scope),
        charts=comparison_charts(rows) if rows else [],
    )


@bp.route("/lavori/<job_id>")
def job_status(job_id: str) -> Response:
    """A background computation's state and progress, as JSON for the waiting pages."""
    job = found_or_404(read_job(get_graph(), job_id))
    response = jsonify(job_json(job))
    response.headers["Cache-Control"] = "no-store"
    return response
