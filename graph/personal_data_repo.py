"""Personal data of one user: gathered for export, removed or pseudonymised on erasure."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.versioning import network_unchanged

#: Properties of a User node that identify the person (kept off the tombstone).
_USER_PERSONAL = (
    "email",
    "name",
    "password_hash",
    "last_login_at",
    "password_changed_at",
    "created_at",
    "privacy_version",
    "privacy_accepted_at",
    "locale",
    "mail_preferences",
    "digest_sent_at",
    "pending_email",
    "previous_email",
    "email_changed_at",
)

#: Nodes pointing at a user through an ``<x>_by`` property holding the user's id.
_CREATED_BY = (
    ("PartnershipRequest", "requested_by"),
    ("Invitation", "invited_by"),
    ("Consortium", "created_by"),
    ("Message", "author_id"),
)


def _plain(value: Any) -> Any:
    """Neo4j temporal values as ISO text; everything else unchanged."""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def personal_data_tx(tx: ManagedTransaction, *, user_id: str) -> dict[str, Any] | None:
    """Everything held on one user, or None when there is no such user."""
    record = tx.run(
        """
        MATCH (u:User {id: $user_id})
        RETURN u {.*, password_hash: null} AS user,
          [(s:UserSession)-[:OF]->(u) | s {.created_at, .address, .revoked_at}] AS sessions,
          [(u)-[r:ACTS_FOR]->(o:Organization) | o {.id, .name, since: r.since}]
              AS organizations,
          [(u)-[r:LEADS]->(d:District) | d {.code, .name, since: r.since}] AS districts,
          [(j:JoinRequest)-[:BY]->(u) | j {.*, organization:
              head([(j)-[:TO]->(o:Organization) | o.id])}] AS join_requests,
          [(p:OrganizationProposal)-[:BY]->(u) | p {.*}] AS organization_proposals,
          [(t:ApiToken)-[:OF]->(u) | t {.name, .prefix, .created_at, .last_used_at}]
              AS api_tokens,
          [(n:Notification)-[:FOR]->(u) | n {.kind, .link, .params, .created_at, .read_at}]
              AS notifications,
          COLLECT { MATCH (m:Mail) WHERE m.user_id = u.id OR m.to = u.email
                    RETURN m {.to, .subject, .status, .created_at, .sent_at} } AS mails
        """,
        user_id=user_id,
    ).single()
    if record is None:
        return None
    data = record.data()
    data["user"].pop("password_hash", None)
    for label, key in _CREATED_BY:
        # Label and key come from the constant above, never from input.
        rows = tx.run(
            f"MATCH (n:{label}) WHERE n.{key} = $user_id RETURN n {{.*}} AS n", user_id=user_id
        )
        data[f"{label}_{key}"] = [row["n"] for row in rows]
    email = data["user"].get("email")
    rows = tx.run(
        """
        MATCH (e:AuditEvent)
        WHERE e.actor_id = $user_id OR (e.actor_id IS NULL AND e.actor_email = $email)
        RETURN e {.*} AS e ORDER BY e.at
        """,
        user_id=user_id,
        email=email,
    )
    data["audit_events"] = [row["e"] for row in rows]
    # What others did to the person's account (role changes, links...): the event, not
    # the other person's e-mail or address.
    rows = tx.run(
        """
        MATCH (e:AuditEvent {target_type: 'user', target_id: $user_id})
        WHERE coalesce(e.actor_id, '') <> $user_id
        RETURN e {.*, actor_email: null, address: null} AS e ORDER BY e.at
        """,
        user_id=user_id,
    )
    data["audit_events_about_you"] = [
        {k: v for k, v in row["e"].items() if v is not None} for row in rows
    ]
    data["audit_events"] += data["audit_events_about_you"]
    rows = tx.run(
        "MATCH (t:LoginThrottle {key: $key}) RETURN t {.key, .failures} AS t",
        key=f"account:{email}",
    )
    data["login_throttle"] = [row["t"] for row in rows]
    return {k: _plain(v) for k, v in data.items()}


def _replace_all(text: str, replacements: dict[str, str | None]) -> str | None:
    """``text`` with every sensitive string replaced; None when nothing else is left."""
    for old, new in replacements.items():
        if text == old and new is None:
            return None
        text = text.replace(old, new or "[erased]")
    return text


#: A name shorter than this is not replaced across the database: it would match ordinary
#: words and other people's text ("Al", "Ugo"); the person's own records lose it anyway.
MIN_SCRUBBED_NAME = 5
#: Reference data the system never copies a user's name into (an organisation may be
#: named after someone of the same name): left alone by the name's scrub.
_NOT_COPIES = ["Organization", "Municipality", "Theme", "Call", "GraphVersion"]


def name_needles(name: str | None) -> dict[str, str | None]:
    """The forms in which a person's name is copied into properties: as typed, and as
    ``json.dumps`` escapes it inside JSON text (audit details).

    >>> len(name_needles("Nicolò Rossi")), len(name_needles("Mario Rossi"))
    (2, 1)
    >>> name_needles("Al")
    {}
    """
    name = (name or "").strip()
    if len(name) < MIN_SCRUBBED_NAME:
        return {}
    return {form: "[erased]" for form in {name, json.dumps(name)[1:-1]}}


def _replace_value(value: Any, replacements: dict[str, str | None]) -> Any:
    """A property's value with the sensitive strings replaced (each item of a list)."""
    if isinstance(value, list):
        return [_replace_value(v, replacements) if isinstance(v, str) else v for v in value]
    return _replace_all(value, replacements)


