"""Network analysis pages: the Region's dashboard, the network view, exports for Gephi."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("analysis", __name__, template_folder="templates")


@bp.context_processor
def _helpers() -> dict[str, object]:
    from app.analysis.presenting import template_helpers

    return template_helpers()


from app.analysis import export_routes, map_routes, network_routes, routes  # noqa: E402, F401
