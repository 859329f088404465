"""The analysis scope a request asks for (district, years), checked, and back into URLs."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, request

from app.services.analysis_store import Scope
from app.services.districts import district_names
from graph.driver import Graph

#: Years a window may start or end in.
FIRST_YEAR = 2000


def requested_scope(graph: Graph) -> tuple[dict[str, str], Scope]:
    """The districts by name and the scope the query string asks for."""
    names = district_names(graph)
    return names, scope_from_request(names)


def scope_values(names: dict[str, str], scope: Scope) -> dict[str, Any]:
    """What every analysis page's template reads about its scope."""
    return {"scope": scope, "args": scope_args(scope), "names": names}


def window_years() -> list[int]:
    """The years offered for a time window, latest first."""
    return list(range(date.today().year, FIRST_YEAR - 1, -1))


def scope_from_request(names: dict[str, str], *, consortium: str | None = None) -> Scope:
    """The scope in the query string: ``distretto`` (a known code), ``dal`` and ``al``
    (years; swapped when reversed). 404 for an unknown district, 400 for a bad year."""
    district = request.args.get("distretto") or None
    if district is not None and district not in names:
        abort(404)
    start, end = _year("dal"), _year("al")
    if start is not None and end is not None and start > end:
        start, end = end, start
    return Scope(
        district=None if consortium else district,
        consortium=consortium,
        start_year=start,
        end_year=end,
    )


def scope_args(scope: Scope) -> dict[str, Any]:
    """Query arguments that name ``scope`` again (for links and forms)."""
    args: dict[str, Any] = {}
    if scope.district:
        args["distretto"] = scope.district
    if scope.start_year:
        args["dal"] = scope.start_year
    if scope.end_year:
        args["al"] = scope.end_year
    return args


def _year(name: str) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= date.today().year + 10:
        abort(400)
    return int(raw)
