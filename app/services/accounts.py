"""Accounts: registration, password checks with argon2, login sessions, roles."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.services import audit, throttle
from app.services.errors import CodedError
from graph.api_token_repo import revoke_all_tokens_tx
from graph.driver import Graph
from graph.errors import Conflict
from graph.user_repo import (
    create_user_tx,
    get_user_by_email_tx,
    get_user_tx,
    open_session_tx,
    revoke_other_sessions_tx,
    revoke_session_tx,
    set_password_tx,
    user_for_session_tx,
)

ROLES = ("member", "district_lead", "staff", "admin")
MIN_PASSWORD_LENGTH = 10
#: Version of the privacy notice a user accepts when registering.
PRIVACY_NOTICE_VERSION = "2026-11"

# Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 20 ms of
# one core per login here. argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took 190 ms
# of CPU, so a call opening with everyone logging in at once held both cores for
# seconds. Older hashes still verify and are rehashed at the next login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verifying against this keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(CodedError):
    """A refused account operation, with a code the routes turn into a message."""


class LoginOutcome(Enum):
    OK = "ok"
    INVALID = "invalid"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as the app sees it (flask-login's user object)."""

    id: str
    email: str
    name: str
    role: str
    session_token: str
    organizations: list[dict[str, Any]] = field(default_factory=list)
    districts: list[dict[str, Any]] = field(default_factory=list)
    #: Version of the privacy notice the user last accepted (None: never).
    privacy_version: str | None = None
    #: False until the address given at registration is confirmed (older accounts: True).
    email_verified: bool = True
    #: A new address waiting for its confirmation link to be followed.
    pending_email: str | None = None

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        # flask-login stores this in the session and the remember cookie: the session
        # token, not the user id, so logging out revokes exactly this session.
        return self.session_token

    @property
    def organization_ids(self) -> set[str]:
        return {o["id"] for o in self.organizations}

    @property
    def district_codes(self) -> set[str]:
        return {d["code"] for d in self.districts}


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively.

    >>> normalise_email("  Mario.Rossi@Comune.Torino.IT ")
    'mario.rossi@comune.torino.it'
    """
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    graph: Graph,
    *,
    email: str,
    name: str,
    password: str,
    role: str = "member",
    privacy_version: str | None = None,
    email_verified: bool | None = None,
) -> str:
    """Create an account and return its id; AccountError('email_taken') if the e-mail exists."""
    if role not in ROLES:
        raise AccountError("unknown_role")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short")
    user = new_user(email=email, name=name, role=role, password_hash=hash_password(password))
    if privacy_version:
        user.update(privacy_version=privacy_version, privacy_accepted_at=datetime.now(UTC))
    user["email_verified"] = email_verified
    try:
        graph.write(create_user_tx, user=user)
    except Conflict as exc:
        raise AccountError("email_taken") from exc
    return str(user["id"])


def new_user(*, email: str, name: str, role: str, password_hash: str) -> dict[str, Any]:
    """The properties of a new account with a fresh id, for ``create_user_tx``: no privacy
    notice accepted yet, and ``email_verified`` None (accounts made by administrators,
    commands, the seed), which counts as verified."""
    return {
        "id": str(uuid.uuid4()),
        "email": normalise_email(email),
        "name": name.strip(),
        "role": role,
        "password_hash": password_hash,
        "privacy_version": None,
        "privacy_accepted_at": None,
        "email_verified": None,
    }


def register(
    graph: Graph, *, email: str, name: str, password: str, address: str | None
) -> str | None:
    """Self-registration: always an organisation member with no organisation yet, and an
    address to verify (app.services.recovery sends the link).

    Returns the new id, or None when the address already has an account: the caller
    answers both alike, so registration does not tell who has an account (the attempt
    is in the audit log). AccountError('throttled') past 10 registrations an hour from
    one address.
    """
    if throttle.charge_registration(graph, address).refused:
        audit.record(
            graph,
            audit.Actor(email=normalise_email(email), address=address),
            "register",
            outcome="throttled",
        )
        raise AccountError("throttled")
    try:
        user_id = create_user(
            graph,
            email=email,
            name=name,
            password=password,
            role="member",
            privacy_version=PRIVACY_NOTICE_VERSION,
            email_verified=False,
        )
    except AccountError as exc:
        if exc.code != "email_taken":
            raise
        audit.record(
            graph,
            audit.Actor(email=normalise_email(email), address=address),
            "register",
            outcome="email_taken",
        )
        return None
    audit.record(
        graph,
        audit.Actor(user_id, normalise_email(email), address),
        "register",
        target_type="user",
        target_id=user_id,
    )
    return user_id


def authenticate(
    graph: Graph, email: str, password: str, address: str | None
) -> tuple[LoginOutcome, dict[str, Any] | None]:
    """Check a login; the attempt is counted first (atomically with the limit's check),
    refused past the limit, and taken back when the password is right."""
    email = normalise_email(email)
    actor = audit.Actor(email=email, address=address)
    attempt = throttle.charge(graph, throttle.throttle_keys(email, address))
    if attempt.refused:
        audit.record(graph, actor, "login", outcome="throttled")
        return LoginOutcome.THROTTLED, None
    user = graph.read(get_user_by_email_tx, email=email)
    stored = user["password_hash"] if user and user.get("active") else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
        ok = user is not None and bool(user.get("active"))
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        audit.record(graph, actor, "login", outcome="failed")
        return LoginOutcome.INVALID, None
    throttle.refund(graph, attempt)
    if _hasher.check_needs_rehash(stored):
        graph.write(set_password_tx, user_id=user["id"], password_hash=hash_password(password))
    return LoginOutcome.OK, user


def open_session(graph: Graph, user_id: str, email: str, address: str | None) -> str:
    """Start a login session and return its token (kept in the signed session cookie)."""
    token = secrets.token_urlsafe(32)
    graph.write(open_session_tx, user_id=user_id, token=token, address=address)
    audit.record(
        graph, audit.Actor(user_id, email, address), "login", target_type="user", target_id=user_id
    )
    return token


def load_session_user(graph: Graph, token: str) -> CurrentUser | None:
    """The user of a live session, or None if the token is unknown or revoked."""
    data = graph.read(user_for_session_tx, token=token)
    if data is None:
        return None
    return current_user_from(data, token)


def close_session(graph: Graph, user: CurrentUser, address: str | None) -> None:
    """Log out: the session token stops working everywhere (cookie or remember-me)."""
    graph.write(revoke_session_tx, token=user.session_token)
    audit.record_own(graph, user, address, "logout")


def change_password(
    graph: Graph, user: CurrentUser, current: str, new: str, address: str | None
) -> None:
    """Change the password after checking the current one; other sessions and every API
    token of the account are ended (a token is a session of a program). AccountError
    ('throttled') past the failure limit."""
    if not password_matches(graph, user.email, current, address):
        audit.record_own(graph, user, address, "password_change", outcome="failed")
        raise AccountError("wrong_password")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short")
    graph.write(set_password_tx, user_id=user.id, password_hash=hash_password(new))
    graph.write(revoke_other_sessions_tx, user_id=user.id, keep=user.session_token)
    tokens = graph.write(revoke_all_tokens_tx, user_id=user.id)
    audit.record_own(
        graph, user, address, "password_change", details={"api_tokens_revoked": tokens}
    )


def password_matches(graph: Graph, email: str, password: str, address: str | None) -> bool:
    """True when ``password`` is the current password of the account ``email``.

    Each check counts against the same limit as logins (per account and per address);
    AccountError('throttled') once it is reached, before checking.
    """
    email = normalise_email(email)
    attempt = throttle.charge(graph, throttle.throttle_keys(email, address))
    if attempt.refused:
        audit.record(
            graph, audit.Actor(email=email, address=address), "password_check", outcome="throttled"
        )
        raise AccountError("throttled")
    record = graph.read(get_user_by_email_tx, email=email)
    try:
        _hasher.verify(record["password_hash"] if record else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    if record is None:
        return False
    throttle.refund(graph, attempt)
    return True


def get_user(graph: Graph, user_id: str) -> dict[str, Any] | None:
    return graph.read(get_user_tx, user_id=user_id)


def current_user_from(data: dict[str, Any], token: str) -> CurrentUser:
    """The CurrentUser of a user record read with what they act for (``organizations``,
    ``districts``); ``token`` is the session's, empty for an API token. A record without
    ``email_verified`` or ``pending_email`` reads as verified with none pending."""
    user = data["user"]
    return CurrentUser(
        id=user["id"],
        email=user["email"],
        name=user.get("name") or "",
        role=user["role"],
        session_token=token,
        organizations=list(data["organizations"]),
        districts=list(data["districts"]),
        privacy_version=user.get("privacy_version"),
        email_verified=user.get("email_verified") is not False,
        pending_email=user.get("pending_email"),
    )
