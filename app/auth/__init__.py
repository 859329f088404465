"""Accounts: log in, log out, register, change password, reset it, confirm e-mail."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from app.auth import recovery_routes, routes  # noqa: E402, F401
