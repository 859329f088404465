"""Password reset by e-mail and verification of e-mail addresses.

Reset links are signed, valid one hour and single use: the token carries a fingerprint
of the password hash, so the first reset (which changes the hash) spends it. Asking for
a link answers the same whether or not the address has an account; asks are rationed per
address and per client address (app.services.throttle). A verification link carries the
address it confirms: the registration address, or a new address waiting to replace the
old one (which stays in use until the link is followed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from app.services import audit, throttle, tokens
from app.services.accounts import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    CurrentUser,
    hash_password,
    normalise_email,
    password_matches,
)
from app.services.outgoing import OutgoingMail, queue_tx
from graph.account_repo import (
    account_state_tx,
    reset_password_tx,
    set_pending_email_tx,
    verify_email_tx,
)
from graph.driver import Graph
from graph.errors import Conflict
from graph.unit import Tx
from graph.user_repo import get_user_by_email_tx
from graph.versioning import network_unchanged

#: Links asked for one address, and from one client address, per window.
PER_ACCOUNT: Final = 5
PER_CLIENT: Final = 20
WINDOW_SECONDS: Final = 3600

#: Builds the mail of a link: (the account, the token) -> the mail.
MailMaker = Callable[[dict[str, Any], str], OutgoingMail]


@network_unchanged
def _queue_work(tx: Tx, *, mail: OutgoingMail, user_id: str | None) -> None:
    queue_tx(tx, mail, user_id=user_id)


def rationed(graph: Graph, kind: str, email: str, address: str | None) -> bool:
    """Count one ask of ``kind`` for ``email`` from ``address``; True when over the limit
    (then nothing else is done). Asks are counted whether or not the address has an account."""
    per_account = [f"{kind}-account:{normalise_email(email)}"]
    per_client = [f"{kind}-address:{address}"] if address else []
    if throttle.charge(graph, per_account, limit=PER_ACCOUNT, window=WINDOW_SECONDS).refused:
        return True
    return (
        bool(per_client)
        and throttle.charge(graph, per_client, limit=PER_CLIENT, window=WINDOW_SECONDS).refused
    )


def request_reset(
    graph: Graph, *, secret: str, email: str, address: str | None, make_mail: MailMaker
) -> bool:
    """Mail a reset link if ``email`` has an active account; False when rationed.

    The caller answers the same in both cases of an account existing or not.
    """
    email = normalise_email(email)
    if rationed(graph, "reset", email, address):
        audit.record(
            graph,
            audit.Actor(email=email, address=address),
            "password_reset_request",
            outcome="throttled",
        )
        return False
    user = graph.read(get_user_by_email_tx, email=email)
    if user is not None and user.get("active"):
        token = tokens.make(
            secret,
            tokens.RESET,
            {"uid": user["id"], "ph": tokens.fingerprint(user["password_hash"])},
        )
        graph.write(_queue_work, mail=make_mail(user, token), user_id=user["id"])
    audit.record(
        graph,
        audit.Actor(user["id"] if user else None, email, address),
        "password_reset_request",
        outcome="ok" if user else "unknown_address",
    )
    return True


def reset_account(graph: Graph, *, secret: str, token: str) -> dict[str, Any] | None:
    """The account a reset link is for, or None if the link is invalid, expired or spent."""
    payload = tokens.read(secret, tokens.RESET, token)
    if payload is None:
        return None
    state = graph.read(account_state_tx, user_id=str(payload.get("uid")))
    if state is None or not state["active"]:
        return None
    if tokens.fingerprint(state["password_hash"] or "") != payload.get("ph"):
        return None
    return state


def complete_reset(
    graph: Graph, *, secret: str, token: str, password: str, address: str | None
) -> bool:
    """Set a new password through a reset link; every session of the account ends.

    False when the link is invalid, expired or already used; AccountError when the
    password is too short.
    """
    state = reset_account(graph, secret=secret, token=token)
    if state is None:
        return False
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short")
    done = bool(
        graph.write(
            reset_password_tx,
            user_id=state["id"],
            old_hash=state["password_hash"],
            password_hash=hash_password(password),
        )
    )
    audit.record(
        graph,
        audit.Actor(state["id"], state["email"], address),
        "password_reset",
        target_type="user",
        target_id=state["id"],
        outcome="ok" if done else "spent",
    )
    return done


def send_verification(
    graph: Graph, *, secret: str, user_id: str, email: str, make_mail: MailMaker
) -> None:
    """Mail a link confirming ``email`` (the account's address, or its pending new one)."""
    token = tokens.make(secret, tokens.VERIFY, {"uid": user_id, "email": normalise_email(email)})
    account = {"id": user_id, "email": normalise_email(email)}
    graph.write(_queue_work, mail=make_mail(account, token), user_id=user_id)


def resend_verification(
    graph: Graph, *, secret: str, user: CurrentUser, address: str | None, make_mail: MailMaker
) -> bool:
    """Send the link again (to the pending address if there is one); False when rationed."""
    email = user.pending_email or user.email
    if rationed(graph, "verify", email, address):
        return False
    send_verification(graph, secret=secret, user_id=user.id, email=email, make_mail=make_mail)
    return True


def verify(graph: Graph, *, secret: str, token: str, address: str | None) -> str:
    """Follow a verification link: ``verified``, ``changed`` (the new address replaced the
    old), ``stale`` (no longer the account's address), ``taken`` or ``invalid``."""
    payload = tokens.read(secret, tokens.VERIFY, token)
    if payload is None:
        return "invalid"
    user_id, email = str(payload.get("uid")), str(payload.get("email"))
    try:
        outcome = str(graph.write(verify_email_tx, user_id=user_id, email=email))
    except Conflict:
        outcome = "taken"
    if outcome in ("verified", "changed"):
        audit.record(
            graph,
            audit.Actor(user_id, email, address),
            f"email_{outcome}",
            target_type="user",
            target_id=user_id,
        )
    return outcome


def request_email_change(
    graph: Graph,
    *,
    secret: str,
    user: CurrentUser,
    email: str,
    password: str,
    address: str | None,
    make_mail: MailMaker,
) -> str:
    """Ask to change the address: ``pending`` (a link went to the new address),
    ``wrong_password``, ``taken``, ``same`` or ``throttled``."""
    email = normalise_email(email)
    try:
        if not password_matches(graph, user.email, password, address):
            return "wrong_password"
    except AccountError as exc:  # too many wrong passwords (counted like logins)
        if exc.code != "throttled":
            raise
        return "throttled"
    if rationed(graph, "verify", email, address):
        return "throttled"
    outcome = str(graph.write(set_pending_email_tx, user_id=user.id, email=email))
    if outcome == "pending":
        send_verification(graph, secret=secret, user_id=user.id, email=email, make_mail=make_mail)
        audit.record_own(graph, user, address, "email_change_request")
    return outcome