def _scrub_properties(
    tx: ManagedTransaction, needles: dict[str, str | None], skip_labels: list[str] | None = None
) -> int:
    """Replace the strings in ``needles`` wherever a node or relationship property holds them
    (text, or text in a list), except on nodes with one of ``skip_labels``.

    A full scan of the database: erasure is rare, and it must not miss a property.
    """
    changed = 0
    strings = [s for s in needles if s]
    if not strings:
        return 0
    for pattern in ("(n)", "()-[n]->()"):
        skip = "WHERE NOT any(l IN labels(n) WHERE l IN $skip) " if pattern == "(n)" else ""
        rows = list(
            tx.run(
                f"MATCH {pattern} {skip}WITH n, [k IN keys(n) WHERE any(x IN "
                "CASE WHEN n[k] IS :: LIST<ANY> THEN n[k] ELSE [n[k]] END "
                "WHERE x IS :: STRING AND any(s IN $strings WHERE x CONTAINS s))] AS hits "
                "WHERE hits <> [] RETURN elementId(n) AS id, n {.*} AS props, hits",
                strings=strings,
                skip=skip_labels or [],
            )
        )
        for row in rows:
            patch = {k: _replace_value(row["props"][k], needles) for k in row["hits"]}
            target = "(n)" if pattern == "(n)" else "()-[n]->()"
            tx.run(
                f"MATCH {target} WHERE elementId(n) = $id SET n += $patch",
                id=row["id"],
                patch=patch,
            ).consume()
            changed += 1
    return changed


