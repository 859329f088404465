"""Consortia: creation (one per district and call: queued on the call, backed by a
constraint), facts, status, members."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph.answers import any_matched
from graph.call_repo import call_map, lock_call_tx
from graph.consortium_records import (
    ConsortiumListing,
    ConsortiumRef,
    ConsortiumSnapshot,
    LeadCandidate,
    MemberAttributes,
)
from graph.notification_repo import consortium_link, notify_tx

#: The consortium's call, district, members (with what the rules read) and invitations.
_FACTS = (
    """
MATCH (c:Consortium {id: $consortium_id})-[:FOR_CALL]->(call:Call)
OPTIONAL MATCH (c)-[:IN_DISTRICT]->(d:District)
OPTIONAL MATCH (call)-[:HAD_RULES]->(checked:RuleSet {version: c.rules_checked_version})
CALL (c) {
    OPTIONAL MATCH (o:Organization)-[r:MEMBER_OF]->(c)
    OPTIONAL MATCH (o)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(od:District)
    WITH o, r, od
    ORDER BY CASE r.role WHEN 'lead' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END, o.name
    RETURN collect(CASE WHEN o IS NULL THEN NULL ELSE {
        org_id: o.id, name: o.name, kind: o.kind, role: r.role, non_profit: o.non_profit,
        size_class: o.size_class, capabilities: coalesce(o.capabilities, []),
        themes: [(o)-[:WORKS_ON]->(t:Theme) | t.code], budget_eur: coalesce(r.budget_eur, 0),
        budget_lines: r.budget_lines, code: o.code, district_code: od.code,
        joined_at: r.joined_at } END) AS members
}
CALL (c) {
    OPTIONAL MATCH (i:Invitation)-[:FOR]->(c)
    OPTIONAL MATCH (i)-[:TO]->(io:Organization)
    WITH i, io ORDER BY i.created_at DESC
    RETURN collect(CASE WHEN i IS NULL THEN NULL ELSE {
        id: i.id, org_id: io.id, name: io.name, kind: io.kind, code: io.code, role: i.role,
        status: CASE WHEN i.status = 'pending' AND i.expires_at < datetime()
                THEN 'expired' ELSE i.status END,
        created_at: i.created_at, expires_at: i.expires_at, budget_eur: i.budget_eur,
        budget_lines: i.budget_lines } END) AS invitations
}
CALL (c) {
    OPTIONAL MATCH (other:Consortium {call_code: c.call_code, year: c.year})
    WHERE other.id <> c.id AND other.status IN ['funded', 'closed']
    RETURN count(other) AS funded_in_edition
}
RETURN c {.id, .title, .status, .year, .line, .call_code, .district_code, .district_call_key,
          .rules_checked_version, .created_by, .created_at} AS consortium,
       """
    + call_map("call")
    + """ AS call,
       d {.code, .name} AS district, checked.rules_json AS checked_rules_json,
       members, invitations, funded_in_edition
