"""The strategy's calls, with their phases, themes and rules."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.api.common import Blueprint, documented
from app.api.schemas import CallPageSchema, CallSchema, PageArgs, paged
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import calls as calls_service
from graph.call_records import Call

bp = Blueprint("calls", __name__, description="The calls of the WE.CA.RE. strategy.")


def _call(call: Call, **extra: int) -> dict[str, Any]:
    """The call with its themes (and, in the listing, how many consortia it has)."""
    return {**asdict(call), **extra}


@bp.route("/calls")
@bp.arguments(PageArgs, location="query")
@bp.response(200, CallPageSchema)
@documented(bp, auth=False)
def list_calls(args: dict[str, Any]) -> dict[str, Any]:
    """Every call, by code."""
    rows = calls_service.list_calls(get_graph())
    return paged([_call(row.call, consortia=row.consortia) for row in rows], args)


@bp.route("/calls/<call_code>")
@bp.response(200, CallSchema)
@documented(bp, 404, auth=False)
def get_call(call_code: str) -> dict[str, Any]:
    """One call."""
    found = found_or_404(calls_service.get_call(get_graph(), call_code))
    return _call(found.call)
