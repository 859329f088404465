"""Network analysis for the pages: a scope's results (fresh, stale or pending) and rankings.

Results are cached in Neo4j per network version (``app.services.analysis_store``). A
request reads the version and the cached document (two small reads); when the document
is older than the network it is served as *stale* while a background job recomputes it
(``app.services.analysis_jobs``), or *pending* when there is nothing yet. (The network
view's JSON, as sent, is also kept per process: ``app.analysis.network_routes``.)

Only small scopes are computed inside the request: a district or a consortium whose
projection has at most ``INLINE_MAX_EDGES`` partnerships. Measured on the seed network,
a district of 57 partnerships takes 12 ms to project and 12 to 28 ms to analyse and lay
out, Torino's 327 partnerships 122 ms, hence the threshold; the whole network (in any
window of years) and any larger scope always go to the background.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Final

from app.services import analysis_jobs, analysis_store
from app.services.analysis_store import Result, Scope
from graph.analysis.subsidiarity import index_decomposition
from graph.driver import Graph

INLINE_MAX_EDGES: Final = 250

#: District columns the ranking can be sorted by (largest first).
SORT_KEYS: Final = (
    "index",
    "z",
    "density",
    "average_clustering",
    "cross_share",
    "articulation_points",
    "bridges",
    "worst_stranded",
    "nodes",
    "edges",
)


@dataclass(frozen=True)
class Outcome:
    """What a page can show for a scope: ``fresh`` or ``stale`` results, or ``pending``."""

    state: str
    version: int
    result: Result | None
    job: dict[str, Any] | None

    @property
    def data(self) -> dict[str, Any] | None:
        return self.result.data if self.result else None


def results(graph: Graph, scope: Scope, kind: str = "bundle", *, raw: bool = False) -> Outcome:
    """The ``kind`` document of ``scope`` for the current network version.

    Fresh from the cache when it is current; computed here for a small district or
    consortium; otherwise the last good document (``stale``) or none (``pending``) with
    the background job that is bringing it up to date. With ``raw`` the document comes
    as JSON text (``result.raw``), unparsed.
    """
    if kind not in analysis_store.KINDS:
        raise ValueError(f"unknown analysis document: {kind!r}")
    version = graph.version()
    cached = analysis_store.read_result(graph, scope, kind, raw=raw)
    if cached is not None and cached.version >= version:
        return Outcome("fresh", version, cached, None)
    if not scope.network_wide:
        G = scope.project(graph)
        if G.number_of_edges() <= INLINE_MAX_EDGES:
            started = time.perf_counter()
            documents = analysis_store.compute(G)
            seconds = time.perf_counter() - started
            at = analysis_store.save_results(
                graph, scope, documents, version=version, seconds=seconds
            )
            document = documents[kind]
            result = (
                Result(version, at, seconds, {}, analysis_store.dumps(document))
                if raw
                else Result(version, at, seconds, document)
            )
            return Outcome("fresh", version, result, None)
    job = analysis_jobs.ensure_job(graph, scope, version)
    return Outcome("stale" if cached else "pending", version, cached, job)


def district_ranking(
    bundle: dict[str, Any], names: dict[str, str], sort: str = "index"
) -> list[dict[str, Any]]:
    """The bundle's district rows with ``name`` and ``rank``, largest ``sort`` value first
    (rows without a value last, then by code).

    >>> rows = [{"district": "D1", "z": 1.5}, {"district": "D2", "z": None},
    ...         {"district": "D3", "z": 2.0}]
    >>> [(r["rank"], r["district"]) for r in district_ranking({"districts": rows}, {}, "z")]
    [(1, 'D3'), (2, 'D1'), (3, 'D2')]
    """
    if sort not in SORT_KEYS:
        sort = "index"

    def order(row: dict[str, Any]) -> tuple[bool, float, str]:
        value = row.get(sort)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return (True, 0.0, row["district"])
        return (False, -float(value), row["district"])

    ranked = sorted(bundle.get("districts", []), key=order)
    return [
        {**row, "rank": i, "name": names.get(row["district"], row["district"])}
        for i, row in enumerate(ranked, start=1)
    ]


def comparison(rows: list[dict[str, Any]], codes: list[str]) -> list[dict[str, Any]]:
    """The ranked rows of the districts in ``codes``, in that order, unknown codes dropped.

    >>> comparison([{"district": "D1"}, {"district": "D2"}], ["D2", "D9", "D1", "D2"])
    [{'district': 'D2'}, {'district': 'D1'}]
    """
    by_code = {row["district"]: row for row in rows}
    seen: list[str] = []
    for code in codes:
        if code in by_code and code not in seen:
            seen.append(code)
    return [by_code[code] for code in seen]


def with_labels(bundle: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ranking rows (``{"node": id, ...}``) with the organisation's name, kind and sector.

    >>> with_labels({"labels": {"o1": {"name": "Alfa"}}}, [{"node": "o1", "value": 3}])
    [{'node': 'o1', 'value': 3, 'name': 'Alfa'}]
    """
    labels = bundle.get("labels", {})
    return [{**row, **labels.get(str(row["node"]), {"name": str(row["node"])})} for row in rows]


def named_lists(bundle: dict[str, Any] | None) -> dict[str, Any]:
    """The rankings of organisations with their names: ``top`` (the first 10 by each
    centrality), ``brokers`` (the first 15) and ``cut_points``; empty without a bundle."""
    if not bundle:
        return {"top": {}, "brokers": [], "cut_points": []}
    return {
        "top": {key: with_labels(bundle, rows[:10]) for key, rows in bundle["top"].items()},
        "brokers": with_labels(bundle, bundle["brokers"][:15]),
        "cut_points": with_labels(bundle, bundle["fragility"]["articulation_points"]),
    }


def index_relation(bundle: dict[str, Any]) -> dict[str, Any] | None:
    """How the whole network's circular-subsidiarity index relates to the districts'
    (:func:`graph.analysis.subsidiarity.index_decomposition`); None for a bundle computed
    before the districts' chain counts were stored."""
    overall = (bundle.get("subsidiarity") or {}).get("overall") or {}
    return index_decomposition(overall, list(bundle.get("districts") or []))
