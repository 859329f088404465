"""Notifications: one ``(:Notification)-[:FOR]->(:User)`` per person concerned by an event.

``notify_tx`` runs inside the caller's transaction, so a notification exists exactly when
its event does. Each notification carries ``mail_status``: ``pending`` until the sender
turns it into a mail (``queued``), keeps it for the daily digest (``digest`` then
``digested``) or skips it (``skipped``: the user chose never, or has no address);
``none`` for kinds that are never mailed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from neo4j import ManagedTransaction

from graph.answers import any_matched, count_of
from graph.versioning import network_unchanged

# --- where notifications point: paths of the web pages (followed by the tests) ------


def partnerships_link(org_id: str, request_id: str | None = None) -> str:
    """The partnerships page of ``org_id``, at one request.

    >>> partnerships_link("ORG-B", "r1")
    '/partenariati/?org=ORG-B#richiesta-r1'
    """
    anchor = f"#richiesta-{request_id}" if request_id else ""
    return f"/partenariati/?org={quote(org_id, safe='')}{anchor}"


def consortium_link(consortium_id: str) -> str:
    """A consortium's page."""
    return f"/consorzi/{quote(consortium_id, safe='')}"


def invitations_link(invitation_id: str | None = None) -> str:
    """The invitations waiting for the reader's organisations (at one invitation)."""
    return "/consorzi/" + (f"#invito-{invitation_id}" if invitation_id else "")


def join_requests_link(org_id: str) -> str:
    """The join requests of one organisation."""
    return f"/organizzazioni/{quote(org_id, safe='')}/richieste"


def organization_link(org_id: str) -> str:
    return f"/organizzazioni/{quote(org_id, safe='')}"


ACCOUNT_LINK = "/account/"
#: The administrators' one queue of join requests and claims.
ADMIN_REQUESTS_LINK = "/admin/richieste"


def import_link(job_id: str) -> str:
    return f"/admin/importazioni/{quote(job_id, safe='')}"


#: Pending things that expire, and are reminded once before they do: their node labels.
def expiring_params(record: Mapping[str, Any], *names: str) -> dict[str, str | None]:
    """A notice's parameters about something that expires: the row's columns ``names``,
    and ``expires_on``, the day its ``expires_at`` falls on (ISO; None when it has none)."""
    expires = record["expires_at"]
    expires_on = expires.to_native().date().isoformat() if expires else None
    return {**{name: record[name] for name in names}, "expires_on": expires_on}


_REMINDABLE = frozenset({"PartnershipRequest", "Invitation"})


def mark_reminders_due_tx(
    tx: ManagedTransaction, *, label: str, now: datetime, before: datetime
) -> list[str]:
    """Mark as reminded the pending ``label`` nodes that expire after ``now`` and by
    ``before`` and were never reminded (``reminded_at`` set under each node's lock, so a
    concurrent run skips them); returns their ids, for the caller to notify."""
    if label not in _REMINDABLE:
        raise ValueError(f"not a remindable label: {label}")
    return [
        str(i)
        for i in tx.run(
            f"""
        MATCH (r:{label} {{status: 'pending'}})
        WHERE r.reminded_at IS NULL AND r.expires_at > $now AND r.expires_at <= $before
        SET r._lock = true
        REMOVE r._lock
        WITH r WHERE r.status = 'pending' AND r.reminded_at IS NULL
        SET r.reminded_at = $now
        RETURN r.id AS id
        """,
            now=now,
            before=before,
        ).value("id")
    ]


_FIELDS = "n {.id, .kind, .link, .params, .created_at, .read_at} AS notification"


def _params_json(params: Mapping[str, str | int | None] | None) -> str:
    return json.dumps(dict(params or {}), ensure_ascii=False, sort_keys=True, default=str)


def notify_tx(
    tx: ManagedTransaction,
    *,
    kind: str,
    link: str,
    params: Mapping[str, str | int | None] | None = None,
    user_ids: Sequence[str] = (),
    org_ids: Sequence[str] = (),
    exclude_user_ids: Sequence[str] = (),
    mailable: bool = True,
    now: datetime | None = None,
) -> int:
    """Write one notification of ``kind`` for each active user among ``user_ids`` and the
    users acting for (or leading) ``org_ids``, except ``exclude_user_ids`` (who did it).

    Runs in the caller's transaction; returns how many notifications were written.
    """
    if not user_ids and not org_ids:
        return 0
    return count_of(
        tx,
        """
        CALL () {
            MATCH (u:User) WHERE u.id IN $user_ids RETURN u
            UNION
            MATCH (u:User)-[:ACTS_FOR|LEADS]->(o:Organization) WHERE o.id IN $org_ids
            RETURN u
        }
        WITH DISTINCT u WHERE coalesce(u.active, true) AND NOT u.id IN $exclude
        CREATE (n:Notification {id: randomUUID(), kind: $kind, link: $link, params: $params,
                created_at: $now, mail_status: $mail_status})-[:FOR]->(u)
        RETURN count(n) AS n
        """,
        user_ids=list(user_ids),
        org_ids=list(org_ids),
        exclude=list(exclude_user_ids),
        kind=kind,
        link=link,
        params=_params_json(params),
        now=now or datetime.now(UTC),
        mail_status="pending" if mailable else "none",
    )


