"""Trained partner rankers kept in Neo4j, so every worker and host uses the same model,
and the claim that lets one of them (re)train at a time.

Writes here are bookkeeping: a new model does not change the network, so it does not
bump the network version (answers already given stay valid until a worker picks the
model up, within ``RankerStore``'s re-read delay).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from neo4j import ManagedTransaction

from graph.versioning import network_unchanged

__all__ = [
    "StoredRanker",
    "claim_training_tx",
    "latest_ranker_tx",
    "release_training_tx",
    "save_ranker_tx",
]

#: Models kept per task (older ones are deleted when a new one is saved).
KEEP: Final = 3


@dataclass(frozen=True)
class StoredRanker:
    """A trained model: its LightGBM text and what training saw (``report``)."""

    id: str
    task: str
    kind: str
    text: str
    trained_at: datetime
    partnerships: int
    report: dict[str, Any]

    @classmethod
    def from_record(cls, record: Any) -> StoredRanker:
        return cls(
            id=record["id"],
            task=record["task"],
            kind=record["kind"],
            text=record["text"] or "",
            trained_at=record["trained_at"].to_native(),
            partnerships=int(record["partnerships"] or 0),
            report=json.loads(record["report"] or "{}"),
        )


@network_unchanged
def save_ranker_tx(
    tx: ManagedTransaction,
    *,
    model_id: str,
    task: str,
    kind: str,
    text: str,
    partnerships: int,
    report: dict[str, Any],
) -> None:
    """Keep a new model for ``task`` and drop all but the ``KEEP`` most recent."""
    tx.run(
        """
        CREATE (:RankerModel {id: $id, task: $task, kind: $kind, text: $text,
                              trained_at: datetime(), partnerships: $partnerships,
                              report: $report})
        """,
        id=model_id,
        task=task,
        kind=kind,
        text=text,
        partnerships=partnerships,
        report=json.dumps(report, default=str),
    ).consume()
    tx.run(
        """
        MATCH (m:RankerModel {task: $task})
        WITH m ORDER BY m.trained_at DESC SKIP $keep
        DELETE m
        """,
        task=task,
        keep=KEEP,
    ).consume()


def latest_ranker_tx(tx: ManagedTransaction, *, task: str) -> StoredRanker | None:
    """The most recently trained model for ``task``, or None."""
    record = tx.run(
        """
        MATCH (m:RankerModel {task: $task})
        RETURN m.id AS id, m.task AS task, m.kind AS kind, m.text AS text,
               m.trained_at AS trained_at, m.partnerships AS partnerships,
               m.report AS report
        ORDER BY m.trained_at DESC LIMIT 1
        """,
        task=task,
    ).single()
    return StoredRanker.from_record(record) if record else None


@network_unchanged
def claim_training_tx(tx: ManagedTransaction, *, holder: str, timeout_s: int) -> bool:
    """Claim the single training slot for ``holder``; False while another holder's claim
    is younger than ``timeout_s`` seconds (a training run that died is taken over)."""
    record = tx.run(
        """
        MERGE (t:RankerTraining {key: 'ranker'})
        WITH t, t.holder IS NULL OR t.since < datetime() - duration({seconds: $timeout})
             AS free
        SET t.holder = CASE WHEN free THEN $holder ELSE t.holder END,
            t.since = CASE WHEN free THEN datetime() ELSE t.since END
        RETURN free
        """,
        holder=holder,
        timeout=timeout_s,
    ).single(strict=True)
    return bool(record["free"])


@network_unchanged
def release_training_tx(tx: ManagedTransaction, *, holder: str) -> None:
    """Give the training slot back (only its holder can)."""
    tx.run(
        "MATCH (t:RankerTraining {key: 'ranker', holder: $holder}) REMOVE t.holder, t.since",
        holder=holder,
    ).consume()
