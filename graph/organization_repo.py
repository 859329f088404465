"""Reading organisations: paged listings and the full profile of one."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

from graph.organization_records import DistrictChoice, OrganizationMatch, OrganizationProfile
from graph.records import FromRecord

_LIST_FILTER = """
MATCH (o:Organization)
WHERE ($kind IS NULL OR o.kind = $kind)
  AND ($district IS NULL OR EXISTS {
        (o)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(:District {code: $district}) })
"""


@dataclass(frozen=True)
class OrganizationRow(FromRecord):
    """An organisation as the directory lists it: name, kind, town and district."""

    id: str
    name: str
    kind: str
    fictional: bool | None
    municipality: str | None
    province: str | None
    #: ISO code, for organisations outside Italy (no municipality).
    country: str | None
    district_code: str | None
    district_name: str | None


def count_organizations_tx(
    tx: ManagedTransaction, *, kind: str | None, district: str | None
) -> int:
    """How many organisations match the listing's filters."""
    record = tx.run(_LIST_FILTER + "RETURN count(o) AS n", kind=kind, district=district).single(
        strict=True
    )
    return int(record["n"])


def list_organizations_tx(
    tx: ManagedTransaction,
    *,
    kind: str | None,
    district: str | None,
    skip: int,
    limit: int,
) -> list[OrganizationRow]:
    """One page of organisations ordered by name, with their town and district."""
    result = tx.run(
        _LIST_FILTER
        + """
        WITH o ORDER BY o.name, o.id SKIP $skip LIMIT $limit
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
        OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
        RETURN o.id AS id, o.name AS name, o.kind AS kind, o.fictional AS fictional,
               m.name AS municipality, m.province AS province, o.country AS country,
               d.code AS district_code, d.name AS district_name
        """,
        kind=kind,
        district=district,
        skip=skip,
        limit=limit,
    )
    return [OrganizationRow.from_record(record) for record in result]


def get_organization_tx(tx: ManagedTransaction, *, org_id: str) -> OrganizationProfile | None:
    """The profile of one organisation with its place, themes, partners and consortia."""
    record = tx.run(
        """
        MATCH (o:Organization {id: $org_id})
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
        OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
        CALL (o) {
            OPTIONAL MATCH (o)-[:WORKS_ON]->(t:Theme)
            RETURN collect(t {.code, .label_it, .label_en}) AS themes
        }
        CALL (o) {
            OPTIONAL MATCH (o)-[p:PARTNER_OF]-(other:Organization)
            WITH p, other ORDER BY p.since DESC, other.name
            RETURN collect(CASE WHEN other IS NULL THEN NULL ELSE {
                id: other.id, name: other.name, kind: other.kind, type: p.type,
                since: p.since, until: p.until } END) AS partners
        }
        CALL (o) {
            OPTIONAL MATCH (o)-[r:MEMBER_OF]->(c:Consortium)-[:FOR_CALL]->(call:Call)
            WITH r, c, call ORDER BY c.year DESC
            RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE {
                id: c.id, title: c.title, call: call.code, year: c.year,
                status: c.status, role: r.role } END) AS consortia
        }
        RETURN o {.*} AS organization,
               m {.istat, .name, .province} AS municipality,
               d {.code, .name} AS district,
               themes, partners, consortia
        """,
        org_id=org_id,
    ).single()
    return None if record is None else OrganizationProfile.from_record(record)


def list_districts_tx(tx: ManagedTransaction) -> list[DistrictChoice]:
    """Every district's code, name and province, for filters and menus."""
    result = tx.run(
        "MATCH (d:District) RETURN d.code AS code, d.name AS name, d.province AS province "
        "ORDER BY d.name"
    )
    return [DistrictChoice.from_record(record) for record in result]


def search_organizations_by_name_tx(
    tx: ManagedTransaction, *, text: str, limit: int
) -> list[OrganizationMatch]:
    """Organisations whose name contains ``text``, ignoring case (a small picker)."""
    result = tx.run(
        """
        MATCH (o:Organization)
        WHERE toLower(o.name) CONTAINS toLower($text)
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
        RETURN o.id AS id, o.name AS name, o.kind AS kind, m.name AS municipality
        ORDER BY o.name LIMIT $limit
        """,
        text=text,
        limit=limit,
    )
    return [OrganizationMatch.from_record(record) for record in result]


def first_organization_in_district_tx(
    tx: ManagedTransaction, *, district: str, kind: str
) -> str | None:
    """The id of the first organisation of ``kind`` (by id) located in a district."""
    record = tx.run(
        """
        MATCH (o:Organization {kind: $kind})-[:LOCATED_IN]->(:Municipality)
              -[:IN_DISTRICT]->(:District {code: $district})
        RETURN o.id AS id ORDER BY o.id LIMIT 1
        """,
        kind=kind,
        district=district,
    ).single()
    return str(record["id"]) if record else None
