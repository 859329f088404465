"""Merging two records of one organisation: everything the merged one holds moves to the
survivor in one transaction, which also writes the audit event that can undo it.

What moves and how is described in docs/partnerships-and-search.md ("One record per
organisation"). Relationship types are never interpolated: each is named in its query.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Final, Literal

from neo4j import ManagedTransaction

from graph.answers import any_matched
from graph.invitation_repo import invitation_key
from graph.partnership_repo import pair_key
from graph.security_repo import append_audit_tx

#: Relationships the merge handles itself (LOCATED_IN and WORKS_ON stay with the node:
#: the survivor keeps its place and gains the merged one's themes).
HANDLED: Final = (
    "PARTNER_OF",
    "MEMBER_OF",
    "ACTS_FOR",
    "TO",
    "FROM",
    "DISMISSED_SUGGESTION",
    "KEPT_SUGGESTION",
    "LOCATED_IN",
    "WORKS_ON",
)
#: Fields the survivor takes from the merged record when it has none of its own.
GAP_FIELDS: Final = ("legal_form", "tax_code", "description", "website", "email")
_ROLE_RANK: Final = {"lead": 0, "partner": 1, "associate": 2}


class MergeRefused(Exception):
    """The merge cannot be done; ``code`` says why (nothing was written)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a property value (temporal values as ISO text)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def merge_preview_tx(
    tx: ManagedTransaction, *, survivor_id: str, merged_id: str
) -> dict[str, Any] | None:
    """Both organisations with what the merged one holds, or None when one is missing."""
    record = tx.run(
        """
        MATCH (s:Organization {id: $survivor_id}), (m:Organization {id: $merged_id})
        RETURN s {.id, .name, .kind, .tax_code} AS survivor,
               m {.id, .name, .kind, .tax_code} AS merged,
               [(s)-[:LOCATED_IN]->(sm:Municipality) | sm.name][0] AS survivor_town,
               [(m)-[:LOCATED_IN]->(mm:Municipality) | mm.name][0] AS merged_town,
               COUNT { (m)-[:PARTNER_OF]-() } AS partnerships,
               COUNT { (m)-[:PARTNER_OF]-(s) } AS between,
               COUNT { (m)-[:PARTNER_OF]-(x)-[:PARTNER_OF]-(s) } AS shared_partners,
               COUNT { (m)-[:MEMBER_OF]->() } AS memberships,
               COUNT { (m)-[:MEMBER_OF]->(:Consortium)<-[:MEMBER_OF]-(s) } AS shared_consortia,
               COUNT { (:User)-[:ACTS_FOR]->(m) } AS users,
               COUNT { (:JoinRequest)-[:TO]->(m) } AS join_requests,
               COUNT { (:PartnershipRequest)-[:FROM|TO]->(m) } AS partnership_requests,
               COUNT { (:Invitation)-[:TO]->(m) } AS invitations,
               COUNT { (m)-[:DISMISSED_SUGGESTION|KEPT_SUGGESTION]-() } AS feedback
        """,
        survivor_id=survivor_id,
        merged_id=merged_id,
    ).single()
    return _plain(record.data()) if record else None


def merged_into_tx(tx: ManagedTransaction, *, org_id: str) -> str | None:
    """The organisation a merged id now lives on as, or None."""
    record = tx.run(
        "MATCH (g:MergedOrganization {id: $org_id}) RETURN g.into AS into", org_id=org_id
    ).single()
    return str(record["into"]) if record else None


