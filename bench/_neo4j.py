"""A Neo4j for a benchmark: the one at ``--uri``, or a throwaway embedded one."""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.driver import Graph, GraphSettings
from graph.embedded import EmbeddedNeo4j, free_port
from graph.schema import migrated_graph


@contextmanager
def database(uri: str | None, *, heap: str = "3g", page_cache: str = "2g") -> Iterator[Graph]:
    """Yield a Graph with the schema applied; an embedded database is stopped afterwards."""
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # unknown-label notices on empty data
    if uri:
        with migrated_graph(_settings(uri)) as graph:
            yield graph
        return
    with (
        embedded(heap=heap, page_cache=page_cache) as server,
        migrated_graph(_settings(server.uri)) as graph,
    ):
        yield graph


def _settings(uri: str) -> GraphSettings:
    # Patient: a benchmark's database may be busy loading millions of rows.
    return GraphSettings(uri=uri, connection_timeout=10, max_retry_time=60)


@contextmanager
def embedded(*, heap: str = "3g", page_cache: str = "2g") -> Iterator[EmbeddedNeo4j]:
    """A throwaway embedded Neo4j (free port, temporary data folder), stopped afterwards.

    The server itself is yielded, so a benchmark can stop and start it again on the same
    port and data folder.
    """
    with tempfile.TemporaryDirectory(prefix="bench-neo4j-") as data_dir:
        server = EmbeddedNeo4j(
            data_dir=Path(data_dir), port=free_port(), heap=heap, page_cache=page_cache
        )
        log(f"starting Neo4j in {data_dir}")
        server.start()
        try:
            yield server
        finally:
            server.stop()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
