"""Downloads of an analysed scope: GEXF and GraphML for Gephi, CSV metrics, JSON."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from app.analysis import bp
from app.analysis.scoping import scope_args, scope_from_request
from app.errors.handlers import wants_json
from app.extensions import get_graph
from app.services import analysis, analysis_export
from app.services.analysis import Outcome
from app.services.consortia import load_view
from app.services.csv_format import EXCEL_IT, Flavour, flavour_named
from app.services.districts import district_names

#: Format -> (documents needed, what the file holds (in its name), extension, media type):
#: every export has a file name of its own, never two ``.csv`` of the same name.
FORMATS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "gexf": (("network",), "rete", "gexf", "application/gexf+xml"),
    "graphml": (("network",), "rete", "graphml", "application/graphml+xml"),
    "metriche-csv": (("network",), "metriche-organizzazioni", "csv", "text/csv"),
    "distretti-csv": (("bundle",), "indici-distretti", "csv", "text/csv"),
    "json": (("bundle", "network"), "analisi", "json", "application/json"),
}


@bp.route("/esporta/<fmt>")
def export(fmt: str) -> BaseResponse:
    """The last computed results of a scope in ``fmt``; while there are none, back to the
    dashboard, which shows the computation's progress."""
    if fmt not in FORMATS:
        abort(404)
    graph = get_graph()
    names = district_names(graph)
    consortium = request.args.get("consorzio") or None
    if consortium is not None and load_view(graph, consortium) is None:
        abort(404)
    scope = scope_from_request(names, consortium=consortium)
    kinds, content, ext, media = FORMATS[fmt]
    outcomes = {kind: analysis.results(graph, scope, kind) for kind in kinds}
    if any(o.data is None for o in outcomes.values()):
        return _not_ready(scope_args(scope))
    flavour = flavour_named(request.args.get("formato"))
    body: bytes | str = _BUILDERS[fmt](outcomes, names, flavour)
    if ext == "csv" and flavour is EXCEL_IT:
        assert isinstance(body, str)
        body = body.encode("cp1252", errors="replace")
    version = min(o.result.version for o in outcomes.values() if o.result)
    name = export_filename(scope.key, content, version, ext)
    if ext == "csv":  # the Italian layout is bytes in Windows-1252
        media = f"{media}; charset={'cp1252' if isinstance(body, bytes) else 'utf-8'}"
    return Response(
        body,
        content_type=media if ext == "csv" else None,
        mimetype=None if ext == "csv" else media,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Analysis-Version": str(version),
            "X-Analysis-State": "stale"
            if any(o.state == "stale" for o in outcomes.values())
            else "fresh",
        },
    )


def export_filename(scope_key: str, content: str, version: int, ext: str) -> str:
    """``wecare-<what>-<scope>-v<version>.<ext>``: what, for which network, which version.

    >>> export_filename("district:DCS01", "indici-distretti", 12, "csv")
    'wecare-indici-distretti-district-DCS01-v12.csv'
    """
    scope = re.sub(r"[^A-Za-z0-9-]+", "-", scope_key).strip("-")
    return f"wecare-{content}-{scope}-v{version}.{ext}"


def _not_ready(args: dict[str, Any]) -> BaseResponse:
    if wants_json():
        return Response(
            '{"state": "pending"}',
            status=503,
            mimetype="application/json",
            headers={"Retry-After": "5"},
        )
    flash(_("The results are being computed: the export will be ready in a moment."), "info")
    return redirect(url_for("analysis.dashboard", **args))


def _json(outcomes: dict[str, Outcome], names: dict[str, str]) -> str:
    bundle = outcomes["bundle"]
    assert bundle.result is not None and bundle.data is not None
    meta = {
        "scope": bundle.data["graph"],
        "version": bundle.result.version,
        "computed_at": bundle.result.computed_at.isoformat(),
        "state": bundle.state,
    }
    return analysis_export.bundle_json(meta, bundle.data, outcomes["network"].data)


def _network(outcomes: dict[str, Outcome]) -> dict[str, Any]:
    document = outcomes["network"].data
    assert document is not None
    return document


_BUILDERS: dict[str, Callable[[dict[str, Outcome], dict[str, str], Flavour], bytes | str]] = {
    "gexf": lambda o, _n, _f: analysis_export.gexf_bytes(_network(o)),
    "graphml": lambda o, _n, _f: analysis_export.graphml_bytes(_network(o)),
    "metriche-csv": lambda o, _n, f: analysis_export.metrics_csv(_network(o), f),
    "distretti-csv": lambda o, n, f: analysis_export.districts_csv(
        analysis.district_ranking(o["bundle"].data or {}, n), f
    ),
    "json": lambda o, n, _f: _json(o, n),
}
