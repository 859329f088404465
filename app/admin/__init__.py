"""Administrators' pages: users and roles, organisation proposals, audit log, imports."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from app.admin import imports, merge_routes, queue_routes, routes  # noqa: E402, F401
