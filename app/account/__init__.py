"""The user's own page: what they act for, join requests, proposing an organisation."""

from flask import Blueprint

bp = Blueprint("account", __name__, template_folder="templates")

from app.account import email_routes, privacy_routes, routes, token_routes  # noqa: E402, F401