def merge_organizations_tx(
    tx: ManagedTransaction,
    *,
    survivor_id: str,
    merged_id: str,
    event: dict[str, Any],
    today: date,
) -> dict[str, Any]:
    """Move everything of ``merged_id`` to ``survivor_id``, delete the merged node, leave a
    redirect and append ``event`` to the audit log with the undo record as its details.
    Returns the undo record. Raises :class:`MergeRefused` (the transaction rolls back)."""
    ids: dict[str, Any] = {"s": survivor_id, "m": merged_id}
    found = tx.run(
        """
        MATCH (s:Organization {id: $s}), (m:Organization {id: $m})
        SET s._merge_lock = true, m._merge_lock = true
        REMOVE s._merge_lock, m._merge_lock
        RETURN m {.*} AS props, m.kind AS kind, s.kind AS survivor_kind, s {.*} AS survivor,
               [(m)-[:LOCATED_IN]->(x:Municipality) | x.istat][0] AS municipality,
               [(m)-[:WORKS_ON]->(t:Theme) | t.code] AS themes
        """,
        **ids,
    ).single()
    if found is None:
        raise MergeRefused("not_found")
    if survivor_id == merged_id:
        raise MergeRefused("same")
    if "District" in (found["kind"], found["survivor_kind"]):
        raise MergeRefused("district")
    undo: dict[str, Any] = {
        "survivor_id": survivor_id,
        "merged_id": merged_id,
        "merged": {
            "props": _plain(found["props"]),
            "kind": found["kind"],
            "municipality": found["municipality"],
            "themes": found["themes"],
        },
    }
    undo["filled"] = _fill_gaps(tx, ids, found["survivor"], found["props"])
    undo["partnerships"] = _move_partnerships(tx, ids, today)
    undo["memberships"] = _move_memberships(tx, ids)
    undo["users"] = _move_users(tx, ids)
    undo["join_requests"] = [
        r["id"]
        for r in tx.run(
            """
        MATCH (j:JoinRequest)-[r:TO]->(:Organization {id: $m})
        MATCH (s:Organization {id: $s})
        DELETE r CREATE (j)-[:TO]->(s)
        RETURN j.id AS id
        """,
            **ids,
        )
    ]
    undo["partnership_requests"] = _move_partnership_requests(tx, ids)
    undo["invitations"] = _move_invitations(tx, ids)
    undo["feedback"] = _move_feedback(tx, ids)
    undo["themes_added"] = [
        r["code"]
        for r in tx.run(
            """
        MATCH (:Organization {id: $m})-[:WORKS_ON]->(t:Theme), (s:Organization {id: $s})
        WHERE NOT (s)-[:WORKS_ON]->(t)
        MERGE (s)-[:WORKS_ON]->(t)
        RETURN t.code AS code
        """,
            **ids,
        )
    ]
    undo["proposals"] = [
        r["id"]
        for r in tx.run(
            "MATCH (p:OrganizationProposal {organization_id: $m}) SET p.organization_id = $s "
            "RETURN p.id AS id",
            **ids,
        )
    ]
    left = tx.run(
        "MATCH (:Organization {id: $m})-[r]-() WHERE NOT type(r) IN $handled "
        "RETURN collect(DISTINCT type(r)) AS types",
        handled=list(HANDLED),
        **ids,
    ).single(strict=True)["types"]
    if left:
        raise MergeRefused("unhandled", types=", ".join(sorted(left)))
    tx.run(
        """
        MATCH (m:Organization {id: $m}) DETACH DELETE m
        WITH 1 AS done
        OPTIONAL MATCH (older:MergedOrganization {into: $m})
        SET older.into = $s
        WITH count(older) AS chained
        MERGE (g:MergedOrganization {id: $m})
        SET g.into = $s, g.at = datetime()
        """,
        **ids,
    ).consume()
    append_audit_tx(tx, event={**event, "details": undo})
    return undo


def _fill_gaps(
    tx: ManagedTransaction, ids: dict[str, Any], survivor: dict[str, Any], merged: dict[str, Any]
) -> dict[str, Any]:
    filled = {k: merged[k] for k in GAP_FIELDS if merged.get(k) and not survivor.get(k)}
    if filled:
        # The merged record lets go of its tax code first: it is unique.
        tx.run("MATCH (m:Organization {id: $m}) SET m.tax_code = null", **ids).consume()
        tx.run("MATCH (s:Organization {id: $s}) SET s += $filled", filled=filled, **ids).consume()
    return _plain(filled)


