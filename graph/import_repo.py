"""Bulk CSV import: reference look-ups and idempotent ``UNWIND ... MERGE`` batch writes.

Each write compares before it sets, so a row that matches the database changes nothing
(not even ``updated_at``), and reports per row: created, updated, unchanged, or the
code of the reason it was refused. Rows carry ``i``, their index in the caller's batch.
"""

from __future__ import annotations

from typing import Any, Final

from neo4j import ManagedTransaction

from graph.model import KINDS, kind_label
from graph.place_themes import set_place_and_themes

Rows = list[dict[str, Any]]
#: Counts and refusals of a batch: {"created": n, ..., "failed": [[i, code, params]]}.
Outcome = dict[str, Any]

# Keys of ``$props`` whose stored value differs (null and [] are both "none", a date
# equals its ISO text); setting a null removes the property.
_CHANGED = (
    "[k IN keys(row.props) WHERE NOT coalesce(%(v)s[k] = row.props[k], false) "
    "AND NOT (%(v)s[k] IS :: DATE NOT NULL AND toString(%(v)s[k]) = row.props[k]) "
    "AND NOT (coalesce(%(v)s[k], []) = [] AND coalesce(row.props[k], []) = [])]"
)
# Counts by status, with the batch indexes of the rows of every status but unchanged.
_TALLY = """
RETURN status, count(*) AS n,
       CASE WHEN status = 'unchanged' THEN [] ELSE collect(row.i) END AS rows
"""
_COUNTED: Final = ("created", "updated", "unchanged")


def _set_equal(current: str, wanted: str) -> str:
    return f"(size({current}) = size({wanted}) AND all(c IN {wanted} WHERE c IN {current}))"


# Organisations: a light look-up by key first (new rows never send their properties
# twice), then existing rows are compared, then only new and changed rows are written.
# ``row.istat`` is null for an organisation outside Italy (no municipality: moving it
# there removes its LOCATED_IN).
_ORG_LOOKUP = """
UNWIND $rows AS row
OPTIONAL MATCH (found:Organization {id: row.id})
OPTIONAL MATCH (holder:Organization {tax_code: row.tax_code}) WHERE holder.id <> row.id
WITH row, found, holder WHERE found IS NOT NULL OR holder IS NOT NULL
RETURN collect([row.i, found.kind, holder.id]) AS found
"""
_ORG_COMPARE = (
    """
UNWIND $rows AS row
MATCH (found:Organization {id: row.id})
WITH row, found, """
    + _CHANGED % {"v": "found"}
    + """ AS changed,
     [(found)-[:LOCATED_IN]->(m:Municipality) | m.istat] AS places,
     [(found)-[:WORKS_ON]->(t:Theme) | t.code] AS themes
WITH row, size(changed) > 0 AS changed,
     places <> CASE WHEN row.istat IS NULL THEN [] ELSE [row.istat] END AS moved,
     row.themes IS NOT NULL AND NOT """
    + _set_equal("themes", "row.themes")
    + """ AS rethemed
WHERE changed OR moved OR rethemed
RETURN collect([row.i, moved, rethemed]) AS updated
"""
)
_ORG_CREATE = """
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
SET o:%(label)s, o += row.props, o.kind = row.kind,
    o.created_at = datetime(), o.updated_at = datetime()
WITH o, row
CALL (o, row) {
    MATCH (m:Municipality {istat: row.istat})
    CREATE (o)-[:LOCATED_IN]->(m)
}
CALL (o, row) {
    UNWIND coalesce(row.themes, []) AS code
    MATCH (t:Theme {code: code})
    CREATE (o)-[:WORKS_ON]->(t)
}
"""
#: One create per kind: labels cannot be parameters, so each comes from the whitelist.
_ORG_CREATES: Final[dict[str, str]] = {
    kind: _ORG_CREATE % {"label": kind_label(kind)} for kind in KINDS
}
_ORG_UPDATE = """
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
SET o += row.props, o.updated_at = datetime()
WITH o, row""" + set_place_and_themes(
    istat="row.istat",
    themes="row.themes",
    scope="o, row",
    moved="row.moved",
    rethemed="row.rethemed",
)

