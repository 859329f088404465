"""Stand-in candidates for a consortium's gaps until the partnerships recommender is in.

Not a ranking: organisations of the wanted kinds, near the consortium first (its
district), then those working on the wanted themes, then by name.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction


def consortium_candidates_tx(
    tx: ManagedTransaction, *, consortium_id: str, kinds: list[str], themes: list[str],
    limit: int,
) -> list[dict[str, Any]]:
    """Organisations of ``kinds`` that are neither members nor invited, nearest first."""
    result = tx.run(
        """
        MATCH (c:Consortium {id: $consortium_id})
        OPTIONAL MATCH (c)-[:IN_DISTRICT]->(d:District)
        MATCH (o:Organization) WHERE o.kind IN $kinds
          AND NOT (o)-[:MEMBER_OF]->(c)
          AND NOT EXISTS { (i:Invitation {status: 'pending'})-[:TO]->(o) WHERE (i)-[:FOR]->(c) }
        WITH c, d, o,
             d IS NOT NULL AND (o = d OR
                 EXISTS { (o)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->(d) }) AS local,
             [(o)-[:WORKS_ON]->(t:Theme) WHERE t.code IN $themes | t.code] AS shared
        ORDER BY local DESC, size(shared) DESC, o.name
        LIMIT $limit
        RETURN o.id AS org_id, o.name AS name, o.kind AS kind, local,
               d.name AS district, shared AS themes
        """,
        consortium_id=consortium_id, kinds=kinds, themes=themes, limit=limit,
    )
    return [record.data() for record in result]
