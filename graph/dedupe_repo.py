"""Finding organisations that may already be the one being proposed or imported, and the
proposer's own proposals."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.membership_records import OwnProposal
from graph.records import native_rows

#: The fields every duplicate candidate returns: the organisation, its town and district.
_PLACE = """
OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
"""


def tax_code_holders_tx(tx: ManagedTransaction, *, tax_codes: list[str]) -> list[dict[str, Any]]:
    """The organisations holding any of ``tax_codes`` (unique by constraint)."""
    result = tx.run(
        "MATCH (o:Organization) WHERE o.tax_code IN $tax_codes"
        + _PLACE
        + "RETURN o.id AS id, o.name AS name, o.kind AS kind, o.tax_code AS tax_code, "
        "m.name AS municipality, d.name AS district",
        tax_codes=tax_codes,
    )
    return native_rows(result)


def organizations_near_tx(tx: ManagedTransaction, *, istat: str) -> list[dict[str, Any]]:
    """Organisations in municipality ``istat`` or in another municipality of its district
    (``same_municipality`` tells which), with their names for comparison."""
    result = tx.run(
        """
        MATCH (here:Municipality {istat: $istat})
        OPTIONAL MATCH (here)-[:IN_DISTRICT]->(:District)<-[:IN_DISTRICT]-(near:Municipality)
        WITH here, collect(DISTINCT near) AS nearby
        UNWIND ([here] + [n IN nearby WHERE n <> here]) AS m
        MATCH (o:Organization)-[:LOCATED_IN]->(m)
        OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
        RETURN o.id AS id, o.name AS name, o.kind AS kind, o.tax_code AS tax_code,
               m.name AS municipality, d.name AS district, m = here AS same_municipality
        """,
        istat=istat,
    )
    return native_rows(result)


def municipality_names_tx(tx: ManagedTransaction, *, istats: list[str]) -> dict[str, str]:
    """Names of the municipalities coded ``istats``."""
    result = tx.run(
        "MATCH (m:Municipality) WHERE m.istat IN $istats RETURN m.istat AS istat, m.name AS name",
        istats=istats,
    )
    return {record["istat"]: record["name"] for record in result}


def user_proposals_tx(tx: ManagedTransaction, *, user_id: str) -> list[OwnProposal]:
    """A user's proposals, newest first, with the organisation an approval created (or the
    one it was merged into since)."""
    result = tx.run(
        """
        MATCH (p:OrganizationProposal)-[:BY]->(:User {id: $user_id})
        OPTIONAL MATCH (m:Municipality {istat: p.municipality})
        OPTIONAL MATCH (o:Organization {id: p.organization_id})
        RETURN p.id AS id, p.name AS name, p.kind AS kind, p.status AS status,
               p.created_at AS created_at, p.decided_at AS decided_at,
               p.organization_id AS organization_id, o IS NOT NULL AS organization_exists,
               m.name AS municipality
        ORDER BY p.created_at DESC
        """,
        user_id=user_id,
    )
    return [OwnProposal.from_record(record) for record in result]


def import_neighbourhoods_tx(
    tx: ManagedTransaction, *, istats: list[str], ids: list[str]
) -> dict[str, Any]:
    """For an import batch: which of ``ids`` are stored already, the area of each
    municipality in ``istats`` (its district's code, or the municipality's own code when
    it has no district) and the organisations of those areas with their area."""
    record = tx.run(
        """
        CALL () {
            MATCH (o:Organization) WHERE o.id IN $ids RETURN collect(o.id) AS existing
        }
        CALL () {
            MATCH (m:Municipality) WHERE m.istat IN $istats
            OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
            RETURN collect([m.istat, coalesce('d:' + d.code, 'm:' + m.istat)]) AS areas
        }
        CALL () {
            MATCH (m:Municipality) WHERE m.istat IN $istats
            OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
            OPTIONAL MATCH (d)<-[:IN_DISTRICT]-(near:Municipality)
            WITH DISTINCT coalesce(near, m) AS place,
                 coalesce('d:' + d.code, 'm:' + m.istat) AS area
            MATCH (o:Organization)-[:LOCATED_IN]->(place)
            RETURN collect([o.id, o.name, area]) AS organizations
        }
        RETURN existing, areas, organizations
        """,
        istats=istats,
        ids=ids,
    ).single(strict=True)
    return record.data()