def _row(record: Any) -> dict[str, Any]:
    data = dict(record["notification"])
    data["params"] = json.loads(data.get("params") or "{}")
    for key in ("created_at", "read_at"):
        if data.get(key) is not None:
            data[key] = data[key].to_native()
    return data


def unread_count_tx(tx: ManagedTransaction, *, user_id: str) -> int:
    """How many notifications of the user are unread."""
    return count_of(
        tx,
        "MATCH (:User {id: $user_id})<-[:FOR]-(n:Notification) WHERE n.read_at IS NULL "
        "RETURN count(n) AS n",
        user_id=user_id,
    )


def list_for_user_tx(
    tx: ManagedTransaction,
    *,
    user_id: str,
    skip: int = 0,
    limit: int = 50,
    unread_only: bool = False,
) -> list[dict[str, Any]]:
    """The user's notifications, newest first."""
    result = tx.run(
        "MATCH (:User {id: $user_id})<-[:FOR]-(n:Notification) "
        "WHERE NOT $unread_only OR n.read_at IS NULL "
        "RETURN " + _FIELDS + " ORDER BY n.created_at DESC, n.id SKIP $skip LIMIT $limit",
        user_id=user_id,
        skip=skip,
        limit=limit,
        unread_only=unread_only,
    )
    return [_row(record) for record in result]


def count_for_user_tx(tx: ManagedTransaction, *, user_id: str) -> int:
    """How many notifications the user has in all."""
    return count_of(
        tx,
        "MATCH (:User {id: $user_id})<-[:FOR]-(n:Notification) RETURN count(n) AS n",
        user_id=user_id,
    )


@network_unchanged
def mark_read_tx(
    tx: ManagedTransaction, *, user_id: str, notification_id: str, now: datetime
) -> bool:
    """Mark one of the user's notifications read; False if it is not theirs."""
    return any_matched(
        tx,
        "MATCH (:User {id: $user_id})<-[:FOR]-(n:Notification {id: $notification_id}) "
        "SET n.read_at = coalesce(n.read_at, $now) RETURN count(n) AS n",
        user_id=user_id,
        notification_id=notification_id,
        now=now,
    )


@network_unchanged
def mark_all_read_tx(tx: ManagedTransaction, *, user_id: str, now: datetime) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return count_of(
        tx,
        "MATCH (:User {id: $user_id})<-[:FOR]-(n:Notification) WHERE n.read_at IS NULL "
        "SET n.read_at = $now RETURN count(n) AS n",
        user_id=user_id,
        now=now,
    )


# --- mail: notifications waiting to be mailed, preferences, digests -----------------

_MAIL_FIELDS = """
n {.id, .kind, .link, .params, .created_at, .read_at} AS notification,
u {.id, .email, .name, .locale, .mail_preferences} AS user
"""


def _mail_row(record: Any) -> dict[str, Any]:
    row = _row(record)
    user = dict(record["user"])
    user["mail_preferences"] = json.loads(user.get("mail_preferences") or "{}")
    return {"notification": row, "user": user}


def pending_mail_tx(tx: ManagedTransaction, *, limit: int = 100) -> list[dict[str, Any]]:
    """Notifications not yet turned into mails, oldest first, with their user."""
    result = tx.run(
        "MATCH (n:Notification {mail_status: 'pending'})-[:FOR]->(u:User) "
        "RETURN " + _MAIL_FIELDS + " ORDER BY n.created_at, n.id LIMIT $limit",
        limit=limit,
    )
    return [_mail_row(record) for record in result]


