"""Home page with the network's counts."""

from __future__ import annotations

from flask import render_template

from app.extensions import get_graph
from app.main import bp
from app.services.overview import network_overview


@bp.route("/")
def index() -> str:
    """The network at a glance: organisations by kind, sector and district."""
    return render_template("main/index.html", overview=network_overview(get_graph()))
