"""What a query answers in one row, read the same way by every repository: a count, or
whether anything matched; and the first refusal that a row of states holds.

>>> first_refusal({"found": True, "member": False, "pending": True}, "member", "pending")
'pending'
>>> first_refusal({"found": False, "member": True}, "member")
'missing'
>>> first_refusal({"found": True, "member": False}, "member") is None
True
>>> first_refusal(None, "member")
'missing'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

from neo4j import ManagedTransaction


def _n(tx: ManagedTransaction, query: LiteralString, params: dict[str, Any]) -> Any:
    """The ``n`` of the one row ``query`` returns (the driver raises on none or more)."""
    return tx.run(query, params).single(strict=True)["n"]


def count_of(tx: ManagedTransaction, query: LiteralString, /, **params: Any) -> int:
    """Run ``query``, which returns one row ``... AS n`` (a ``count()``, usually), and
    answer its ``n``: how many it found, changed or wrote."""
    return int(_n(tx, query, params))


def any_matched(tx: ManagedTransaction, query: LiteralString, /, **params: Any) -> bool:
    """Run ``query``, which returns one row ``... AS n``, and answer whether ``n`` is not
    zero: whether the query found (or changed) what it looked for."""
    return bool(_n(tx, query, params))


def first_refusal(record: Mapping[str, Any] | None, *states: str) -> str | None:
    """``missing`` when there is no row or its ``found`` is false, else the first of
    ``states`` whose column holds (``member``, ``pending``, ...): why a request cannot be
    made; None when nothing refuses it."""
    if record is None or not record["found"]:
        return "missing"
    return next((state for state in states if record[state]), None)


__all__ = ["any_matched", "count_of", "first_refusal"]
