"""The JSON API under /api/v1, documented by /api/v1/openapi.json (see docs/api.md)."""

from __future__ import annotations

from typing import Any, Final

from flask import Flask
from flask_smorest import Api  # type: ignore[import-untyped]
from werkzeug.exceptions import HTTPException

from app.api import errors
from app.api.auth import authenticate
from app.api.common import Blueprint
from app.api.schemas import ErrorSchema
from app.extensions import csrf
from graph.driver import GraphUnavailable

PREFIX: Final = "/api/v1"
SETTINGS: Final[dict[str, Any]] = {
    "API_TITLE": "WE.CA.RE. partnership network API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Organisations, partner search, partnerships, recommendations, consortia with "
                "their rule checks, and network analysis of the WE.CA.RE. strategy "
                "(Regione Piemonte). "
                "Authenticate with a personal token (Authorization: Bearer <token>), created on "
                "/account/token-api. Lists are paged (page, per_page); every error has the Error "
                "shape. Texts speak Italian, or English with ?lang=en."
            )
        }
    },
}

bp = Blueprint("api", __name__, url_prefix=PREFIX)
bp.url_value_preprocessor(authenticate)
bp.register_error_handler(HTTPException, errors.http_error)
bp.register_error_handler(GraphUnavailable, errors.graph_unavailable)
bp.register_error_handler(Exception, errors.unexpected_error)


class _Api(Api):
    """flask-smorest's Api with our error schema, and without its app-wide error handler:
    the rest of the site answers its own errors (app/errors)."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        """The API's errors are answered on its blueprint (app.api.errors)."""


def init_api(app: Flask) -> None:
    """Serve the API, exempt from CSRF (it takes no cookies), and its OpenAPI document."""
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    api = _Api(app)
    api.spec.components.security_scheme(
        "bearerAuth",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on /account/token-api.",
        },
    )
    api.register_blueprint(bp)
    for module in RESOURCES:
        api.spec.tag({"name": module.bp.name, "description": module.bp.description})
    for name, blueprint in app.blueprints.items():
        if name == "api" or name.startswith("api."):
            csrf.exempt(blueprint)


from app.api import (  # noqa: E402 - the resources use the package's helpers
    analysis,
    calls,
    consortia,
    notifications,
    organizations,
    partnerships,
    recommendations,
    search,
    tokens,
)

RESOURCES: Final = (
    organizations,
    search,
    calls,
    recommendations,
    partnerships,
    consortia,
    analysis,
    tokens,
    notifications,
)
for _module in RESOURCES:
    bp.register_blueprint(_module.bp)