@network_unchanged
def settle_notifications_tx(
    tx: ManagedTransaction,
    *,
    outcomes: Sequence[Mapping[str, Any]],
    now: datetime,
) -> list[str]:
    """Record what became of pending notifications: each outcome has ``id``, ``status``
    (queued, digest, skipped) and, for ``queued``, the ``mail`` to enqueue.

    A notification another sender settled meanwhile is left alone (no second mail): each
    is locked and checked still pending first. Returns the ids settled here.
    """
    from graph.mail_repo import enqueue_mails_tx

    settled = [
        str(i)
        for i in tx.run(
            """
        UNWIND $outcomes AS outcome
        MATCH (n:Notification {id: outcome.id})
        WITH n, outcome ORDER BY n.id
        SET n._lock = true
        REMOVE n._lock
        WITH n, outcome WHERE n.mail_status = 'pending'
        SET n.mail_status = outcome.status, n.mail_settled_at = $now
        RETURN n.id AS id
        """,
            outcomes=[{"id": o["id"], "status": o["status"]} for o in outcomes],
            now=now,
        ).value("id")
    ]
    chosen = set(settled)
    enqueue_mails_tx(
        tx,
        mails=[
            o["mail"]
            for o in outcomes
            if o["id"] in chosen and o["status"] == "queued" and o.get("mail")
        ],
        now=now,
    )
    return settled


def digest_due_tx(
    tx: ManagedTransaction, *, slot: datetime, limit: int = 50
) -> list[dict[str, Any]]:
    """Users whose last digest precedes ``slot`` and who have notifications from before
    ``slot`` kept for it, each with those notifications (oldest first)."""
    result = tx.run(
        """
        MATCH (n:Notification {mail_status: 'digest'})-[:FOR]->(u:User)
        WHERE n.created_at < $slot AND (u.digest_sent_at IS NULL OR u.digest_sent_at < $slot)
        WITH u, n ORDER BY n.created_at, n.id
        WITH u, collect(n {.id, .kind, .link, .params, .created_at, .read_at}) AS items
        RETURN u {.id, .email, .name, .locale, .mail_preferences} AS user, items
        ORDER BY u.id LIMIT $limit
        """,
        slot=slot,
        limit=limit,
    )
    rows = []
    for record in result:
        user = dict(record["user"])
        user["mail_preferences"] = json.loads(user.get("mail_preferences") or "{}")
        items = [_row({"notification": item}) for item in record["items"]]
        rows.append({"user": user, "items": items})
    return rows


@network_unchanged
def settle_digest_tx(
    tx: ManagedTransaction,
    *,
    user_id: str,
    notification_ids: Sequence[str],
    slot: datetime,
    mail: Mapping[str, Any] | None,
    now: datetime,
) -> bool:
    """Send one user's digest once per slot: under a lock on the user, if no digest went
    out since ``slot``, mark the notifications digested and enqueue ``mail``. False if
    another sender did it first."""
    from graph.mail_repo import enqueue_mail_tx

    record = tx.run(
        """
        MATCH (u:User {id: $user_id})
        SET u._lock = true
        REMOVE u._lock
        WITH u WHERE u.digest_sent_at IS NULL OR u.digest_sent_at < $slot
        SET u.digest_sent_at = $now
        WITH u
        OPTIONAL MATCH (n:Notification {mail_status: 'digest'})-[:FOR]->(u)
        WHERE n.id IN $ids
        SET n.mail_status = 'digested', n.mail_settled_at = $now
        RETURN count(u) AS users
        """,
        user_id=user_id,
        ids=list(notification_ids),
        slot=slot,
        now=now,
    ).single()
    if record is None or not record["users"]:
        return False
    if mail:
        enqueue_mail_tx(tx, **mail, now=now)
    return True


def mail_preferences_tx(tx: ManagedTransaction, *, user_id: str) -> dict[str, str]:
    """The user's mail mode per preference group (groups never set are absent)."""
    record = tx.run(
        "MATCH (u:User {id: $user_id}) RETURN u.mail_preferences AS p", user_id=user_id
    ).single()
    return dict(json.loads(record["p"] or "{}")) if record else {}


@network_unchanged
def set_mail_preferences_tx(
    tx: ManagedTransaction, *, user_id: str, preferences: Mapping[str, str]
) -> bool:
    """Replace the user's mail modes by ``preferences`` (group -> mode)."""
    return any_matched(
        tx,
        "MATCH (u:User {id: $user_id}) SET u.mail_preferences = $p RETURN count(u) AS n",
        user_id=user_id,
        p=json.dumps(dict(preferences), sort_keys=True),
    )


@network_unchanged
def set_locale_tx(tx: ManagedTransaction, *, user_id: str, locale: str) -> None:
    """Remember the language the user reads the site in (their mails follow it)."""
    tx.run(
        "MATCH (u:User {id: $user_id}) WHERE u.locale IS NULL OR u.locale <> $locale "
        "SET u.locale = $locale",
        user_id=user_id,
        locale=locale,
    ).consume()
