"""GET /health: 200 when Neo4j answers, 503 when it does not."""

from __future__ import annotations

from flask import Response, current_app, jsonify

from app.extensions import get_graph
from app.health import bp


@bp.route("/health")
def health() -> tuple[Response, int]:
    """Report the app's and Neo4j's state as JSON."""
    graph = get_graph()
    up = graph.ping(max_age=current_app.config["HEALTH_MAX_AGE"])
    body = {
        "status": "ok" if up else "unavailable",
        "neo4j": {"reachable": up, "database": graph.database},
    }
    return jsonify(body), 200 if up else 503
