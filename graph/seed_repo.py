"""Writing seed and synthetic data: idempotent ``UNWIND ... MERGE`` batches, and counts.

Every write MERGEs on a natural key backed by a uniqueness constraint (graph/schema.py)
and replaces the node's relationships of the same kind, so loading twice leaves the
database as it was. Labels and relationship types come from the whitelists below.
"""

from __future__ import annotations

from typing import Any, Final

from neo4j import ManagedTransaction

from graph.model import KINDS, kind_label
from graph.place_themes import set_place_and_themes

Rows = list[dict[str, Any]]

#: Node labels and relationship types this module writes or counts.
NODE_LABELS: Final[tuple[str, ...]] = (
    "Organization",
    *KINDS,
    "Municipality",
    "Theme",
    "Call",
    "Consortium",
)
RELATIONSHIP_TYPES: Final[tuple[str, ...]] = (
    "LOCATED_IN",
    "IN_DISTRICT",
    "NEIGHBOUR_OF",
    "WORKS_ON",
    "PARTNER_OF",
    "MEMBER_OF",
    "FOR_CALL",
    "ADDRESSES",
)

# Themes an organisation works on are replaced, not accumulated.
_ORG_LINKS = "\nWITH o, row" + set_place_and_themes(
    istat="row.municipality", themes="row.themes", scope="o, row"
)

_ORG_PROPERTIES = """
    o.kind = row.kind, o.name = row.name, o.legal_form = row.legal_form,
    o.tax_code = row.tax_code, o.size_class = row.size_class, o.non_profit = row.non_profit,
    o.description = row.description, o.website = row.website, o.email = row.email,
    o.capabilities = row.capabilities, o.fictional = row.fictional,
    o.created_at = row.created_at, o.updated_at = row.updated_at
"""

_MERGE_ORGANIZATIONS = (
    "UNWIND $rows AS row MERGE (o:Organization {id: row.id}) REMOVE o%s SET o:%s,"
)


def _organization_query(kind: str) -> str:
    """The query for one kind: its label set, the other (non-district) kind labels removed."""
    others = "".join(f":{kind_label(k)}" for k in KINDS if k not in (kind, "District"))
    return _MERGE_ORGANIZATIONS % (others, kind_label(kind)) + _ORG_PROPERTIES + _ORG_LINKS


#: One query per kind: labels are fixed text taken from graph.model's whitelist.
_ORGANIZATION_QUERIES: Final[dict[str, str]] = {
    kind: _organization_query(kind) for kind in KINDS if kind != "District"
}
_COUNT_NODES: Final[dict[str, str]] = {
    label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in NODE_LABELS
}
_COUNT_RELATIONSHIPS: Final[dict[str, str]] = {
    rel: f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n" for rel in RELATIONSHIP_TYPES
}


def merge_themes_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Create or update themes by code."""
    tx.run(
        "UNWIND $rows AS row MERGE (t:Theme {code: row.code}) "
        "SET t.label_it = row.label_it, t.label_en = row.label_en",
        rows=rows,
    ).consume()
    return len(rows)


def merge_calls_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Create or update calls (rules as JSON) and the themes each addresses."""
    tx.run(
        """
        UNWIND $rows AS row
        MERGE (c:Call {code: row.code})
        SET c.title_it = row.title_it, c.title_en = row.title_en, c.budget_eur = row.budget_eur,
            c.max_projects = row.max_projects, c.one_per_district = row.one_per_district,
            c.lead_kinds = row.lead_kinds, c.member_kinds = row.member_kinds,
            c.phases = row.phases, c.phase_deadlines = row.phase_deadlines,
            c.phases_json = row.phases_json, c.lines = row.lines,
            c.rules_json = row.rules_json, c.rules_version = row.rules_version,
            c.opens_on = row.opens_on, c.documents_json = row.documents_json
        WITH c, row
        OPTIONAL MATCH (c)-[gone:ADDRESSES]->(t:Theme) WHERE NOT t.code IN row.themes
        DELETE gone
        WITH DISTINCT c, row
        UNWIND row.themes AS code
        MATCH (t:Theme {code: code})
        MERGE (c)-[:ADDRESSES]->(t)
        """,
        rows=rows,
    ).consume()
    return len(rows)


def merge_municipalities_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Create or update municipalities by ISTAT code."""
    tx.run(
        """
        UNWIND $rows AS row
        MERGE (m:Municipality {istat: row.istat})
        SET m.name = row.name, m.province = row.province,
            m.province_name = row.province_name, m.capoluogo = row.capoluogo
        """,
        rows=rows,
    ).consume()
    return len(rows)


def merge_districts_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Create or update districts: one node, both the territory and an organisation."""
    tx.run(
        """
        UNWIND $rows AS row
        MERGE (o:District {code: row.code})
        SET o:Organization, o.id = row.id, o.province = row.province,
        """
        + _ORG_PROPERTIES
        + _ORG_LINKS,
        rows=rows,
    ).consume()
    return len(rows)


def link_municipality_districts_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Put each municipality (rows: istat, district) in exactly one district."""
    tx.run(
        """
        UNWIND $rows AS row
        MATCH (m:Municipality {istat: row.istat})
        MATCH (d:District {code: row.district})
        OPTIONAL MATCH (m)-[stale:IN_DISTRICT]->(other:District) WHERE other.code <> row.district
        DELETE stale
        MERGE (m)-[:IN_DISTRICT]->(d)
        """,
        rows=rows,
    ).consume()
    return len(rows)


def merge_district_neighbours_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Store each neighbour pair (rows: a, b) once, from the lower code to the higher, and
    drop the pairs no longer listed (those of an earlier district map)."""
    tx.run(
        """
        MATCH (a:District)-[stale:NEIGHBOUR_OF]->(b:District)
        WHERE NOT {a: a.code, b: b.code} IN $rows
        DELETE stale
        """,
        rows=[{"a": row["a"], "b": row["b"]} for row in rows],
    ).consume()
    tx.run(
        """
        UNWIND $rows AS row
        MATCH (a:District {code: row.a})
        MATCH (b:District {code: row.b})
        MERGE (a)-[:NEIGHBOUR_OF]->(b)
        """,
        rows=rows,
    ).consume()
    return len(rows)


