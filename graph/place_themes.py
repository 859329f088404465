"""The one Cypher that replaces an organisation's place and themes, for the profile form,
the CSV import and the seed loader alike."""

from __future__ import annotations


def set_place_and_themes(
    *,
    istat: str,
    themes: str,
    scope: str = "o",
    moved: str | None = None,
    rethemed: str | None = None,
) -> str:
    """Cypher that links ``o`` to the municipality ``istat`` and to the themes ``themes``
    (a list of codes) and drops its other place and themes; unknown codes are skipped.

    The arguments are Cypher expressions written in this package (``"$municipality"``,
    ``"row.themes"``), never user input; ``scope`` lists the variables the subqueries
    need (``"o, row"``); ``moved`` and ``rethemed``, when given, are conditions under which
    the place and the themes are touched at all. Each step is a unit subquery, so a
    missing municipality or theme never drops the outer row.
    """
    place_if = f"WITH * WHERE {moved}\n    " if moved else ""
    themes_if = f"WITH * WHERE {rethemed}\n    " if rethemed else ""
    return f"""
CALL ({scope}) {{
    {place_if}OPTIONAL MATCH (o)-[old:LOCATED_IN]->(p:Municipality)
    WHERE coalesce(p.istat <> {istat}, true)
    DELETE old
}}
CALL ({scope}) {{
    {place_if}MATCH (m:Municipality {{istat: {istat}}})
    MERGE (o)-[:LOCATED_IN]->(m)
}}
CALL ({scope}) {{
    {themes_if}OPTIONAL MATCH (o)-[old:WORKS_ON]->(t:Theme)
    WHERE NOT t.code IN coalesce({themes}, [])
    DELETE old
}}
CALL ({scope}) {{
    {themes_if}UNWIND coalesce({themes}, []) AS code
    MATCH (t:Theme {{code: code}})
    MERGE (o)-[:WORKS_ON]->(t)
}}
"""


__all__ = ["set_place_and_themes"]
