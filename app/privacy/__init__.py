"""The privacy notice (public) and the gate that asks for consent to a new version."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")

from app.privacy import routes  # noqa: E402, F401
