"""Throttling counters and the audit log, kept in Neo4j so every worker shares them."""

from __future__ import annotations

import json
from typing import Any

from neo4j import ManagedTransaction

from graph.answers import count_of
from graph.records import native
from graph.versioning import network_unchanged


@network_unchanged
def charge_attempt_tx(
    tx: ManagedTransaction, *, keys: list[str], now_ms: int, since_ms: int, limit: int
) -> int:
    """Count one attempt against every key unless one of them has reached ``limit``
    attempts since ``since_ms``; return the largest count found before this one.

    Check and count are one write: the ``_lock`` write takes each counter's lock before
    its list is read, so parallel attempts queue on it and none reads a stale count
    (Neo4j's documented remedy for lost updates). Keys are locked in the order given.
    """
    record = tx.run(
        """
        UNWIND range(0, size($keys) - 1) AS i
        WITH i, $keys[i] AS key ORDER BY i
        MERGE (t:LoginThrottle {key: key})
        SET t._lock = true
        WITH t, [x IN coalesce(t.failures, []) WHERE x > $since_ms] AS recent
        WITH collect({t: t, recent: recent}) AS rows
        WITH rows, reduce(m = 0, r IN rows |
                          CASE WHEN size(r.recent) > m THEN size(r.recent) ELSE m END) AS worst
        UNWIND rows AS r
        WITH r.t AS t, r.recent AS recent, worst
        SET t.failures = CASE WHEN worst >= $limit THEN recent ELSE recent + [$now_ms] END
        REMOVE t._lock
        RETURN DISTINCT worst
        """,
        keys=keys,
        now_ms=now_ms,
        since_ms=since_ms,
        limit=limit,
    ).single(strict=True)
    return int(record["worst"])


@network_unchanged
def refund_attempt_tx(tx: ManagedTransaction, *, keys: list[str], at_ms: int) -> None:
    """Take back one attempt counted at ``at_ms`` from every key (it succeeded)."""
    tx.run(
        """
        UNWIND $keys AS key
        MATCH (t:LoginThrottle {key: key})
        WITH t, coalesce(t.failures, []) AS f
        WITH t, f, [i IN range(0, size(f) - 1) WHERE f[i] = $at_ms] AS hits
        WHERE size(hits) > 0
        SET t.failures = [i IN range(0, size(f) - 1) WHERE i <> hits[0] | f[i]]
        """,
        keys=keys,
        at_ms=at_ms,
    ).consume()


@network_unchanged
def append_audit_tx(tx: ManagedTransaction, *, event: dict[str, Any]) -> None:
    """Write one audit event; ``details`` is stored as JSON text."""
    params = dict(event)
    params["details"] = json.dumps(event.get("details") or {}, sort_keys=True, default=str)
    tx.run(
        """
        CREATE (e:AuditEvent {id: $id, at: datetime(), actor_id: $actor_id,
                              actor_email: $actor_email, action: $action,
                              target_type: $target_type, target_id: $target_id,
                              outcome: $outcome, address: $address, details: $details})
        """,
        **params,
    ).consume()


def list_audit_tx(
    tx: ManagedTransaction, *, skip: int, limit: int, action: str | None, actor_id: str | None
) -> list[dict[str, Any]]:
    """Audit events, newest first, optionally filtered by action or actor."""
    result = tx.run(
        """
        MATCH (e:AuditEvent)
        WHERE ($action IS NULL OR e.action = $action)
          AND ($actor_id IS NULL OR e.actor_id = $actor_id)
        WITH e ORDER BY e.at DESC SKIP $skip LIMIT $limit
        RETURN e {.*} AS event
        """,
        skip=skip,
        limit=limit,
        action=action,
        actor_id=actor_id,
    )
    events = []
    for record in result:
        event = native(dict(record["event"]))
        event["details"] = json.loads(event.get("details") or "{}")
        events.append(event)
    return events


def count_audit_tx(tx: ManagedTransaction, *, action: str | None, actor_id: str | None) -> int:
    return count_of(
        tx,
        "MATCH (e:AuditEvent) WHERE ($action IS NULL OR e.action = $action) "
        "AND ($actor_id IS NULL OR e.actor_id = $actor_id) RETURN count(e) AS n",
        action=action,
        actor_id=actor_id,
    )
