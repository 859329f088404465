"""Network analysis for the Region: districts ranked by the indices, the network's figures,
and the background jobs that compute them."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, jsonify

from app.api.common import Blueprint, documented
from app.api.schemas_network import (
    DistrictArgs,
    DistrictsSchema,
    JobSchema,
    OverviewArgs,
    OverviewSchema,
    PendingSchema,
)
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import analysis
from app.services.analysis import Outcome
from app.services.analysis_jobs import job_status
from app.services.analysis_store import Scope
from app.services.districts import district_names
from app.wording.analysis import job_json

bp = Blueprint(
    "analysis",
    __name__,
    description="Circular-subsidiarity analysis of the "
    "network; results are cached, large ones computed in the background.",
)


#: The 202 answer of a result not computed yet, as the document shows it.
_PENDING: dict[str, Any] = {
    "schema": PendingSchema,
    "success": True,
    "description": "Not computed yet: poll the job, then ask again.",
}


def _scope(args: dict[str, Any], district: str | None = None) -> Scope:
    """The years asked for (swapped when reversed)."""
    start, end = args.get("start_year"), args.get("end_year")
    if start is not None and end is not None and start > end:
        start, end = end, start
    return Scope(district=district, start_year=start, end_year=end)


def _outcome(outcome: Outcome, **data: Any) -> dict[str, Any]:
    """What every result says about itself: fresh or stale, version, job."""
    result = outcome.result
    return {
        "state": outcome.state,
        "version": outcome.version,
        "computed_at": result.computed_at if result else None,
        "job": job_json(outcome.job) if outcome.job else None,
        **data,
    }


def _pending(outcome: Outcome) -> Response:
    """202: nothing computed yet; the job computing it."""
    body = PendingSchema().dump(
        {"state": "pending", "version": outcome.version, "job": job_json(outcome.job or {})}
    )
    response = jsonify(body)
    response.status_code = 202
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/analysis/districts")
@bp.arguments(DistrictArgs, location="query")
@bp.response(200, DistrictsSchema)
@bp.alt_response(202, **_PENDING)
@documented(bp)
def districts(args: dict[str, Any]) -> dict[str, Any] | Response:
    """Every district's indices (optionally in a window of years), ranked by ``sort``."""
    graph = get_graph()
    outcome = analysis.results(graph, _scope(args))
    if outcome.data is None:
        return _pending(outcome)
    rows = analysis.district_ranking(outcome.data, district_names(graph), args["sort"])
    return _outcome(outcome, items=rows)


@bp.route("/analysis/overview")
@bp.arguments(OverviewArgs, location="query")
@bp.response(200, OverviewSchema)
@bp.alt_response(202, **_PENDING)
@documented(bp, 404)
def overview(args: dict[str, Any]) -> dict[str, Any] | Response:
    """The figures of the whole network, or of one district: structure, the
    circular-subsidiarity index, communities, the most central organisations, brokers and
    cut points."""
    graph = get_graph()
    district = args.get("district")
    if district is not None and district not in district_names(graph):
        abort(404)
    outcome = analysis.results(graph, _scope(args, district))
    bundle = outcome.data
    if bundle is None:
        return _pending(outcome)
    return _outcome(
        outcome,
        structure=bundle["structure"],
        subsidiarity=bundle["subsidiarity"]["overall"],
        communities=bundle["communities"],
        **analysis.named_lists(bundle),
    )


@bp.route("/analysis/jobs/<job_id>")
@bp.response(200, JobSchema)
@documented(bp, 404)
def job(job_id: str) -> dict[str, Any]:
    """A background computation's state and progress."""
    found = found_or_404(job_status(get_graph(), job_id))
    return job_json(found)