def _move_partnerships(
    tx: ManagedTransaction, ids: dict[str, Any], today: date
) -> dict[str, list[Any]]:
    """Self-partnerships are dropped; an active partnership with a partner the survivor is
    also actively tied to is combined into the survivor's; any other moves as it is."""
    rows = tx.run(
        """
        MATCH (m:Organization {id: $m})-[r:PARTNER_OF]-(x:Organization)
        MATCH (s:Organization {id: $s})
        RETURN r.id AS id, properties(r) AS props, startNode(r) = m AS outgoing,
               x.id AS other, x = s AS self_loop,
               (r.until IS NULL OR r.until >= $today) AS active,
               [(s)-[q:PARTNER_OF]-(x) WHERE q.until IS NULL OR q.until >= $today
                | q {.*}][0] AS kept
        """,
        today=today,
        **ids,
    )
    dropped, combined, moved = [], [], []
    for row in rows:
        entry = {
            "id": row["id"],
            "other": row["other"],
            "outgoing": row["outgoing"],
            "props": _plain(row["props"]),
        }
        if row["self_loop"]:
            dropped.append(entry)
        elif row["active"] and row["kept"] is not None:
            combined.append(
                {**entry, "into": row["kept"]["id"], "into_before": _plain(row["kept"])}
            )
        else:
            moved.append(entry)
    for entry in combined:
        tx.run(
            """
            MATCH ()-[q:PARTNER_OF {id: $into}]->(), ()-[r:PARTNER_OF {id: $id}]->()
            SET q.since = CASE WHEN q.since IS NULL OR r.since < q.since THEN r.since
                               ELSE q.since END,
                q.strength = CASE WHEN coalesce(r.strength, 0) > coalesce(q.strength, 0)
                                  THEN r.strength ELSE q.strength END
            """,
            into=entry["into"],
            id=entry["id"],
        ).consume()
    tx.run(
        """
        UNWIND $gone AS id
        MATCH ()-[r:PARTNER_OF {id: id}]->() DELETE r
        """,
        gone=[e["id"] for e in dropped + combined],
    ).consume()
    tx.run(
        """
        MATCH (m:Organization {id: $m}), (s:Organization {id: $s})
        UNWIND $moved AS row
        MATCH (m)-[r:PARTNER_OF {id: row.id}]-(x:Organization {id: row.other})
        WITH s, x, r, properties(r) AS props, row.outgoing AS outgoing
        DELETE r
        FOREACH (_ IN CASE WHEN outgoing THEN [1] ELSE [] END |
            CREATE (s)-[n:PARTNER_OF]->(x) SET n = props)
        FOREACH (_ IN CASE WHEN outgoing THEN [] ELSE [1] END |
            CREATE (x)-[n:PARTNER_OF]->(s) SET n = props)
        """,
        moved=[{"id": e["id"], "other": e["other"], "outgoing": e["outgoing"]} for e in moved],
        **ids,
    ).consume()
    return {"moved": moved, "combined": combined, "dropped": dropped}


