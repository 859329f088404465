"""HTTP security headers applied to every response."""

from __future__ import annotations

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from config import DEV_SECRET_KEY

# No inline script or style anywhere: everything comes from /static. Fonts may also be
# data: URLs, as Bootstrap Italia's stylesheet embeds one (video.js icons) that Chromium
# decodes at once; a font cannot run code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class _SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS, and keeps
    its signing serializer (Flask builds one per request otherwise)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[int, object], URLSafeTimedSerializer | None] = {}

    def get_cookie_secure(self, app: Flask) -> bool:
        forced = bool(app.config["SESSION_COOKIE_SECURE"])
        return forced or (has_request_context() and request.is_secure)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (id(app), app.secret_key)
        if key not in self._serializers:
            self._serializers[key] = super().get_signing_serializer(app)
        return self._serializers[key]


#: Shortest SECRET_KEY accepted outside development and tests (a generated key is longer).
MIN_SECRET_KEY_LENGTH = 32


def check_secret_key(app: Flask) -> None:
    """Refuse to run with the development SECRET_KEY (or a short one) outside development
    and tests: with a known key, sessions can be forged and the pseudonyms of erased users
    recomputed from their ids."""
    if app.config.get("TESTING") or app.config.get("DEVELOPMENT"):
        return
    key = str(app.config.get("SECRET_KEY") or "")
    if key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "SECRET_KEY is not set to a real secret. Set it in the environment to a random "
            f"value of at least {MIN_SECRET_KEY_LENGTH} characters, the same for every "
            "worker, e.g. SECRET_KEY=$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'); `make run` keeps one in var/secret_key. "
            "DEVELOPMENT=1 accepts the development key (never with real data)."
        )


def init_security_headers(app: Flask) -> None:
    """Register the after-request hook that sets the headers, and the cookie policy."""
    app.session_interface = _SessionInterface()

    @app.after_request
    def _set_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
