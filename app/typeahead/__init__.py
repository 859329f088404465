"""Typeahead: JSON suggestions of organisations and municipalities for the pickers."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("typeahead", __name__)

from app.typeahead import routes  # noqa: E402, F401
