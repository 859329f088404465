"""Directory of organisations: list and profile (read-only for now)."""

from flask import Blueprint

bp = Blueprint("organizations", __name__, template_folder="templates")

from app.organizations import routes  # noqa: E402, F401