"""
)


def consortium_facts_tx(tx: ManagedTransaction, *, consortium_id: str) -> ConsortiumSnapshot | None:
    """Everything the rule engine and the consortium page need, in one read."""
    record = tx.run(_FACTS, consortium_id=consortium_id).single()
    return None if record is None else ConsortiumSnapshot.from_record(record)


def lead_candidate_tx(tx: ManagedTransaction, *, org_id: str) -> LeadCandidate | None:
    """An organisation (or a district, by id or code) that would lead a consortium."""
    record = tx.run(
        """
        OPTIONAL MATCH (by_id:Organization {id: $org_id})
        OPTIONAL MATCH (by_code:District {code: $org_id})
        WITH coalesce(by_id, by_code) AS o WHERE o IS NOT NULL
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d:District)
        RETURN o.id AS id, o.name AS name, o.kind AS kind, o.code AS code,
               CASE WHEN o:District THEN o.code ELSE d.code END AS district_code
        """,
        org_id=org_id,
    ).single()
    return None if record is None else LeadCandidate.from_record(record)


def create_consortium_tx(
    tx: ManagedTransaction, *, consortium: dict[str, Any], lead_id: str
) -> ConsortiumRef | None:
    """Create a draft consortium and its lead membership (MERGE by id: safe to retry),
    unless its ``district_call_key`` is taken: then nothing is written and the holder
    is returned.

    Creators of the same call queue on the call node's write lock, so the check sees
    any rival committed before it. The uniqueness constraint stays the last word (a
    writer that skips this function gets ConstraintError), but the usual race ends
    without a failed statement: Neo4j 5.26 now and then leaves a connection that was
    just reset after a failure without an answer to its next message.
    """
    key = consortium.get("district_call_key")
    lock_call_tx(tx, code=consortium["call_code"])
    if key is not None:
        holder = consortium_by_key_tx(tx, key=key)
        if holder is not None and holder.id != consortium["id"]:
            return holder
    tx.run(
        """
        MATCH (call:Call {code: $consortium.call_code})
        MATCH (lead:Organization {id: $lead_id})
        MERGE (c:Consortium {id: $consortium.id})
          ON CREATE SET c += $consortium, c.created_at = datetime()
        MERGE (c)-[:FOR_CALL]->(call)
        MERGE (lead)-[r:MEMBER_OF]->(c)
          ON CREATE SET r.role = 'lead', r.budget_eur = 0, r.budget_lines = '[]',
                        r.joined_at = datetime()
        WITH c
        OPTIONAL MATCH (d:District {code: $consortium.district_code})
        FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | MERGE (c)-[:IN_DISTRICT]->(d))
        """,
        consortium=consortium,
        lead_id=lead_id,
    ).consume()
    return None


def consortium_by_key_tx(tx: ManagedTransaction, *, key: str) -> ConsortiumRef | None:
    """The consortium holding a district-and-call key, if any."""
    record = tx.run(
        "MATCH (c:Consortium {district_call_key: $key}) RETURN c.id AS id, c.title AS title",
        key=key,
    ).single()
    return None if record is None else ConsortiumRef.from_record(record)


def lock_consortium_tx(tx: ManagedTransaction, *, consortium_id: str) -> str | None:
    """Take the consortium's write lock for this transaction; returns its status."""
    record = tx.run(
        "MATCH (c:Consortium {id: $consortium_id}) SET c._lock = true REMOVE c._lock "
        "RETURN c.status AS status",
        consortium_id=consortium_id,
    ).single()
    return record["status"] if record else None


def set_status_tx(
    tx: ManagedTransaction,
    *,
    consortium_id: str,
    from_status: str,
    to_status: str,
    rules_version: int,
    checked: bool,
    actor_id: str | None,
) -> bool:
    """Move the status if it is still ``from_status``; a checked move records the version."""
    moved = any_matched(
        tx,
        """
        MATCH (c:Consortium {id: $consortium_id}) WHERE c.status = $from_status
        SET c.status = $to_status, c.status_changed_at = datetime(),
            c.status_changed_by = $actor_id
        FOREACH (_ IN CASE WHEN $checked THEN [1] ELSE [] END |
            SET c.rules_checked_version = $rules_version, c.rules_checked_at = datetime())
        RETURN count(c) AS n
        """,
        consortium_id=consortium_id,
        from_status=from_status,
        to_status=to_status,
        rules_version=rules_version,
        checked=checked,
        actor_id=actor_id,
    )
    if moved:
        notify_members_tx(
            tx,
            consortium_id=consortium_id,
            kind="consortium_phase_changed",
            params={"status": to_status},
            exclude_user_ids=[actor_id or ""],
        )
    return moved


def notify_members_tx(
    tx: ManagedTransaction,
    *,
    consortium_id: str,
    kind: str,
    params: dict[str, Any] | None = None,
    exclude_user_ids: list[str] | tuple[str, ...] = (),
) -> int:
    """Notify the users of every member organisation of a consortium (with its name as
    ``consortium_name``); returns how many were written."""
    record = tx.run(
        "MATCH (c:Consortium {id: $consortium_id}) "
        "RETURN c.title AS title, [(o:Organization)-[:MEMBER_OF]->(c) | o.id] AS members",
        consortium_id=consortium_id,
    ).single()
    if record is None:
        return 0
    return notify_tx(
        tx,
        kind=kind,
        link=consortium_link(consortium_id),
        params={"consortium_name": record["title"], **(params or {})},
        org_ids=list(record["members"]),
        exclude_user_ids=exclude_user_ids,
    )


def delete_draft_tx(tx: ManagedTransaction, *, consortium_id: str) -> bool:
    """Delete a draft consortium with its invitations (frees its district-and-call key)."""
    return any_matched(
        tx,
        """
        MATCH (c:Consortium {id: $consortium_id, status: 'draft'})
        OPTIONAL MATCH (i:Invitation)-[:FOR]->(c)
        DETACH DELETE i
        WITH DISTINCT c
        DETACH DELETE c
        RETURN count(*) AS n
        """,
        consortium_id=consortium_id,
    )


