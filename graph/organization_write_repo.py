"""Creating and changing one organisation (profiles); bulk writes live in import_repo."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.answers import any_matched
from graph.model import kind_label
from graph.organization_records import EditableOrganization
from graph.place_themes import set_place_and_themes

_SET_PLACE_AND_THEMES = "\nWITH o" + set_place_and_themes(istat="$municipality", themes="$themes")


def create_organization_tx(
    tx: ManagedTransaction,
    *,
    kind: str,
    props: dict[str, Any],
    municipality: str,
    themes: list[str],
) -> None:
    """Create an organisation of ``kind`` (label from the whitelist) with place and themes."""
    label = kind_label(kind)
    tx.run(
        f"CREATE (o:Organization:{label}) SET o = $props, o.kind = $kind, "
        "o.created_at = datetime(), o.updated_at = datetime() " + _SET_PLACE_AND_THEMES,
        props=props,
        kind=kind,
        municipality=municipality,
        themes=themes,
    ).consume()


def update_organization_tx(
    tx: ManagedTransaction,
    *,
    org_id: str,
    props: dict[str, Any],
    municipality: str,
    themes: list[str],
) -> bool:
    """Replace the editable properties, place and themes; False when there is no such org."""
    if not any_matched(
        tx,
        "MATCH (o:Organization {id: $org_id}) SET o += $props, o.updated_at = datetime() "
        "RETURN count(o) AS n",
        org_id=org_id,
        props=props,
    ):
        return False
    tx.run(
        "MATCH (o:Organization {id: $org_id}) " + _SET_PLACE_AND_THEMES,
        org_id=org_id,
        municipality=municipality,
        themes=themes,
    ).consume()
    return True


def get_editable_organization_tx(
    tx: ManagedTransaction, *, org_id: str
) -> EditableOrganization | None:
    """An organisation's editable fields, its municipality and theme codes."""
    record = tx.run(
        """
        MATCH (o:Organization {id: $org_id})
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(m:Municipality)
        RETURN o {.*} AS organization, m.istat AS municipality,
               [(o)-[:WORKS_ON]->(t:Theme) | t.code] AS themes
        """,
        org_id=org_id,
    ).single()
    return None if record is None else EditableOrganization.from_record(record)
