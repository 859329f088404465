"""Liveness and database reachability for load balancers and monitoring."""

from flask import Blueprint

bp = Blueprint("health", __name__)

from app.health import routes  # noqa: E402, F401
