"""Loading the seed network and synthetic data into Neo4j (a service: no Flask here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

from graph import seed_repo
from graph.driver import Graph
from seed.network import DEFAULT_SEED, SeedDataset, generate_network, reference_data
from seed.reference import call_node_row
from seed.synthetic import generate_synthetic

BATCH_SIZE: Final = 10_000

Rows = list[dict[str, Any]]
#: Called after each written batch with (what, rows written so far, rows expected).
Progress = Callable[[str, int, int], None]


def _batches(rows: Rows, size: int) -> Iterator[Rows]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _write(graph: Graph, work: Callable[..., int], rows: Rows, size: int, **kw: Any) -> int:
    written = 0
    for batch in _batches(rows, size):
        written += graph.write(work, rows=batch, **kw)
    return written


def load_reference(graph: Graph, dataset: SeedDataset | None = None) -> dict[str, int]:
    """Themes, calls, municipalities, districts and their neighbours (idempotent)."""
    data = dataset or reference_data()
    counts = {
        "themes": graph.write(seed_repo.merge_themes_tx, rows=data.themes),
        "calls": graph.write(
            seed_repo.merge_calls_tx, rows=[call_node_row(call) for call in data.calls]
        ),
        "municipalities": _write(
            graph, seed_repo.merge_municipalities_tx, data.municipalities, BATCH_SIZE
        ),
        "districts": graph.write(seed_repo.merge_districts_tx, rows=data.districts),
    }
    links = [{"istat": m["istat"], "district": m["district"]} for m in data.municipalities]
    _write(graph, seed_repo.link_municipality_districts_tx, links, BATCH_SIZE)
    pairs = [{"a": a, "b": b} for a, b in data.district_neighbours]
    counts["district_neighbours"] = graph.write(seed_repo.merge_district_neighbours_tx, rows=pairs)
    return counts


def _write_organizations(graph: Graph, rows: Rows, size: int) -> int:
    by_kind: dict[str, Rows] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    return sum(
        _write(graph, seed_repo.merge_organizations_tx, kind_rows, size, kind=kind)
        for kind, kind_rows in by_kind.items()
    )


def load_seed(graph: Graph, seed_number: int = DEFAULT_SEED) -> dict[str, int]:
    """Load the seed network generated from ``seed_number``; returns rows written by kind.

    Idempotent: every row is MERGEd on its natural key, so a second load changes nothing.
    """
    dataset = generate_network(seed_number)
    counts = load_reference(graph, dataset)
    counts["organizations"] = counts["districts"] + _write_organizations(
        graph, dataset.organizations, BATCH_SIZE
    )
    counts["partnerships"] = _write(
        graph, seed_repo.merge_partnerships_tx, dataset.partnerships, BATCH_SIZE
    )
    counts["consortia"] = _write(graph, seed_repo.merge_consortia_tx, dataset.consortia, BATCH_SIZE)
    counts["memberships"] = _write(
        graph, seed_repo.merge_memberships_tx, dataset.memberships, BATCH_SIZE
    )
    return counts


def database_is_empty(graph: Graph) -> bool:
    """True when the database holds no node at all (schema alone counts as empty)."""
    return graph.read(seed_repo.count_all_nodes_tx) == 0


def load_synthetic(
    graph: Graph,
    orgs: int,
    partnerships: int,
    seed_number: int = DEFAULT_SEED,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load ``orgs`` synthetic organisations and ``partnerships`` partnerships among them.

    The reference data they point at (municipalities, districts, themes, calls) is
    loaded first, idempotently; rows are generated and written one batch at a time.
    """
    load_reference(graph)
    written = {"organizations": 0, "partnerships": 0}
    expected = {"organizations": orgs, "partnerships": partnerships}
    for batch in generate_synthetic(orgs, partnerships, seed_number, batch_size=batch_size):
        if batch.kind == "organizations":
            written["organizations"] += _write_organizations(graph, batch.rows, batch_size)
        else:
            written["partnerships"] += graph.write(seed_repo.merge_partnerships_tx, rows=batch.rows)
        if progress is not None:
            progress(batch.kind, written[batch.kind], expected[batch.kind])
    return written
