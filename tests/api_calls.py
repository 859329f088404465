"""Calling the JSON API as a user in a test, every answer checked against the app's own
OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from flask import Flask
from werkzeug.test import TestResponse

Call = Callable[..., TestResponse]


def checked_api(app: Flask, tokens: dict[str, str]) -> Call:
    """``call(method, path, who, **kwargs)``: the request with ``who``'s token (a key of
    ``tokens``; None for no token), its answer validated against the document."""
    document = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    client = app.test_client()

    def call(method: str, path: str, who: str | None, **kwargs: Any) -> TestResponse:
        headers = {"Authorization": f"Bearer {tokens[who]}"} if who else {}
        response = client.open(path, method=method, headers=headers, **kwargs)
        operation = document.find_operation_by_path(method, path.split("?")[0])
        assert operation is not None, (method, path)
        operation.validate_response(response)
        return response

    return call


def json_of(response: TestResponse, status: int = 200) -> Any:
    """The answer's JSON, once its status is the one expected."""
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()
