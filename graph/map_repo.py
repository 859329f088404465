"""Counts for the map of Piemonte: organisations per municipality, funded consortia per
district, and a district's municipalities with or without organisations in its consortia."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

#: Consortium statuses that mean the call funded it (``closed``: funded and finished).
FUNDED_STATUSES = ("funded", "closed")


@dataclass(frozen=True)
class MunicipalityCount:
    """A municipality (ISTAT code), its district, and how many organisations are there:
    in the network at all, and in consortia (any, or the district's for a district view)."""

    istat: str
    name: str
    province: str
    district: str | None
    organizations: int
    in_consortia: int

    @classmethod
    def from_record(cls, record: Any) -> MunicipalityCount:
        return cls(
            istat=record["istat"],
            name=record["name"] or "",
            province=record["province"] or "",
            district=record["district"],
            organizations=int(record["organizations"]),
            in_consortia=int(record["in_consortia"]),
        )


def municipality_counts_tx(tx: ManagedTransaction) -> list[MunicipalityCount]:
    """Every municipality with its organisations, and those of them in any consortium."""
    result = tx.run(
        """
        MATCH (m:Municipality)
        OPTIONAL MATCH (m)-[:IN_DISTRICT]->(d:District)
        RETURN m.istat AS istat, m.name AS name, m.province AS province,
               d.code AS district,
               COUNT { (m)<-[:LOCATED_IN]-(:Organization) } AS organizations,
               COUNT { (m)<-[:LOCATED_IN]-(o:Organization)
                       WHERE EXISTS { (o)-[:MEMBER_OF]->(:Consortium) } } AS in_consortia
        ORDER BY istat
        """
    )
    return [MunicipalityCount.from_record(record) for record in result]


def district_municipalities_tx(tx: ManagedTransaction, *, code: str) -> list[MunicipalityCount]:
    """The district's municipalities with their organisations, and those of them that are
    members of one of the district's consortia (coverage gaps are the zeros)."""
    result = tx.run(
        """
        MATCH (m:Municipality)-[:IN_DISTRICT]->(d:District {code: $code})
        RETURN m.istat AS istat, m.name AS name, m.province AS province,
               d.code AS district,
               COUNT { (m)<-[:LOCATED_IN]-(:Organization) } AS organizations,
               COUNT { (m)<-[:LOCATED_IN]-(o:Organization)
                       WHERE EXISTS { (o)-[:MEMBER_OF]->(:Consortium)-[:IN_DISTRICT]->(d) }
                     } AS in_consortia
        ORDER BY name
        """,
        code=code,
    )
    return [MunicipalityCount.from_record(record) for record in result]


def funded_consortia_by_district_tx(tx: ManagedTransaction) -> dict[str, int]:
    """District code -> number of its consortia that were funded (every district listed)."""
    result = tx.run(
        """
        MATCH (d:District)
        RETURN d.code AS code,
               COUNT { (c:Consortium)-[:IN_DISTRICT]->(d)
                       WHERE c.status IN $funded } AS funded
        """,
        funded=list(FUNDED_STATUSES),
    )
    return {record["code"]: int(record["funded"]) for record in result}
