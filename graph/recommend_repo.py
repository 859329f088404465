"""Partner recommendation: the context of whom we suggest for, and candidate features.

Everything is local and bounded: from the seed organisations (one organisation, or a
consortium's members) two hops over partnerships (intermediaries with more than
``hub_cap`` partnerships are not expanded), past consortia shared with them, and at most
``local_limit`` organisations of the wanted kinds in the wanted districts. ``as_of`` (a
date) hides partnerships that started on or after it and consortia of its year or later:
the evaluation harness asks what the recommender would have said then.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import ManagedTransaction

#: Partnerships visible at ``$as_of`` (all of them when it is null).
_SEEN = "($as_of IS NULL OR {p}.since < $as_of)"


def _district(var: str) -> str:
    """The district code of organisation ``var``: its place's, or its own (a district)."""
    return (f"coalesce([({var})-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->"
            f"(d:District) | d.code][0], {var}.code)")


def _degree(var: str, as_of: date | None) -> str:
    """Partnerships of ``var`` visible at ``$as_of``: the stored degree when it is null."""
    if as_of is None:
        return f"COUNT {{ ({var})-[:PARTNER_OF]-() }}"
    return f"COUNT {{ ({var})-[q:PARTNER_OF]-() WHERE q.since < $as_of }}"


def organization_context_tx(
    tx: ManagedTransaction, *, org_id: str, as_of: date | None
) -> dict[str, Any] | None:
    """The organisation's kind, district (with neighbours), themes and partners."""
    record = tx.run(
        f"""
        MATCH (o:Organization {{id: $org_id}})
        WITH o, {_district("o")} AS district
        OPTIONAL MATCH (d:District {{code: district}})
        RETURN o.id AS id, o.name AS name, o.kind AS kind, district,
               d.name AS district_name,
               [(d)-[:NEIGHBOUR_OF]-(n:District) | n.code] AS neighbours,
               [(o)-[:WORKS_ON]->(t:Theme) |
                 {{code: t.code, it: t.label_it, en: t.label_en}}] AS themes,
               [(o)-[p:PARTNER_OF]-(x:Organization) WHERE {_SEEN.format(p="p")} | x.id]
                   AS partners
        """,
        org_id=org_id, as_of=as_of,
    ).single()
    return record.data() if record else None


def consortium_context_tx(tx: ManagedTransaction, *, consortium_id: str
                          ) -> dict[str, Any] | None:
    """A consortium's call (rules, themes), district, members and pending invitees."""
    record = tx.run(
        f"""
        MATCH (c:Consortium {{id: $consortium_id}})-[:FOR_CALL]->(call:Call)
        OPTIONAL MATCH (lead:Organization)-[:MEMBER_OF {{role: 'lead'}}]->(c)
        WITH c, call, coalesce(
            COLLECT {{ MATCH (c)-[:IN_DISTRICT]->(d:District) RETURN d.code }}[0],
            c.district_code, {_district("lead")}) AS district
        RETURN c.id AS id, c.year AS year, c.line AS line, call.code AS call_code,
               call.rules_json AS rules_json, district,
               [(call)-[:ADDRESSES]->(t:Theme) | t.code] AS call_themes,
               [(o:Organization)-[r:MEMBER_OF]->(c) | {{id: o.id, kind: o.kind,
                 role: r.role, themes: [(o)-[:WORKS_ON]->(t:Theme) | t.code]}}] AS members,
               [(i:Invitation {{status: 'pending'}})-[:FOR]->(c) |
                 [(i)-[:TO]->(o:Organization) | o.id][0]] AS invited
        """,
        consortium_id=consortium_id,
    ).single()
    return record.data() if record else None


def district_context_tx(tx: ManagedTransaction, *, district: str | None
                        ) -> dict[str, Any]:
    """A district's name and its neighbours' codes (empty when there is no district)."""
    record = tx.run(
        "OPTIONAL MATCH (d:District {code: $district}) "
        "RETURN d.name AS name, [(d)-[:NEIGHBOUR_OF]-(n:District) | n.code] AS neighbours",
        district=district,
    ).single(strict=True)
    return {"name": record["name"], "neighbours": list(record["neighbours"] or [])}


