"""The consortium builder: consortia for the calls, invitations, rule checks, dossier."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consortia", __name__, template_folder="templates")


@bp.context_processor
def _helpers() -> dict[str, object]:
    from app.consortia.presenting import template_helpers

    return template_helpers()


from app.consortia import (  # noqa: E402, F401
    dossier_routes,
    member_routes,
    routes,
    suggest_routes,
)
