"""Answer errors as an HTML page or as JSON, depending on what the client accepts."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Response, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import HTTPException

from app.errors import bp
from graph.driver import GraphUnavailable

log = logging.getLogger(__name__)

#: How long clients should wait before retrying while the database is unavailable.
RETRY_AFTER_SECONDS = 5


def wants_json() -> bool:
    """True for API paths and for clients that prefer JSON to HTML."""
    if request.path.startswith("/api/") or request.path == "/health":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood.")),
        401: (_("Login required"), _("Log in to use this address.")),
        403: (_("Not allowed"), _("You do not have permission to do this.")),
        404: (_("Page not found"), _("The page you asked for does not exist.")),
        405: (_("Method not allowed"), _("This address does not accept that method.")),
        409: (_("Conflict"), _("The request conflicts with the current state of the data.")),
        413: (
            _("Too much data sent"),
            _("What you sent is larger than the platform accepts: send a smaller file."),
        ),
        429: (
            _("Too many attempts"),
            _("Too many failed attempts in a short time. Wait a minute and try again."),
        ),
        500: (_("Something went wrong"), _("An unexpected error occurred. It has been logged.")),
        503: (
            _("Service temporarily unavailable"),
            _(
                "The database cannot be reached right now. Please try again in a few moments: "
                "nothing you have saved is lost."
            ),
        ),
    }


def error_response(status: int, detail: str | None = None) -> tuple[Response | str, int]:
    """Render the error for ``status`` in the shape the client wants."""
    title, message = _messages().get(status, (str(status), ""))
    if wants_json():
        error = {"status": status, "title": title, "detail": detail or message}
        return jsonify(error=error), status
    page = render_template(
        "errors/error.html",
        status=status,
        title=title,
        message=detail or message,
        back_url=_back_url(status),
    )
    return page, status


def _back_url(status: int) -> str | None:
    """The page the user came from, on this site, as a way back from a refused request
    (none after a server error: that page may be the one that failed)."""
    referrer = request.referrer
    if status >= 500 or not referrer or referrer == request.url:
        return None
    return referrer if urlsplit(referrer).netloc == request.host else None


def forget_user_for_this_request() -> None:
    """Render the rest of the request as anonymous: loading the user needs Neo4j."""
    g._login_user = AnonymousUserMixin()


@bp.app_errorhandler(GraphUnavailable)
def graph_unavailable(exc: GraphUnavailable) -> tuple[Response | str, int, dict[str, str]]:
    """Neo4j is down: 503 with Retry-After, never a 500."""
    log.warning("Neo4j unavailable: %s", exc)
    forget_user_for_this_request()
    body, status = error_response(503)
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[Response | str, int, list[tuple[str, str]]]:
    """Any 4xx/5xx raised with abort() or by routing."""
    status = exc.code or 500
    # Werkzeug's stock descriptions are English; only our own abort() texts are shown.
    custom = exc.description != type(exc).description
    detail = exc.description if custom else None
    body, status = error_response(status, detail)
    return body, status, _protocol_headers(exc)


def _protocol_headers(exc: HTTPException) -> list[tuple[str, str]]:
    """The exception's own headers (``Allow`` on a 405, ``WWW-Authenticate``, ...), without
    its Content-Type: the body is ours."""
    return [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]


@bp.app_errorhandler(Exception)
def unexpected_error(exc: Exception) -> tuple[Response | str, int]:
    """Anything else: log it with its traceback and answer a plain 500."""
    log.exception("Unhandled error on %s %s", request.method, request.path)
    forget_user_for_this_request()
    return error_response(500)