# Partnerships: classified first, then created or updated. Dates travel as ISO strings
# (packing date values costs more than the query) and become dates once stored; the
# comparison reads a stored date as its ISO text.
_PARTNERSHIP_CLASSIFY = (
    """
UNWIND $rows AS row
OPTIONAL MATCH (a:Organization {id: row.from_id})
OPTIONAL MATCH (b:Organization {id: row.to_id})
OPTIONAL MATCH (a)-[found:PARTNER_OF {id: row.id}]-(b)
WITH row, a, b, found,
     CASE WHEN a IS NULL THEN 'missing_from'
          WHEN b IS NULL THEN 'missing_to'
          WHEN found IS NULL THEN
               CASE WHEN EXISTS { ()-[:PARTNER_OF {id: row.id}]->() } THEN 'other_endpoints'
                    ELSE 'created' END
          WHEN size("""
    + _CHANGED % {"v": "found"}
    + """) > 0 THEN 'updated'
          ELSE 'unchanged' END AS status
"""
    + _TALLY
)
_DATES_FROM_TEXT = """
SET p.since = CASE WHEN p.since IS :: STRING THEN date(p.since) ELSE p.since END,
    p.until = CASE WHEN p.until IS :: STRING THEN date(p.until) ELSE p.until END
"""
# The classifying query found no partnership with these ids, so CREATE, not MERGE: a
# MERGE looks for the relationship again and locks both endpoints before it creates,
# and reading back what it has just set (the dates) made the planner add two Eager
# steps. A concurrent import of the same ids still fails on the uniqueness constraint,
# and the batch writer retries those rows (now classified unchanged).
_PARTNERSHIP_CREATE = """
UNWIND $rows AS row
MATCH (a:Organization {id: row.from_id})
MATCH (b:Organization {id: row.to_id})
CREATE (a)-[p:PARTNER_OF {id: row.id}]->(b)
SET p += row.props, p.source = coalesce(row.props.source, $default_source),
    p.since = date(row.props.since),
    p.until = CASE WHEN row.props.until IS NULL THEN NULL ELSE date(row.props.until) END
"""
_PARTNERSHIP_UPDATE = (
    """
UNWIND $rows AS row
MATCH (:Organization {id: row.from_id})-[p:PARTNER_OF {id: row.id}]-(:Organization {id: row.to_id})
SET p += row.props
"""
    + _DATES_FROM_TEXT
)

# A consortium's link to the node whose code its property ``prop`` holds, moved when the
# row changed that property.
_RELINK = """
CALL (c, row, changed) {
    WITH * WHERE '%(prop)s' IN changed
    OPTIONAL MATCH (c)-[old:%(rel)s]->(:%(label)s)
    DELETE old
    WITH DISTINCT c, row
    MATCH (target:%(label)s {code: row.props.%(prop)s})
    MERGE (c)-[:%(rel)s]->(target)
}
"""
_CONSORTIUM_WRITE = (
    """
UNWIND $consortia AS row
OPTIONAL MATCH (found:Consortium {id: row.id})
WITH row, found IS NULL AS created
MERGE (c:Consortium {id: row.id})
WITH c, row, created, """
    + _CHANGED % {"v": "c"}
    + """ AS changed
FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END | SET c += row.props)
WITH c, row, created, changed
"""
    + _RELINK % {"prop": "call_code", "rel": "FOR_CALL", "label": "Call"}
    + _RELINK % {"prop": "district_code", "rel": "IN_DISTRICT", "label": "District"}
    + """
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND size(changed) > 0 THEN 1 ELSE 0 END) AS updated
"""
)

_MEMBERSHIP_WRITE = (
    """
UNWIND $rows AS row
OPTIONAL MATCH (o:Organization {id: row.organization_id})
OPTIONAL MATCH (c:Consortium {id: row.consortium_id})
OPTIONAL MATCH (o)-[found:MEMBER_OF]->(c)
WITH row, o, c, found,
     CASE WHEN o IS NULL THEN 'missing_organization'
          WHEN c IS NULL THEN 'missing_consortium'
          WHEN row.props.role = 'lead' AND EXISTS {
              (other:Organization)-[:MEMBER_OF {role: 'lead'}]->(c) WHERE other <> o }
              THEN 'second_lead'
          WHEN found IS NULL THEN 'created'
          WHEN size("""
    + _CHANGED % {"v": "found"}
    + """) > 0 THEN 'updated'
          ELSE 'unchanged' END AS status
FOREACH (_ IN CASE WHEN status = 'created' THEN [1] ELSE [] END |
    CREATE (o)-[r:MEMBER_OF]->(c) SET r += row.props)
FOREACH (_ IN CASE WHEN status = 'updated' THEN [1] ELSE [] END | SET found += row.props)
"""
    + _TALLY
)


def reference_codes_tx(tx: ManagedTransaction) -> dict[str, Any]:
    """Codes rows may refer to, read once per import: municipalities, themes, districts,
    and calls with their lines and whether they allow one consortium per district."""
    record = tx.run(
        """
        CALL () { MATCH (m:Municipality) RETURN collect(m.istat) AS municipalities }
        CALL () { MATCH (t:Theme) RETURN collect(t.code) AS themes }
        CALL () { MATCH (d:District) WHERE d.code IS NOT NULL
                  RETURN collect(d.code) AS districts }
        CALL () { MATCH (c:Call)
                  RETURN collect(c {.code, .lines, .one_per_district, .rules_json}) AS calls }
        RETURN municipalities, themes, districts, calls
        """
    ).single(strict=True)
    return record.data()


