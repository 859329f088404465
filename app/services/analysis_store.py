"""The cache of analysis documents in Neo4j (scopes: analysis_scope; documents:
analysis_documents, whose names are re-exported here for the callers that used them)."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from app.services.analysis_documents import METRICS, compute
from app.services.analysis_scope import Scope
from graph.analysis_cache_repo import read_result_tx, save_results_tx
from graph.driver import Graph

#: The documents cached per scope: the dashboard's bundle, the network (nodes with all
#: their attributes, metrics and positions; partnerships) for the exports, and its lighter
#: copy for the network view, which is sent to the browser as stored.
KINDS: Final = ("bundle", "network", "view")


@dataclass(frozen=True)
class Result:
    """A cached document and the network version it was computed from."""

    version: int
    computed_at: datetime
    seconds: float
    data: dict[str, Any]
    #: The document as stored (JSON text), when it was read without parsing it.
    raw: str | None = None


def _key(scope: Scope, kind: str) -> str:
    return f"{kind}|{scope.key}"


def read_result(graph: Graph, scope: Scope, kind: str, *, raw: bool = False) -> Result | None:
    """The cached ``kind`` document of ``scope`` (of whatever version), or None; with
    ``raw`` as JSON text in ``Result.raw``, not parsed (``Result.data`` is then empty)."""
    row = graph.read(read_result_tx, key=_key(scope, kind))
    if row is None or row["data"] is None:
        return None
    text = zlib.decompress(row["data"]).decode("utf-8")
    version, seconds = int(row["version"]), float(row["seconds"])
    if raw:
        return Result(version, row["computed_at"], seconds, {}, text)
    return Result(version, row["computed_at"], seconds, json.loads(text))


def save_results(
    graph: Graph,
    scope: Scope,
    documents: dict[str, dict[str, Any]],
    *,
    version: int,
    seconds: float,
) -> datetime:
    """Cache ``documents`` as computed from network ``version``; returns the time stamp."""
    now = datetime.now(UTC)
    rows = [{"key": _key(scope, kind), "data": _pack(doc)} for kind, doc in documents.items()]
    graph.write(save_results_tx, documents=rows, version=version, computed_at=now, seconds=seconds)
    return now


def _pack(document: dict[str, Any]) -> bytes:
    """Compact JSON, zlib-compressed (about five times smaller: 203 kB -> 38 kB measured)."""
    return zlib.compress(dumps(document).encode("utf-8"), 6)


def dumps(document: dict[str, Any]) -> str:
    """A document as compact JSON text, as it is stored."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


__all__ = ["KINDS", "METRICS", "Result", "Scope", "compute", "dumps", "read_result", "save_results"]
