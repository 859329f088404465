"""Claiming an organisation nobody acts for, from the link mailed to its contact address."""

from flask import Blueprint

bp = Blueprint("claims", __name__, template_folder="templates")

from app.claims import routes  # noqa: E402, F401