def _move_memberships(tx: ManagedTransaction, ids: dict[str, Any]) -> dict[str, list[Any]]:
    """A consortium the survivor is in too keeps one membership: the higher role (so a
    merged lead makes the survivor lead), budgets added up, budget lines joined."""
    rows = list(
        tx.run(
            """
        MATCH (m:Organization {id: $m})-[r:MEMBER_OF]->(c:Consortium)
        OPTIONAL MATCH (:Organization {id: $s})-[q:MEMBER_OF]->(c)
        RETURN c.id AS consortium, properties(r) AS props, properties(q) AS kept
        """,
            **ids,
        )
    )
    moved, combined = [], []
    for row in rows:
        entry = {"consortium": row["consortium"], "props": _plain(row["props"])}
        if row["kept"] is None:
            moved.append(entry)
            continue
        mine, theirs = dict(row["kept"]), dict(row["props"])
        role = min((mine.get("role"), theirs.get("role")), key=lambda r: _ROLE_RANK.get(r or "", 9))
        lines = _lines(mine.get("budget_lines")) + _lines(theirs.get("budget_lines"))
        after = {
            "role": role,
            "budget_eur": (mine.get("budget_eur") or 0) + (theirs.get("budget_eur") or 0),
            "budget_lines": json.dumps(lines),
        }
        combined.append({**entry, "into_before": _plain(mine), "after": after})
        tx.run(
            "MATCH (:Organization {id: $s})-[q:MEMBER_OF]->(:Consortium {id: $c}) SET q += $after",
            c=row["consortium"],
            after=after,
            **ids,
        ).consume()
    tx.run(
        """
        MATCH (m:Organization {id: $m}), (s:Organization {id: $s})
        MATCH (m)-[r:MEMBER_OF]->(c:Consortium)
        WITH s, r, c, properties(r) AS props, c.id IN $combined AS combine
        DELETE r
        FOREACH (_ IN CASE WHEN combine THEN [] ELSE [1] END |
            CREATE (s)-[n:MEMBER_OF]->(c) SET n = props)
        """,
        combined=[e["consortium"] for e in combined],
        **ids,
    ).consume()
    return {"moved": moved, "combined": combined}


def _lines(text: Any) -> list[Any]:
    try:
        value = json.loads(text) if isinstance(text, str) else []
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _move_users(tx: ManagedTransaction, ids: dict[str, Any]) -> list[dict[str, Any]]:
    rows = tx.run(
        """
        MATCH (u:User)-[r:ACTS_FOR]->(:Organization {id: $m})
        MATCH (s:Organization {id: $s})
        WITH u, r, s, r.since AS since, EXISTS { (u)-[:ACTS_FOR]->(s) } AS already
        DELETE r
        MERGE (u)-[n:ACTS_FOR]->(s) ON CREATE SET n.since = since
        RETURN u.id AS user_id, already
        """,
        **ids,
    )
    return [record.data() for record in rows]


def _move_partnership_requests(tx: ManagedTransaction, ids: dict[str, Any]) -> list[Any]:
    """Requests move with their direction; a pending one between the two records, or one
    the survivor already has pending with the same organisation, is withdrawn."""
    rows = [
        record.data()
        for record in tx.run(
            """
        MATCH (r:PartnershipRequest)-[rel:FROM|TO]->(m:Organization {id: $m})
        MATCH (r)-[:FROM|TO]->(x:Organization) WHERE x <> m
        MATCH (s:Organization {id: $s})
        WITH r, rel, x, s, type(rel) = 'FROM' AS sent
        DELETE rel
        FOREACH (_ IN CASE WHEN sent THEN [1] ELSE [] END | CREATE (r)-[:FROM]->(s))
        FOREACH (_ IN CASE WHEN sent THEN [] ELSE [1] END | CREATE (r)-[:TO]->(s))
        RETURN r.id AS id, r.status AS status, r.pending_key AS pending_key, x.id AS other,
               sent
        """,
            **ids,
        )
    ]
    claimed: set[str] = set()
    for row in rows:
        if row["status"] != "pending":
            continue
        key = pair_key(ids["s"], row["other"])
        taken = (
            row["other"] == ids["s"] or key in claimed or _key_held(tx, "PartnershipRequest", key)
        )
        _rekey_or_withdraw(tx, "PartnershipRequest", row, key, withdraw=taken)
        if not taken:
            claimed.add(key)
    return rows