def erase_user_tx(tx: ManagedTransaction, *, user_id: str, pseudonym: str) -> bool:
    """Remove a user's personal data, leaving a tombstone whose id is ``pseudonym``.

    Sessions, API tokens and pending requests and proposals are deleted; what the user
    acted for is unlinked; audit events lose e-mail and address and carry the pseudonym;
    every other property holding the user's id, e-mail or name (those only on the user's
    own records) is rewritten. False when there is no such user.
    """
    record = tx.run(
        "MATCH (u:User {id: $user_id}) RETURN u.email AS email, u.name AS name", user_id=user_id
    ).single()
    if record is None:
        return False
    email, name = record["email"], record["name"]
    # The addresses the person used, for their throttling counters (deleted below).
    addresses = tx.run(
        """
        MATCH (u:User {id: $user_id})
        RETURN [(s:UserSession)-[:OF]->(u) WHERE s.address IS NOT NULL | s.address]
             + COLLECT { MATCH (e:AuditEvent) WHERE e.address IS NOT NULL
                         AND (e.actor_id = $user_id OR e.actor_email = $email)
                         RETURN e.address } AS a
        """,
        user_id=user_id,
        email=email,
    ).single(strict=True)["a"]
    tx.run(
        """
        MATCH (u:User {id: $user_id})
        OPTIONAL MATCH (s:UserSession)-[:OF]->(u)
        DETACH DELETE s
        WITH DISTINCT u
        OPTIONAL MATCH (t:ApiToken)-[:OF]->(u)
        DETACH DELETE t
        WITH DISTINCT u
        OPTIONAL MATCH (r)-[:BY]->(u) WHERE (r:JoinRequest OR r:OrganizationProposal)
                                       AND r.status = 'pending'
        DETACH DELETE r
        WITH DISTINCT u
        OPTIONAL MATCH (n:Notification)-[:FOR]->(u)
        DETACH DELETE n
        WITH DISTINCT u
        OPTIONAL MATCH (u)-[a:ACTS_FOR|LEADS]->()
        DELETE a
        """,
        user_id=user_id,
    ).consume()
    tx.run(
        "MATCH (m:Mail) WHERE m.user_id = $user_id OR m.to = $email DETACH DELETE m",
        user_id=user_id,
        email=email,
    ).consume()
    tx.run(
        """
        MATCH (e:AuditEvent)
        WHERE e.actor_id = $user_id OR (e.actor_email IS NOT NULL AND e.actor_email = $email)
        SET e.actor_id = $pseudonym
        REMOVE e.actor_email, e.address
        """,
        user_id=user_id,
        email=email,
        pseudonym=pseudonym,
    ).consume()
    if name:
        tx.run(
            "MATCH (e:AuditEvent {actor_id: $pseudonym}) WHERE e.details CONTAINS $name "
            "SET e.details = replace(e.details, $name, '[erased]')",
            pseudonym=pseudonym,
            name=name,
        ).consume()
        # Others' notifications and mails may name the person ("X asks to join").
        tx.run(
            "MATCH (n:Notification) WHERE n.params CONTAINS $name "
            "SET n.params = replace(n.params, $name, '[erased]')",
            name=name,
        ).consume()
        tx.run(
            "MATCH (m:Mail) WHERE m.subject CONTAINS $name OR m.text CONTAINS $name "
            "OR m.html CONTAINS $name "
            "SET m.subject = replace(m.subject, $name, '[erased]'), "
            "m.text = replace(m.text, $name, '[erased]'), "
            "m.html = replace(m.html, $name, '[erased]')",
            name=name,
        ).consume()
    keys = [f"account:{email}"] + [
        f"{kind}:{a}" for a in set(addresses) for kind in ("address", "register")
    ]
    tx.run("MATCH (t:LoginThrottle) WHERE t.key IN $keys DETACH DELETE t", keys=keys).consume()
    # Messages keep their text (the other side's record of the conversation), not the name.
    tx.run(
        "MATCH (m:Message {author_id: $user_id}) SET m.author_name = null", user_id=user_id
    ).consume()
    # A new address waiting for confirmation: its mails and the counters of asks for it
    # (password-reset and confirmation links, keyed by address) go too.
    tx.run(
        """
        MATCH (u:User {id: $user_id})
        WITH [a IN [u.email, u.pending_email, u.previous_email] WHERE a IS NOT NULL] AS mine
        OPTIONAL MATCH (m:Mail) WHERE m.to IN mine
        DETACH DELETE m
        WITH DISTINCT mine
        UNWIND mine AS address
        MATCH (t:LoginThrottle)
        WHERE t.key IN ['reset-account:' + address, 'verify-account:' + address]
        DETACH DELETE t
        """,
        user_id=user_id,
    ).consume()
    tx.run(
        "MATCH (u:User {id: $user_id}) REMOVE "
        + ", ".join(f"u.{k}" for k in _USER_PERSONAL)
        + " SET u.active = false, u.erased_at = datetime()",
        user_id=user_id,
    ).consume()
    needles: dict[str, str | None] = {user_id: pseudonym}
    if email:
        needles[email] = None
    _scrub_properties(tx, needles)
    # Every copy of the name: budget lines of invitations and memberships, audit entries
    # (the person's and other people's), messages... (audit finding 5).
    _scrub_properties(tx, name_needles(name), skip_labels=_NOT_COPIES)
    return True


@network_unchanged
def accept_privacy_tx(tx: ManagedTransaction, *, user_id: str, version: str) -> None:
    """Record that a user accepted version ``version`` of the privacy notice, and when."""
    tx.run(
        "MATCH (u:User {id: $user_id}) "
        "SET u.privacy_version = $version, u.privacy_accepted_at = datetime()",
        user_id=user_id,
        version=version,
    ).consume()
