"""The calls: public pages with phases, deadlines and rules; administrators edit them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("calls", __name__, template_folder="templates")


@bp.context_processor
def _helpers() -> dict[str, object]:
    from app.calls.presenting import template_helpers

    return template_helpers()


from app.calls import routes  # noqa: E402, F401
