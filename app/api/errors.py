"""The API's one error shape, ``{"error": {status, title, detail, errors}}``, for every status.

It is the shape the rest of the site already gives JSON clients (app/errors), so an
address under /api/ that matches no route answers in it too. ``detail`` speaks the
request's language; ``errors`` (invalid requests only) holds the validation messages by
location and field.
"""

from __future__ import annotations

import http
import logging
from typing import Any

from flask import Response, g, jsonify, request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from app.errors.handlers import RETRY_AFTER_SECONDS, forget_user_for_this_request
from graph.driver import GraphUnavailable

log = logging.getLogger(__name__)

TITLES: dict[int, LazyString] = {
    400: _l("Bad request"),
    401: _l("Authentication required"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    422: _l("Invalid request"),
    500: _l("Something went wrong"),
    503: _l("Service temporarily unavailable"),
}
DETAILS: dict[int, LazyString] = {
    400: _l("The request could not be understood."),
    401: _l("Send an API token in the Authorization header: Bearer followed by the token."),
    403: _l("You do not have permission to do this."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not accept that method."),
    409: _l("The request conflicts with the current state of the data."),
    422: _l("Some of the request's parameters are not valid: see errors."),
    500: _l("An unexpected error occurred. It has been logged."),
    503: _l(
        "The database cannot be reached right now. Please try again in a few moments: "
        "nothing you have saved is lost."
    ),
}
REJECTED_TOKEN = _l("The API token is not valid, or it has been revoked.")


def error_body(
    status: int, detail: str | None = None, errors: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON body of an error."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = str(status)
    body: dict[str, Any] = {
        "status": status,
        "title": str(TITLES.get(status, phrase)),
        "detail": detail or str(DETAILS.get(status, phrase)),
    }
    if errors:
        body["errors"] = errors
    return {"error": body}


def error_response(
    status: int,
    detail: str | None = None,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """An error as a JSON response."""
    response = jsonify(error_body(status, detail, errors))
    response.status_code = status
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    return response


def http_error(exc: HTTPException) -> Response:
    """Any abort() in the API, including webargs' 422 for invalid parameters."""
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    custom = exc.description != type(exc).description
    detail = exc.description if custom else None
    headers = dict(data.get("headers") or {})
    if status == 401:
        rejected = bool(g.get("api_token_rejected"))
        detail = detail or (str(REJECTED_TOKEN) if rejected else None)
        headers["WWW-Authenticate"] = 'Bearer realm="WE.CA.RE."' + (
            ', error="invalid_token"' if rejected else ""
        )
    valid_methods = getattr(exc, "valid_methods", None)
    if status == 405 and valid_methods:
        headers["Allow"] = ", ".join(valid_methods)
    return error_response(status, detail, data.get("messages") or data.get("errors"), headers)


def graph_unavailable(exc: GraphUnavailable) -> Response:
    """Neo4j is down: 503 with Retry-After."""
    log.warning("Neo4j unavailable: %s", exc)
    forget_user_for_this_request()
    return error_response(503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def unexpected_error(exc: Exception) -> Response:
    """Anything else: logged with its traceback, answered 500."""
    log.exception("Unhandled error on %s %s", request.method, request.path)
    forget_user_for_this_request()
    return error_response(500)
