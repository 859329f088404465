"""Per-process memos of answers computed from the network as it stood at one version.

A worker keeps recent answers (a search page, an analysis document, suggestions) under
the network version they were computed from; a write anywhere bumps that version, so the
next request misses and computes afresh. ``Graph.version_stamp`` itself is remembered for
``NETWORK_VERSION_MAX_AGE`` seconds, so a hit costs no round trip to Neo4j at all.

Values are shared between requests: callers must treat them as read-only.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, Protocol, TypeVar

from cachetools import LRUCache, TTLCache

from graph.driver import Graph

V = TypeVar("V")
C = TypeVar("C", bound="Clearable")
_MISSING = object()


class Clearable(Protocol):
    """A per-process cache: a memo, or a plain dict of built indexes."""

    def clear(self) -> None: ...


class Registry:
    """Every module-level cache of the process, by name: one place to list and empty them
    (the app factory binds it as ``app.extensions["memos"]``, see :func:`init_memos`)."""

    def __init__(self) -> None:
        self._caches: dict[str, Clearable] = {}
        self._lock = threading.Lock()

    def register(self, name: str, cache: C) -> C:
        """File ``cache`` under ``name`` (a later one under the same name replaces it)."""
        with self._lock:
            self._caches[name] = cache
        return cache

    def named(self, module: str) -> str:
        """A free name for the next cache of ``module``: ``module``, then ``module#2``..."""
        with self._lock:
            taken = sum(1 for name in self._caches if name.split("#")[0] == module)
        return module if not taken else f"{module}#{taken + 1}"

    def __iter__(self) -> Iterator[tuple[str, Clearable]]:
        with self._lock:
            return iter(sorted(self._caches.items()))

    def clear(self) -> None:
        """Empty every registered cache (tests, or after restoring a backup)."""
        for _, cache in self:
            cache.clear()


#: The process's caches.
REGISTRY = Registry()


class VersionedMemo(Generic[V]):
    """Answers keyed by (database, network version, ``key``), least recently used first
    out. ``size`` weighs an answer (default 1 each) against ``capacity``."""

    def __init__(
        self, capacity: int, size: Callable[[V], int] | None = None, *, name: str | None = None
    ) -> None:
        self._cache: LRUCache[Hashable, V] = LRUCache(capacity, getsizeof=size)
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        #: The name in REGISTRY: given, or the creating module's.
        self.name = name or REGISTRY.named(sys._getframe(1).f_globals.get("__name__", "?"))
        REGISTRY.register(self.name, self)

    def __len__(self) -> int:
        return len(self._cache)

    def get(
        self,
        graph: Graph,
        key: Hashable,
        compute: Callable[[], V],
        keep: Callable[[V], bool] | None = None,
    ) -> V:
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
            TTLCache(capacity, ttl=max_age) if max_age > 0 else None
        )
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
