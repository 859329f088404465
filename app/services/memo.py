"""Per-process memos of answers computed from the network as it stood at one version.

A worker keeps recent answers (a search page, an analysis document, suggestions) under
the network version they were computed from; a write anywhere bumps that version, so the
next request misses and computes afresh. ``Graph.version_stamp`` itself is remembered for
``NETWORK_VERSION_MAX_AGE`` seconds, so a hit costs no round trip to Neo4j at all.

Values are shared between requests: callers must treat them as read-only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache, TTLCache

from graph.driver import Graph

V = TypeVar("V")
_MISSING = object()


class VersionedMemo(Generic[V]):
    """Answers keyed by (database, network version, ``key``), least recently used first
    out. ``size`` weighs an answer (default 1 each) against ``capacity``."""

    def __init__(self, capacity: int, size: Callable[[V], int] | None = None) -> None:
        self._cache: LRUCache[Hashable, V] = LRUCache(capacity, getsizeof=size)
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, graph: Graph, key: Hashable, compute: Callable[[], V],
            keep: Callable[[V], bool] | None = None) -> V:
        """The answer for ``key`` at the current version: remembered, or ``compute()``-d
        and remembered (unless ``keep`` says no). Computing after reading the version
        means an answer is never older than the version it is filed under."""
        full = (graph.settings.uri, graph.database, graph.version_stamp(), key)
        with self._lock:
            found = self._cache.get(full, _MISSING)
        if found is not _MISSING:
            self.hits += 1
            return found  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        if keep is not None and not keep(value):
            return value
        with self._lock:
            if self._cache.getsizeof(value) <= self._cache.maxsize:  # else answer, keep none
                self._cache[full] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


class RecentMemo(Generic[V]):
    """Answers kept for ``max_age`` seconds per process, for data no network version
    covers (who is logged in). Each answer is filed with a ``mark``: asked with another
    mark, it is computed again."""

    def __init__(self, capacity: int, max_age: float) -> None:
        self.max_age = max_age
        self._cache: TTLCache[Hashable, tuple[Hashable, V]] | None = (
            TTLCache(capacity, ttl=max_age) if max_age > 0 else None)
        self._lock = threading.Lock()

    def get(self, key: Hashable, mark: Hashable, compute: Callable[[], V]) -> V:
        """The answer for ``key`` filed under ``mark`` less than ``max_age`` seconds ago,
        else ``compute()`` (and file it)."""
        if self._cache is None:
            return compute()
        with self._lock:
            found = self._cache.get(key)
        if found is not None and found[0] == mark:
            return found[1]
        value = compute()
        with self._lock:
            self._cache[key] = (mark, value)
        return value

    def discard(self, key: Hashable) -> None:
        """Forget ``key`` in this process (its owner logged out here, for instance)."""
        if self._cache is not None:
            with self._lock:
                self._cache.pop(key, None)
