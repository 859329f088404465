"""Home page: a search box, the open calls, the next step for each role, the network's counts."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template
from flask_login import current_user

from app.extensions import get_graph
from app.main import bp
from app.main.presenting import next_step
from app.services.calls import open_calls
from app.services.overview import network_overview


@bp.route("/")
def index() -> str:
    """The home page: search, open calls, one next step per role, the network at a glance."""
    graph = get_graph()
    closing_days = int(current_app.config["CALL_CLOSING_SOON_DAYS"])
    return render_template(
        "main/index.html",
        overview=network_overview(graph),
        open_calls=open_calls(graph, date.today(), closing_days),
        step=next_step(current_user),
    )
