"""What the API's resource modules share: their Blueprint class and the documentation of
their errors and authentication."""

from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any, TypeVar

from flask_smorest import Blueprint as _Blueprint  # type: ignore[import-untyped]

from app.api.json_body import SafeJsonParser

__all__ = ["SECURITY", "Blueprint", "documented"]

F = TypeVar("F", bound=Callable[..., Any])


class Blueprint(_Blueprint):
    """flask-smorest's Blueprint whose operations are tagged with its own name (nested in
    the ``api`` blueprint, they would all be tagged ``api``), and whose JSON bodies are
    read defensively (app.api.json_body)."""

    ARGUMENTS_PARSER = SafeJsonParser()

    def route(
        self,
        rule: str,
        *,
        parameters: list[Any] | None = None,
        tags: list[str] | None = None,
        **options: Any,
    ) -> Callable[[F], F]:
        """Register a view, documented under this blueprint's tag."""
        decorate: Callable[[F], F] = super().route(
            rule, parameters=parameters, tags=tags or [self.name], **options
        )
        return decorate


#: The bearer scheme, as the OpenAPI document declares it (app.api.init_api).
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def documented(bp: Blueprint, *statuses: int, auth: bool = True) -> Callable[[F], F]:
    """Document a view's error responses, and that it needs a token unless ``auth`` is
    False (the body of every error is the Error schema)."""
    codes = sorted({*statuses, *((401, 403) if auth else ())})

    def decorate(func: F) -> F:
        for status in codes:
            func = bp.alt_response(status, response=http.HTTPStatus(status).name)(func)
        if auth:
            func = Blueprint.doc(security=SECURITY)(func)
        return func

    return decorate