_PATHS = """
UNWIND $seeds AS seed_id
MATCH (s:Organization {{id: seed_id}})-[p1:PARTNER_OF]-(z:Organization)
WHERE {seen1} AND NOT z.id IN $seeds
WITH z, collect(DISTINCT s.id) AS via_seeds
WITH z, via_seeds,
     {degree} AS degree
WHERE degree <= $hub_cap
MATCH (z)-[p2:PARTNER_OF]-(c:Organization)
WHERE {seen2} AND NOT c.id IN $exclude AND NOT c.id IN $seeds
WITH c, z, size(via_seeds) / log(degree) AS weight, p2.since.year AS since
WITH c, sum(weight) AS proximity,
     collect({{id: z.id, name: z.name, since: since, weight: weight}}) AS paths
ORDER BY proximity DESC, c.id
LIMIT $max_candidates
RETURN c.id AS id, proximity, paths
"""
_DIRECT = f"""
UNWIND $seeds AS seed_id
MATCH (s:Organization {{id: seed_id}})-[p:PARTNER_OF]-(c:Organization)
WHERE {_SEEN.format(p="p")} AND NOT c.id IN $exclude AND NOT c.id IN $seeds
RETURN c.id AS id, collect({{id: s.id, name: s.name, since: p.since.year}}) AS ties
"""
_SHARED = """
UNWIND $seeds AS seed_id
MATCH (s:Organization {id: seed_id})-[:MEMBER_OF]->(k:Consortium)<-[:MEMBER_OF]-(c:Organization)
WHERE ($as_of IS NULL OR k.year < $as_of.year) AND NOT k.id IN $skip_consortia
  AND NOT c.id IN $exclude AND NOT c.id IN $seeds
WITH c, k, s, COUNT { (k)<-[:MEMBER_OF]-() } AS size
RETURN c.id AS id, collect({id: k.id, title: k.title, call: k.call_code, year: k.year,
                            with: s.name, weight: 1.0 / log(1 + size)}) AS consortia
LIMIT $max_candidates
"""
_LOCAL = """
UNWIND $districts AS code
MATCH (:District {code: code})<-[:IN_DISTRICT]-(:Municipality)<-[:LOCATED_IN]-(c:Organization)
WHERE c.kind IN $kinds AND NOT c.id IN $exclude AND NOT c.id IN $seeds
RETURN DISTINCT c.id AS id
LIMIT $local_limit
"""
#: Organisations with every capability a call requires of its partners, wherever they are.
_CAPABLE = """
MATCH (c:Organization)
WHERE c.kind IN $kinds AND all(cap IN $capabilities WHERE cap IN c.capabilities)
  AND NOT c.id IN $exclude AND NOT c.id IN $seeds
RETURN c.id AS id
LIMIT $local_limit
"""
_FEATURES = """
MATCH (c:Organization) WHERE c.id IN $ids
RETURN c.id AS id, c.name AS name, c.kind AS kind, {district} AS district,
       c.size_class AS size_class, c.non_profit AS non_profit,
       coalesce(c.capabilities, []) AS capabilities,
       [(c)-[:WORKS_ON]->(t:Theme) | t.code] AS themes, {degree} AS partners
"""


def candidate_features_tx(
    tx: ManagedTransaction, *, seeds: list[str], exclude: list[str], districts: list[str],
    kinds: list[str], as_of: date | None, skip_consortia: list[str], hub_cap: int,
    max_candidates: int, local_limit: int, direct: bool, capabilities: list[str],
) -> dict[str, Any]:
    """Candidates around ``seeds``: two-hop paths, direct ties (when ``direct``), shared
    past consortia, nearby organisations of ``kinds``, organisations with all
    ``capabilities`` (when a call requires some); then each candidate's features."""
    params = {"seeds": seeds, "exclude": exclude, "as_of": as_of, "hub_cap": hub_cap,
              "max_candidates": max_candidates, "skip_consortia": skip_consortia}
    paths_query = _PATHS.format(degree=_degree("z", as_of), seen1=_SEEN.format(p="p1"),
                                seen2=_SEEN.format(p="p2"))
    paths = {r["id"]: r.data() for r in tx.run(paths_query, params)}
    ties = {r["id"]: r["ties"] for r in tx.run(_DIRECT, params)} if direct else {}
    shared = {r["id"]: r["consortia"] for r in tx.run(_SHARED, params)}
    local = [r["id"] for r in tx.run(_LOCAL, params, districts=districts, kinds=kinds,
                                      local_limit=local_limit)] if districts else []
    if capabilities:
        local += [r["id"] for r in tx.run(_CAPABLE, params, kinds=kinds,
                                          capabilities=capabilities, local_limit=local_limit)]
    ids = sorted({*paths, *ties, *shared, *local})
    features_query = _FEATURES.format(district=_district("c"), degree=_degree("c", as_of))
    features = [r.data() for r in tx.run(features_query, ids=ids, as_of=as_of)]
    return {"paths": paths, "ties": ties, "shared": shared, "features": features}


def theme_labels_tx(tx: ManagedTransaction, *, codes: list[str]) -> dict[str, dict[str, str]]:
    """Italian and English labels of themes, by code."""
    result = tx.run("MATCH (t:Theme) WHERE t.code IN $codes "
                    "RETURN t.code AS code, t.label_it AS it, t.label_en AS en", codes=codes)
    return {r["code"]: {"it": r["it"] or r["code"], "en": r["en"] or r["code"]}
            for r in result}


def district_names_tx(tx: ManagedTransaction, *, codes: list[str]) -> dict[str, str]:
    """District names by code."""
    result = tx.run("MATCH (d:District) WHERE d.code IN $codes RETURN d.code AS code, "
                    "d.name AS name", codes=codes)
    return {r["code"]: r["name"] or r["code"] for r in result}


def call_rules_tx(tx: ManagedTransaction, *, call_code: str) -> str | None:
    """The rules (JSON text) of a call, or None when there is no such call."""
    record = tx.run("MATCH (c:Call {code: $call_code}) RETURN c.rules_json AS rules",
                    call_code=call_code).single()
    return record["rules"] if record else None
