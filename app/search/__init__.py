"""Partner search: full text and facets over every organisation, as a page and as JSON."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("search", __name__, template_folder="templates")

from app.search import routes  # noqa: E402, F401