def set_member_budget_tx(
    tx: ManagedTransaction,
    *,
    consortium_id: str,
    org_id: str,
    budget_eur: int,
    budget_lines: str,
) -> bool:
    """Replace one member's budget lines and total."""
    return any_matched(
        tx,
        """
        MATCH (:Organization {id: $org_id})-[r:MEMBER_OF]->(:Consortium {id: $consortium_id})
        SET r.budget_eur = $budget_eur, r.budget_lines = $budget_lines
        RETURN count(r) AS n
        """,
        consortium_id=consortium_id,
        org_id=org_id,
        budget_eur=budget_eur,
        budget_lines=budget_lines,
    )


def remove_member_tx(tx: ManagedTransaction, *, consortium_id: str, org_id: str) -> bool:
    """Remove a partner or associate (never the lead)."""
    return any_matched(
        tx,
        """
        MATCH (:Organization {id: $org_id})-[r:MEMBER_OF]->(:Consortium {id: $consortium_id})
        WHERE r.role <> 'lead'
        DELETE r
        RETURN count(*) AS n
        """,
        consortium_id=consortium_id,
        org_id=org_id,
    )


_LISTED = """
WITH c ORDER BY c.year DESC, c.created_at DESC, c.title
MATCH (c)-[:FOR_CALL]->(call:Call)
OPTIONAL MATCH (lead:Organization)-[:MEMBER_OF {role: 'lead'}]->(c)
OPTIONAL MATCH (c)-[:IN_DISTRICT]->(d:District)
RETURN c.id AS id, c.title AS title, c.status AS status, c.year AS year, call.code AS call,
       lead.name AS lead, d.name AS district, COUNT { (:Organization)-[:MEMBER_OF]->(c) } AS size
"""


def _listings(
    tx: ManagedTransaction, matched: LiteralString, /, **params: Any
) -> list[ConsortiumListing]:
    """The consortia ``matched`` finds (a ``MATCH (c:Consortium) WHERE ...``), listed
    newest first, at most ``$limit`` of them."""
    result = tx.run(matched + _LISTED + " LIMIT $limit", params)
    return [ConsortiumListing.from_record(record) for record in result]


def consortia_for_tx(
    tx: ManagedTransaction, *, org_ids: list[str], district_codes: list[str], limit: int
) -> list[ConsortiumListing]:
    """Consortia a user is involved in: as a member, an invitee, or its district's lead."""
    return _listings(
        tx,
        """
        MATCH (c:Consortium)
        WHERE EXISTS { (o:Organization)-[:MEMBER_OF]->(c) WHERE o.id IN $org_ids
                       OR (o:District AND o.code IN $district_codes) }
           OR EXISTS { (c)-[:IN_DISTRICT]->(d:District) WHERE d.code IN $district_codes }
           OR EXISTS { (i:Invitation {status: 'pending'})-[:FOR]->(c)
                       WHERE EXISTS { (i)-[:TO]->(o:Organization) WHERE o.id IN $org_ids } }
        """,
        org_ids=org_ids,
        district_codes=district_codes,
        limit=limit,
    )


def all_consortia_tx(
    tx: ManagedTransaction, *, call: str | None, status: str | None, limit: int
) -> list[ConsortiumListing]:
    """Consortia of every district, newest first, for regional staff."""
    return _listings(
        tx,
        """
        MATCH (c:Consortium)
        WHERE ($call IS NULL OR c.call_code = $call) AND ($status IS NULL OR c.status = $status)
        """,
        call=call,
        status=status,
        limit=limit,
    )


def member_attributes_tx(tx: ManagedTransaction, *, org_ids: list[str]) -> list[MemberAttributes]:
    """What the per-member rules read, for organisations that are not members yet."""
    result = tx.run(
        """
        MATCH (o:Organization) WHERE o.id IN $org_ids
        RETURN o.id AS org_id, o.name AS name, o.kind AS kind, o.non_profit AS non_profit,
               o.size_class AS size_class, coalesce(o.capabilities, []) AS capabilities,
               [(o)-[:WORKS_ON]->(t:Theme) | t.code] AS themes
        """,
        org_ids=org_ids,
    )
    return [MemberAttributes.from_record(record) for record in result]
