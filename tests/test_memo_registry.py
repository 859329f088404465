"""The registry of per-process caches: every module-level memo is in it, and one call
empties them all."""

from __future__ import annotations

import re

from flask.testing import FlaskCliRunner

from app.memos import memos_cli
from app.services import gaps, organizations, search
from app.services.memo import REGISTRY, Registry, VersionedMemo


def test_module_level_memos_register_under_their_module() -> None:
    names = {name for name, _ in REGISTRY}
    assert gaps._answers.name == "app.services.gaps"
    assert {
        "app.services.gaps",
        "app.services.search",
        "app.services.search.indexes",
        "app.services.organizations",
        "app.services.organizations#2",
    } <= names
    assert dict(REGISTRY)["app.services.search.indexes"] is search._cache
    assert organizations._districts.name in names


def test_clearing_the_registry_empties_every_cache() -> None:
    registry = Registry()
    first = registry.register("one", {"a": 1})
    second = registry.register("two", ["x"])
    registry.clear()
    assert first == {} and second == []


def test_a_second_memo_of_a_module_gets_a_numbered_name() -> None:
    registry = Registry()
    registry.register("tests.x", {})
    assert registry.named("tests.x") == "tests.x#2"
    assert registry.named("tests.y") == "tests.y"
    assert VersionedMemo(1, name="tests.memo").name == "tests.memo"


def test_the_memos_command_lists_and_clears(runner: FlaskCliRunner) -> None:
    search._cache.clear()  # other tests' indexes may be held; this test holds one
    search._cache[("test", "db")] = None  # type: ignore[assignment]
    result = runner.invoke(memos_cli, ["--clear"])
    assert result.exit_code == 0, result.output
    assert "app.services.search.indexes: 1 entries" in result.output
    assert re.search(
        r"^app\.services\.gaps: \d+ entries, \d+ hits, \d+ misses$", result.output, re.M
    )
    assert search._cache == {}