def _tally(records: Any) -> tuple[Outcome, dict[str, list[int]]]:
    """The outcome of a classifying query and the row indexes by status."""
    outcome: Outcome = {"created": 0, "updated": 0, "unchanged": 0, "failed": []}
    indexes: dict[str, list[int]] = {}
    for record in records:
        status = record["status"]
        indexes[status] = record["rows"]
        if status in _COUNTED:
            outcome[status] += record["n"]
        else:
            outcome["failed"] += [[i, status, {}] for i in record["rows"]]
    return outcome, indexes


def write_organizations_tx(tx: ManagedTransaction, *, rows: Rows) -> Outcome:
    """Create or update organisations; refuse a change of kind, a new District (districts
    are territories, loaded as reference data) and a tax code another organisation holds."""
    by_index = {row["i"]: row for row in rows}
    keys = [
        {"i": row["i"], "id": row["id"], "tax_code": row["props"].get("tax_code")} for row in rows
    ]
    failed: list[list[Any]] = []
    existing: Rows = []
    for i, stored_kind, holder in tx.run(_ORG_LOOKUP, rows=keys).single(strict=True)["found"]:
        row = by_index.pop(i)
        if holder is not None:
            failed.append([i, "tax_code_taken", {"holder": holder}])
        elif stored_kind != row["kind"]:
            failed.append([i, "kind_changed", {"stored": stored_kind}])
        else:
            existing.append(row)
    created = [row for row in by_index.values() if row["kind"] != "District"]
    failed += [
        [row["i"], "new_district", {}] for row in by_index.values() if row["kind"] == "District"
    ]
    updated: Rows = []
    if existing:
        record = tx.run(_ORG_COMPARE, rows=existing).single(strict=True)
        changed = {i: (moved, rethemed) for i, moved, rethemed in record["updated"]}
        updated = [
            {**row, "moved": changed[row["i"]][0], "rethemed": changed[row["i"]][1]}
            for row in existing
            if row["i"] in changed
        ]
    for kind in KINDS:
        batch = [row for row in created if row["kind"] == kind]
        if batch:
            tx.run(_ORG_CREATES[kind], rows=batch).consume()
    if updated:
        tx.run(_ORG_UPDATE, rows=updated).consume()
    return {
        "created": len(created),
        "updated": len(updated),
        "unchanged": len(existing) - len(updated),
        "failed": failed,
    }


def write_partnerships_tx(tx: ManagedTransaction, *, rows: Rows, default_source: str) -> Outcome:
    """Create or update partnerships by id; either stored direction counts as the pair.
    ``since`` and ``until`` are given as ISO strings."""
    outcome, indexes = _tally(tx.run(_PARTNERSHIP_CLASSIFY, rows=rows))
    by_index = {row["i"]: row for row in rows}
    for status, query in (("created", _PARTNERSHIP_CREATE), ("updated", _PARTNERSHIP_UPDATE)):
        if indexes.get(status):
            todo = [by_index[i] for i in indexes[status]]
            tx.run(query, rows=todo, default_source=default_source).consume()
    return outcome


def write_memberships_tx(tx: ManagedTransaction, *, rows: Rows) -> Outcome:
    """Create or update memberships; a consortium described by a row whose organisation
    exists is created or updated first, so a refused row leaves no consortium behind."""
    ids = sorted({row["organization_id"] for row in rows})
    known = {
        r["id"]
        for r in tx.run("MATCH (o:Organization) WHERE o.id IN $ids RETURN o.id AS id", ids=ids)
    }
    consortia: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["organization_id"] in known and row["consortium"] is not None:
            consortia.setdefault(
                row["consortium_id"], {"id": row["consortium_id"], "props": row["consortium"]}
            )
    extra = {"consortia_created": 0, "consortia_updated": 0}
    if consortia:
        counts = tx.run(_CONSORTIUM_WRITE, consortia=list(consortia.values())).single(strict=True)
        extra = {"consortia_created": counts["created"], "consortia_updated": counts["updated"]}
    outcome, _ = _tally(tx.run(_MEMBERSHIP_WRITE, rows=rows))
    outcome["extra"] = extra
    # What the call's per-member rules look at, for every membership the rows touched.
    outcome["members"] = tx.run(
        """
        UNWIND $rows AS row
        MATCH (o:Organization {id: row.organization_id})-[r:MEMBER_OF]->
              (c:Consortium {id: row.consortium_id})
        RETURN row.i AS i, r.role AS role, c.call_code AS call_code, c.line AS line,
               o {.id, .name, .kind, .non_profit, .size_class, .capabilities} AS org
        """,
        rows=rows,
    ).data()
    return outcome


__all__ = [
    "reference_codes_tx",
    "write_memberships_tx",
    "write_organizations_tx",
    "write_partnerships_tx",
]
