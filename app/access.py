"""Applies app.policy before every request and wires flask-login to our sessions."""

from __future__ import annotations

import logging

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, logout_user
from werkzeug.wrappers import Response

from app import policy
from app.errors.handlers import wants_json
from app.extensions import get_graph
from app.freshness import SAFE_METHODS, write_mark
from app.services import accounts, audit
from app.services.memo import RecentMemo

log = logging.getLogger(__name__)

login_manager = LoginManager()
_SESSION_USERS = "wecare.session_users"


@login_manager.user_loader
def _load_user(token: str) -> accounts.CurrentUser | None:
    """The session's user; for reading requests, as this worker read it less than
    SESSION_USER_MAX_AGE seconds ago for the same write mark (app.freshness)."""
    graph = get_graph()
    if request.method not in SAFE_METHODS:  # a change is always checked against Neo4j
        return accounts.load_session_user(graph, token)
    users: RecentMemo[accounts.CurrentUser | None] = current_app.extensions[_SESSION_USERS]
    return users.get(token, write_mark(), lambda: accounts.load_session_user(graph, token))


def forget_session_user(token: str) -> None:
    """Drop this worker's copy of a session's user (it has just been logged out)."""
    current_app.extensions[_SESSION_USERS].discard(token)


def client_address() -> str | None:
    """The client's address (ProxyFix, when configured, has already applied X-Forwarded-For)."""
    return request.remote_addr


def end_browser_session() -> None:
    """Log the user out of this browser and clear the session, keeping only the language."""
    token = getattr(current_user, "session_token", "")
    if token:
        forget_session_user(token)
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def current_actor() -> audit.Actor:
    """The audit log's view of who is making the request."""
    if current_user.is_authenticated:
        return audit.Actor(current_user.id, current_user.email, client_address())
    return audit.Actor(address=client_address())


def enforce_policy() -> Response | None:
    """Refuse the request unless the endpoint's rule admits the user's role."""
    rule = policy.rule_for(request.endpoint)
    if rule is None:
        log.error("Endpoint %s has no access rule: refused", request.endpoint)
        abort(403)
    role = policy.role_of(current_user)
    if rule.allows(role):
        return None
    if role == policy.ANONYMOUS:
        if wants_json():
            abort(401)
        flash(_("Please log in to continue."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    deny(f"role {role} not allowed on {request.endpoint}")
    return None


def deny(reason: str, *, target_type: str | None = None, target_id: str | None = None) -> None:
    """Record a refused authorisation in the audit log and answer 403."""
    audit.record(
        get_graph(),
        current_actor(),
        "access_denied",
        target_type=target_type,
        target_id=target_id or request.path,
        outcome="denied",
        details={"reason": reason, "method": request.method},
    )
    abort(403)


def init_access(app: Flask) -> None:
    """Bind flask-login and the policy hook."""
    login_manager.init_app(app)
    app.extensions[_SESSION_USERS] = RecentMemo(10_000, app.config["SESSION_USER_MAX_AGE"])
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.before_request(enforce_policy)
