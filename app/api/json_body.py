"""Reading JSON request bodies defensively: a hostile body is a 400, never a 500.

The audit found three bodies that reached an unhandled error: 100,000-deep nesting (a
RecursionError in the parser), a 5,000-digit integer (Python refuses to convert it), and
a lone surrogate such as ``"\\ud800"``, valid JSON that is not valid Unicode and failed
only when the driver encoded it for Neo4j.
"""

from __future__ import annotations

import json
from typing import Any, Final, NoReturn

from flask import Request
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

#: Deepest nesting of arrays and objects accepted (the API's bodies are flat).
MAX_DEPTH: Final = 20
#: Longest integer literal accepted (a 64-bit integer has at most 19 digits).
MAX_INTEGER_DIGITS: Final = 19


def _refuse(reason: str) -> NoReturn:
    raise json.JSONDecodeError(reason, "", 0)


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        _refuse("integer too long")
    return int(text)


def _constant(name: str) -> NoReturn:
    _refuse(f"{name} is not JSON")


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        _refuse("text with a lone surrogate")


def _check(value: Any) -> None:
    """Walk the decoded value (iteratively): depth and well-formed Unicode."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, (list, dict)):
            if depth > MAX_DEPTH:
                _refuse("nested too deeply")
            if isinstance(item, dict):
                for key in item:
                    _check_text(key)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)


def _depth_within_limit(text: str) -> bool:
    """A cheap bound before parsing: no more than MAX_DEPTH brackets opened in a row
    (brackets inside strings can only make this stricter than needed, never laxer than
    the check after parsing)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH * 4:
                return False
        elif char in "]}":
            depth -= 1
    return True


def loads(data: bytes | str) -> Any:
    """``json.loads`` that raises JSONDecodeError for anything the API will not take."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        _refuse("not UTF-8")
    if not _depth_within_limit(text):
        _refuse("nested too deeply")
    try:
        value = json.loads(text, parse_int=_integer, parse_constant=_constant)
    except RecursionError:
        _refuse("nested too deeply")
    _check(value)
    return value


class SafeJsonParser(FlaskParser):
    """webargs' Flask parser with :func:`loads` for JSON bodies (invalid: a 400)."""

    def _raw_load_json(self, req: Request) -> Any:
        if not is_json_request(req):
            return core.missing
        return loads(req.get_data(cache=True))
