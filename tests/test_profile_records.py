"""The organisation profile as typed records: what the edit form starts from, and the
change audit comparing it with what the form sends."""

from __future__ import annotations

import json
from datetime import datetime

from app.services import audit, profiles
from graph.driver import Graph


def _changed(graph: Graph) -> list[list[str]]:
    """The ``changed`` lists of the profile updates audited, sorted."""
    return graph.read(
        lambda tx: sorted(
            json.loads(record["details"])["changed"]
            for record in tx.run(
                "MATCH (e:AuditEvent {action: 'organization_update'}) RETURN e.details AS details"
            )
        )
    )


def test_an_edit_audits_only_the_fields_it_changed(world: Graph) -> None:
    before = profiles.editable_profile(world, "ORG-B")
    assert before is not None
    org = before.organization
    assert (org.kind, org.size_class, org.non_profit, org.capabilities) == (
        "SME",
        "small",
        False,
        None,
    )
    kept = {key: getattr(org, key) for key in profiles.EDITABLE_FIELDS}
    town, themes = before.municipality or "", list(before.themes)
    actor = audit.Actor("someone")
    first = {**kept, "capabilities": ["training"], "description": "Servizi"}
    profiles.update_profile(world, actor, "ORG-B", "SME", profiles.ProfileData(first, town, themes))
    edited = profiles.editable_profile(world, "ORG-B")
    assert edited is not None
    assert edited.organization.capabilities == ("training",)
    assert isinstance(edited.organization.updated_at, datetime)
    # Stored capabilities (a tuple on the record) compare equal to the form's list.
    second = {**first, "description": "Servizi alla persona"}
    profiles.update_profile(
        world, actor, "ORG-B", "SME", profiles.ProfileData(second, town, themes)
    )
    assert _changed(world) == [["capabilities", "description"], ["description"]]
