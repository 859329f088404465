"""graph.answers: the one-row readings every repository shares, against a real Neo4j."""

from __future__ import annotations

import pytest
from neo4j import ManagedTransaction
from neo4j.exceptions import ResultNotSingleError

from graph.answers import any_matched, count_of
from graph.driver import Graph


def _three_tags_tx(tx: ManagedTransaction) -> int:
    return count_of(
        tx, "UNWIND ['a', 'b', 'c'] AS t CREATE (x:AnswerTag {t: t}) RETURN count(x) AS n"
    )


def _count_tags_tx(tx: ManagedTransaction, *, t: str | None = None) -> int:
    return count_of(
        tx, "MATCH (x:AnswerTag) WHERE $t IS NULL OR x.t = $t RETURN count(x) AS n", t=t
    )


def _tag_exists_tx(tx: ManagedTransaction, *, t: str) -> bool:
    return any_matched(tx, "MATCH (x:AnswerTag {t: $t}) RETURN count(x) AS n", t=t)


def _tags_one_row_each_tx(tx: ManagedTransaction) -> int:
    return count_of(tx, "MATCH (x:AnswerTag) RETURN 1 AS n")


def test_counts_and_matches(graph: Graph) -> None:
    assert graph.write(_three_tags_tx) == 3
    assert graph.read(_count_tags_tx) == 3
    assert graph.read(_count_tags_tx, t="b") == 1
    assert graph.read(_tag_exists_tx, t="c") is True
    assert graph.read(_tag_exists_tx, t="z") is False


def test_a_query_of_several_rows_is_refused(graph: Graph) -> None:
    """The reading expects exactly one row, as ``single(strict=True)`` did."""
    graph.write(_three_tags_tx)
    with pytest.raises(ResultNotSingleError):
        graph.read(_tags_one_row_each_tx)