def _move_invitations(tx: ManagedTransaction, ids: dict[str, Any]) -> list[Any]:
    """Invitations move; a pending one to a consortium the survivor is now in, or has a
    pending invitation to, is withdrawn."""
    rows = [
        record.data()
        for record in tx.run(
            """
        MATCH (i:Invitation)-[rel:TO]->(:Organization {id: $m})
        MATCH (i)-[:FOR]->(c:Consortium)
        MATCH (s:Organization {id: $s})
        DELETE rel CREATE (i)-[:TO]->(s)
        RETURN i.id AS id, i.status AS status, i.pending_key AS pending_key,
               c.id AS consortium, EXISTS { (s)-[:MEMBER_OF]->(c) } AS member
        """,
            **ids,
        )
    ]
    for row in rows:
        if row["status"] != "pending":
            continue
        key = invitation_key(row["consortium"], ids["s"])
        taken = row["member"] or _key_held(tx, "Invitation", key)
        _rekey_or_withdraw(tx, "Invitation", row, key, withdraw=taken)
    return rows


#: What a merge moves that holds a ``pending_key`` (unique by constraint).
_Keyed = Literal["PartnershipRequest", "Invitation"]


def _key_held(tx: ManagedTransaction, label: _Keyed, key: str) -> bool:
    """Whether a ``label`` node holds ``key`` as its pending key already."""
    return any_matched(tx, f"MATCH (x:{label} {{pending_key: $key}}) RETURN count(x) AS n", key=key)


def _rekey_or_withdraw(
    tx: ManagedTransaction, label: _Keyed, row: dict[str, Any], key: str, *, withdraw: bool
) -> None:
    """Give a moved pending ``label`` (``row``) the survivor's pending ``key``, or withdraw
    it; ``row["withdrawn"]`` tells which."""
    row["withdrawn"] = bool(withdraw)
    if withdraw:
        tx.run(
            f"MATCH (x:{label} {{id: $id}}) SET x.status = 'withdrawn', "
            "x.pending_key = null, x.decided_at = datetime()",
            id=row["id"],
        ).consume()
    else:
        tx.run(
            f"MATCH (x:{label} {{id: $id}}) SET x.pending_key = $key", id=row["id"], key=key
        ).consume()


def _move_feedback(tx: ManagedTransaction, ids: dict[str, Any]) -> list[Any]:
    """Dismissed and kept suggestions, given and received: the survivor's own feedback on
    the same organisation wins; feedback between the two records is dropped."""
    rows = tx.run(
        """
        MATCH (m:Organization {id: $m}), (s:Organization {id: $s})
        MATCH (m)-[f:DISMISSED_SUGGESTION|KEPT_SUGGESTION]-(o)
        WITH m, s, f, o, startNode(f) = m AS given, type(f) AS kind, properties(f) AS props
        WITH m, s, f, o, given, kind, props,
             o = s OR (given AND EXISTS {
                 (s)-[:DISMISSED_SUGGESTION|KEPT_SUGGESTION]->(o) })
                 OR (NOT given AND EXISTS {
                 (o)-[:DISMISSED_SUGGESTION|KEPT_SUGGESTION]->(s) }) AS dropped
        DELETE f
        FOREACH (_ IN CASE WHEN NOT dropped AND given AND kind = 'DISMISSED_SUGGESTION'
                 THEN [1] ELSE [] END | CREATE (s)-[n:DISMISSED_SUGGESTION]->(o) SET n = props)
        FOREACH (_ IN CASE WHEN NOT dropped AND given AND kind = 'KEPT_SUGGESTION'
                 THEN [1] ELSE [] END | CREATE (s)-[n:KEPT_SUGGESTION]->(o) SET n = props)
        FOREACH (_ IN CASE WHEN NOT dropped AND NOT given AND kind = 'DISMISSED_SUGGESTION'
                 THEN [1] ELSE [] END | CREATE (o)-[n:DISMISSED_SUGGESTION]->(s) SET n = props)
        FOREACH (_ IN CASE WHEN NOT dropped AND NOT given AND kind = 'KEPT_SUGGESTION'
                 THEN [1] ELSE [] END | CREATE (o)-[n:KEPT_SUGGESTION]->(s) SET n = props)
        RETURN o.id AS other, given, kind, dropped, props
        """,
        **ids,
    )
    return [_plain(record.data()) for record in rows]
