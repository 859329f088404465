"""Users see their own changes whichever worker answers, despite the per-process caches.

Each worker remembers the network version (``NETWORK_VERSION_MAX_AGE``) and logged-in
users (``SESSION_USER_MAX_AGE``) for a moment instead of asking Neo4j on every request.
The browser's signed session carries what its own requests changed:

- ``nv``, the network version its last write produced: the worker's remembered version
  must be at least that (``graph.versioning.VERSION_FLOOR``), or it reads the version again;
- ``w``, a mark renewed by every successful write request (POST and the like) of a
  logged-in user: it is part of the key of the cached user (``app.access``), so consent,
  a new password or a new membership shows on the very next page.

Other people's changes show within those delays. The API is stateless (no cookies), so
nothing could carry a program's own writes to the next worker: an API request reads
the network version afresh, once (``graph.versioning.VERSION_READ_SINCE``), one short round
trip beside the token's.
"""

from __future__ import annotations

import secrets
import time
from contextvars import Token

from flask import Flask, Response, g, request, session
from flask_login import current_user

from graph.versioning import VERSION_FLOOR, VERSION_READ_SINCE, VERSION_WRITTEN

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NETWORK_VERSION_KEY = "nv"
WRITE_MARK_KEY = "w"


def is_api_request() -> bool:
    """True for /api/v1 requests, which carry no session."""
    name = request.blueprint or ""
    return name == "api" or name.startswith("api.")


def write_mark() -> str:
    """The browser's mark of its last write request ('' for none or for the API)."""
    return "" if is_api_request() else str(session.get(WRITE_MARK_KEY, ""))


def _start() -> None:
    if is_api_request():
        floor, since = 0, time.monotonic()
    else:
        floor, since = int(session.get(NETWORK_VERSION_KEY, 0) or 0), float("-inf")
    g._version_tokens = (
        VERSION_FLOOR.set(floor),
        VERSION_READ_SINCE.set(since),
        VERSION_WRITTEN.set(0),
    )


def _carry(response: Response) -> Response:
    if is_api_request():
        return response
    written = VERSION_WRITTEN.get()
    if written and written != session.get(NETWORK_VERSION_KEY):
        # The latest, not the largest: after a database is reset, a floor from the old
        # one would make every request of this browser ask for the version again.
        session[NETWORK_VERSION_KEY] = written
    if (
        request.method not in SAFE_METHODS
        and response.status_code < 400
        and current_user.is_authenticated
    ):
        session[WRITE_MARK_KEY] = secrets.token_hex(4)
    return response


def _finish(_error: BaseException | None) -> None:
    tokens: tuple[Token[int], Token[float], Token[int]] | None = g.pop("_version_tokens", None)
    if tokens is not None:
        VERSION_FLOOR.reset(tokens[0])
        VERSION_READ_SINCE.reset(tokens[1])
        VERSION_WRITTEN.reset(tokens[2])


def init_freshness(app: Flask) -> None:
    """Register the hooks; the first before-request hook, so that every other one (the
    policy's user lookup included) runs with the browser's floor in place."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_carry)
    app.teardown_request(_finish)
