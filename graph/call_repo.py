"""Calls: listing, one call with its rule history, and versioned edits by administrators."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.call_records import CallDetail, CallListing


def call_map(var: str) -> str:
    """The map projection of call node ``var`` that :meth:`Call.from_record` reads (its
    themes included)."""
    return (
        f"{var} {{.code, .title_it, .title_en, .budget_eur, .phases_json, .rules_json, "
        ".rules_version, .rules_updated_at, .rules_updated_by, .max_projects, "
        ".one_per_district, .opens_on, .documents_json, .practice_mode, .practice_mode_at, "
        f".practice_mode_by, themes: [({var})-[:ADDRESSES]->(t:Theme) | "
        "t {.code, .label_it, .label_en}]}"
    )


def list_calls_tx(tx: ManagedTransaction) -> list[CallListing]:
    """Every call, in code order, with its themes and how many consortia it has."""
    result = tx.run(
        "MATCH (c:Call) WITH c ORDER BY c.code RETURN "
        + call_map("c")
        + " AS call, COUNT { (:Consortium)-[:FOR_CALL]->(c) } AS consortia"
    )
    return [CallListing.from_record(record) for record in result]


def get_call_tx(tx: ManagedTransaction, *, code: str) -> CallDetail | None:
    """One call, its themes and its archived rule versions (newest first)."""
    record = tx.run(
        "MATCH (c:Call {code: $code}) RETURN "
        + call_map("c")
        + """ AS call,
        [(c)-[:HAD_RULES]->(r:RuleSet) | r {.version, .rules_json, .created_at, .created_by,
                                            .created_by_email}] AS history
        """,
        code=code,
    ).single()
    return None if record is None else CallDetail.from_record(record)


def lock_call_tx(tx: ManagedTransaction, *, code: str) -> int | None:
    """Take the call's write lock for this transaction; returns its rules version (None:
    no such call). Rule edits and consortium openings of one call queue on it."""
    record = tx.run(
        "MATCH (c:Call {code: $code}) SET c._lock = true REMOVE c._lock "
        "RETURN c.rules_version AS version",
        code=code,
    ).single()
    return None if record is None else int(record["version"] or 1)


def create_call_tx(
    tx: ManagedTransaction,
    *,
    code: str,
    props: dict[str, Any],
    themes: list[str],
    actor_id: str | None,
) -> bool:
    """Create the call ``code`` with rules version 1; False (nothing written) when a call
    has that code already. MERGE on the unique code keeps concurrent creations apart."""
    record = tx.run(
        """
        MERGE (c:Call {code: $code})
          ON CREATE SET c += $props, c.rules_version = 1, c.rules_updated_at = datetime(),
                        c.rules_updated_by = $actor_id, c.created_at = datetime(),
                        c._created = true
        WITH c, coalesce(c._created, false) AS created
        REMOVE c._created
        RETURN created
        """,
        code=code,
        props=props,
        actor_id=actor_id,
    ).single(strict=True)
    if not record["created"]:
        return False
    tx.run(
        """
        MATCH (c:Call {code: $code})
        UNWIND $themes AS theme
        MATCH (t:Theme {code: theme})
        MERGE (c)-[:ADDRESSES]->(t)
        """,
        code=code,
        themes=themes,
    ).consume()
    return True


def update_call_tx(
    tx: ManagedTransaction,
    *,
    code: str,
    expected_version: int,
    props: dict[str, Any],
    themes: list[str],
    rules: dict[str, Any] | None,
    actor_id: str | None,
    actor_email: str | None,
) -> tuple[str, int]:
    """Save an edit made on rules version ``expected_version``.

    Returns ``(outcome, version)``: ``missing``, ``conflict`` (someone saved a newer
    version meanwhile: nothing is written) or ``ok`` with the version now in force. New
    rules (``rules`` not None) become version n + 1; version n stays as a ``RuleSet``.
    """
    version = lock_call_tx(tx, code=code)
    if version is None:
        return "missing", 0
    if version != expected_version:
        return "conflict", version
    tx.run(
        """
        MATCH (c:Call {code: $code})
        SET c += $props
        WITH c
        OPTIONAL MATCH (c)-[gone:ADDRESSES]->(t:Theme) WHERE NOT t.code IN $themes
        DELETE gone
        WITH DISTINCT c
        UNWIND $themes AS theme
        MATCH (t:Theme {code: theme})
        MERGE (c)-[:ADDRESSES]->(t)
        """,
        code=code,
        props=props,
        themes=themes,
    ).consume()
    if rules is None:
        return "ok", version
    tx.run(
        """
        MATCH (c:Call {code: $code})
        MERGE (old:RuleSet {key: $code + ':' + toString($version)})
          ON CREATE SET old.call_code = $code, old.version = $version,
                        old.rules_json = c.rules_json, old.created_at = c.rules_updated_at,
                        old.created_by = c.rules_updated_by
        MERGE (c)-[:HAD_RULES]->(old)
        MERGE (new:RuleSet {key: $code + ':' + toString($version + 1)})
          ON CREATE SET new.call_code = $code, new.version = $version + 1,
                        new.rules_json = $rules.rules_json, new.created_at = datetime(),
                        new.created_by = $actor_id, new.created_by_email = $actor_email
        MERGE (c)-[:HAD_RULES]->(new)
        SET c += $rules, c.rules_version = $version + 1, c.rules_updated_at = datetime(),
            c.rules_updated_by = $actor_id
        """,
        code=code,
        version=version,
        rules=rules,
        actor_id=actor_id,
        actor_email=actor_email,
    ).consume()
    return "ok", version + 1


def set_practice_mode_tx(
    tx: ManagedTransaction, *, code: str, on: bool, actor_id: str | None
) -> bool | None:
    """Open or close a call's practice mode; returns the previous state (None: no call)."""
    record = tx.run(
        """
        MATCH (c:Call {code: $code})
        WITH c, coalesce(c.practice_mode, false) AS before
        SET c.practice_mode = $on, c.practice_mode_at = datetime(),
            c.practice_mode_by = $actor_id
        RETURN before
        """,
        code=code,
        on=on,
        actor_id=actor_id,
    ).single()
    return None if record is None else bool(record["before"])
