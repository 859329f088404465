"""Schema migrations are idempotent and create what the product relies on."""

from __future__ import annotations

import pytest

from graph.driver import Graph
from graph.errors import Conflict
from graph.schema import MIGRATIONS, apply_migrations, schema_names


def test_migrations_are_idempotent(graph: Graph) -> None:
    before = schema_names(graph)
    assert apply_migrations(graph) == len(MIGRATIONS)
    assert apply_migrations(graph) == len(MIGRATIONS)
    assert schema_names(graph) == before


def test_expected_constraints_and_fulltext_index_exist(graph: Graph) -> None:
    names = schema_names(graph)
    for name in (
        "organization_id",
        "organization_tax_code",
        "municipality_istat",
        "consortium_district_call",
        "partnership_id",
        "organization_text",
    ):
        assert name in names


def test_organization_id_is_unique(graph: Graph) -> None:
    graph.write(lambda tx: tx.run("CREATE (:Organization {id: 'X1'})").consume())
    with pytest.raises(Conflict):
        graph.write(lambda tx: tx.run("CREATE (:Organization {id: 'X1'})").consume())


def test_fulltext_index_uses_italian_analyzer(graph: Graph) -> None:
    def create_tx(tx):  # type: ignore[no-untyped-def]
        tx.run(
            "CREATE (:Organization {id: 'A', name: 'Cooperativa Sociale Solidarietà', "
            "description: 'Servizi di assistenza domiciliare per anziani'})"
        ).consume()

    graph.write(create_tx)
    graph.run_schema("CALL db.awaitIndexes(60)")

    def search_tx(tx, q):  # type: ignore[no-untyped-def]
        result = tx.run(
            "CALL db.index.fulltext.queryNodes('organization_text', $q) "
            "YIELD node RETURN node.id AS id",
            q=q,
        )
        return [r["id"] for r in result]

    # Italian stemming: the plural "cooperative" and "anziano" match the stored words.
    assert graph.read(search_tx, q="cooperative") == ["A"]
    assert graph.read(search_tx, q="anziano") == ["A"]


def test_network_writes_bump_the_version_bookkeeping_does_not(graph: Graph) -> None:
    from app.services import audit

    start = graph.version()
    graph.write(lambda tx: tx.run("CREATE (:Organization {id: 'V1'})").consume())
    after_write = graph.version()
    assert after_write == start + 1
    audit.record(graph, audit.Actor(), "probe")
    assert graph.version() == after_write
