"""Message threads on partnership requests and consortium invitations."""

from flask import Blueprint

bp = Blueprint("threads", __name__, template_folder="templates")

from app.threads import routes  # noqa: E402, F401