def merge_organizations_tx(tx: ManagedTransaction, *, kind: str, rows: Rows) -> int:
    """Create or update organisations of one kind (not District), with place and themes."""
    if kind == "District":
        raise ValueError("districts are written by merge_districts_tx")
    tx.run(_ORGANIZATION_QUERIES[kind_label(kind)], rows=rows).consume()
    return len(rows)


def merge_partnerships_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Create or update partnerships by id, stored once from ``from_id`` to ``to_id``."""
    tx.run(
        """
        UNWIND $rows AS row
        MATCH (a:Organization {id: row.from_id})
        MATCH (b:Organization {id: row.to_id})
        MERGE (a)-[p:PARTNER_OF {id: row.id}]->(b)
        SET p.type = row.type, p.since = row.since, p.until = row.until,
            p.strength = row.strength, p.source = row.source
        """,
        rows=rows,
    ).consume()
    return len(rows)


def merge_consortia_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Create or update consortia with their call and, where territorial, district."""
    tx.run(
        """
        UNWIND $rows AS row
        MERGE (c:Consortium {id: row.id})
        SET c.call_code = row.call_code, c.title = row.title, c.status = row.status,
            c.year = row.year, c.district_code = row.district_code,
            c.district_call_key = row.district_call_key, c.line = row.line,
            c.budget_eur = row.budget_eur
        WITH c, row
        MATCH (call:Call {code: row.call_code})
        MERGE (c)-[:FOR_CALL]->(call)
        WITH c, row
        OPTIONAL MATCH (c)-[stale:IN_DISTRICT]->(d:District)
        WHERE row.district_code IS NULL OR d.code <> row.district_code
        DELETE stale
        WITH DISTINCT c, row
        MATCH (d:District {code: row.district_code})
        MERGE (c)-[:IN_DISTRICT]->(d)
        """,
        rows=rows,
    ).consume()
    return len(rows)


def merge_memberships_tx(tx: ManagedTransaction, *, rows: Rows) -> int:
    """Create or update memberships (organization_id, consortium_id, role, budget_eur)."""
    tx.run(
        """
        UNWIND $rows AS row
        MATCH (o:Organization {id: row.organization_id})
        MATCH (c:Consortium {id: row.consortium_id})
        MERGE (o)-[r:MEMBER_OF]->(c)
        SET r.role = row.role, r.budget_eur = row.budget_eur
        """,
        rows=rows,
    ).consume()
    return len(rows)


def count_nodes_tx(tx: ManagedTransaction, *, label: str) -> int:
    """Number of nodes with ``label`` (one of NODE_LABELS), from the count store."""
    record = tx.run(_COUNT_NODES[label]).single(strict=True)
    return int(record["n"])


def count_relationships_tx(tx: ManagedTransaction, *, rel_type: str) -> int:
    """Number of relationships of ``rel_type`` (one of RELATIONSHIP_TYPES)."""
    record = tx.run(_COUNT_RELATIONSHIPS[rel_type]).single(strict=True)
    return int(record["n"])


def graph_counts_tx(tx: ManagedTransaction) -> dict[str, int]:
    """Every whitelisted label and relationship type with its count, plus all nodes."""
    counts = {label: count_nodes_tx(tx, label=label) for label in NODE_LABELS}
    counts |= {rel: count_relationships_tx(tx, rel_type=rel) for rel in RELATIONSHIP_TYPES}
    counts["nodes"] = int(tx.run("MATCH (n) RETURN count(n) AS n").single(strict=True)["n"])
    return counts


def count_all_nodes_tx(tx: ManagedTransaction) -> int:
    """Number of nodes of any label (constant time)."""
    return int(tx.run("MATCH (n) RETURN count(n) AS n").single(strict=True)["n"])


def integrity_problems_tx(tx: ManagedTransaction) -> dict[str, int]:
    """Counts of things a loaded seed must never contain (all zero when sound)."""
    record = tx.run(
        """
        CALL () {
            MATCH (m:Municipality) WHERE COUNT { (m)-[:IN_DISTRICT]->(:District) } <> 1
            RETURN count(m) AS municipalities_not_in_one_district
        }
        CALL () {
            MATCH (o:Organization) WHERE COUNT { (o)-[:LOCATED_IN]->(:Municipality) } <> 1
            RETURN count(o) AS organizations_not_in_one_place
        }
        CALL () {
            MATCH (c:Consortium) WHERE COUNT { (c)-[:FOR_CALL]->(:Call) } <> 1
            RETURN count(c) AS consortia_not_for_one_call
        }
        CALL () {
            MATCH (o:Organization)-[p:PARTNER_OF]->(o) RETURN count(p) AS partnership_self_loops
        }
        CALL () {
            MATCH (a:Organization)-[p:PARTNER_OF]-(b:Organization) WHERE elementId(a) < elementId(b)
            WITH a, b, count(p) AS n WHERE n > 1
            RETURN count(*) AS duplicate_partnerships
        }
        RETURN municipalities_not_in_one_district, organizations_not_in_one_place,
               consortia_not_for_one_call, partnership_self_loops, duplicate_partnerships
        """
    ).single(strict=True)
    return {key: int(value) for key, value in record.items()}
