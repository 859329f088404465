"""Login throttling counters and the audit log, kept in Neo4j so every worker shares them."""

from __future__ import annotations

import json
from typing import Any

from neo4j import ManagedTransaction

from graph.driver import bookkeeping


def recent_failures_tx(tx: ManagedTransaction, *, keys: list[str], since_ms: int) -> int:
    """The largest number of failures since ``since_ms`` among ``keys``."""
    record = tx.run(
        """
        UNWIND $keys AS key
        OPTIONAL MATCH (t:LoginThrottle {key: key})
        RETURN max(size([x IN coalesce(t.failures, []) WHERE x > $since_ms])) AS n
        """,
        keys=keys,
        since_ms=since_ms,
    ).single(strict=True)
    return int(record["n"] or 0)


@bookkeeping
def record_failure_tx(
    tx: ManagedTransaction, *, keys: list[str], now_ms: int, since_ms: int
) -> None:
    """Add one failure to each key, forgetting those older than the window."""
    tx.run(
        """
        UNWIND $keys AS key
        MERGE (t:LoginThrottle {key: key})
        SET t.failures = [x IN coalesce(t.failures, []) WHERE x > $since_ms] + [$now_ms]
        """,
        keys=keys,
        now_ms=now_ms,
        since_ms=since_ms,
    ).consume()


@bookkeeping
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
        event = dict(record["event"])
        event["details"] = json.loads(event.get("details") or "{}")
        events.append(event)
    return events


def count_audit_tx(tx: ManagedTransaction, *, action: str | None, actor_id: str | None) -> int:
    record = tx.run(
        "MATCH (e:AuditEvent) WHERE ($action IS NULL OR e.action = $action) "
        "AND ($actor_id IS NULL OR e.actor_id = $actor_id) RETURN count(e) AS n",
        action=action,
        actor_id=actor_id,
    ).single(strict=True)
    return int(record["n"])
