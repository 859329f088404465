"""The interactive network view: the whole network for the Region, a consortium's own for
whoever may see the consortium. Both pages draw from one JSON format (node-link data)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any, Final

from flask import Response, render_template, request, url_for

from app.acting import consortium_or_404
from app.analysis import bp
from app.analysis.scoping import requested_scope, scope_args, scope_from_request, scope_values
from app.extensions import get_graph
from app.services import analysis, reference
from app.services.analysis import Outcome
from app.services.analysis_store import Scope
from app.services.districts import district_names
from app.services.memo import VersionedMemo
from app.wording.analysis import job_json
from graph.driver import Graph


@bp.route("/rete")
def network() -> str:
    """The whole network (or a district's, or a window's), drawn with sigma.js."""
    graph = get_graph()
    names, scope = requested_scope(graph)
    outcome = analysis.results(graph, scope, "view", raw=True)
    return render_template(
        "analysis/network.html",
        outcome=outcome,
        **scope_values(names, scope),
        themes=reference.themes(graph),
        consortium=None,
        data_url=url_for("analysis.network_data", **scope_args(scope)),
    )


@bp.route("/rete/dati")
def network_data() -> tuple[Response, int]:
    """The network view's data: nodes with metrics and positions, partnerships."""
    graph = get_graph()
    return _view_json(graph, scope_from_request(district_names(graph)))


@bp.route("/consorzi/<consortium_id>/rete")
def consortium_network(consortium_id: str) -> str:
    """A consortium's own network: its members and the partnerships among them."""
    view = consortium_or_404(consortium_id)
    graph = get_graph()
    outcome = analysis.results(graph, Scope(consortium=consortium_id), "view", raw=True)
    summary = analysis.results(graph, Scope(consortium=consortium_id)).data
    return render_template(
        "analysis/network.html",
        scope=Scope(consortium=consortium_id),
        args={},
        outcome=outcome,
        names=district_names(graph),
        themes=reference.themes(graph),
        consortium=view,
        summary=summary,
        data_url=url_for("analysis.consortium_network_data", consortium_id=consortium_id),
    )


@bp.route("/consorzi/<consortium_id>/rete/dati")
def consortium_network_data(consortium_id: str) -> tuple[Response, int]:
    """The consortium network view's data, in the same format as the whole network's."""
    consortium_or_404(consortium_id)
    return _view_json(get_graph(), Scope(consortium=consortium_id))


@dataclass(frozen=True)
class _Body:
    """A view document as sent: plain, and gzip-compressed when that is worth it."""

    data: bytes
    status: int
    fresh: bool
    gzipped: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.data) + len(self.gzipped or b"")


#: Bytes of fresh view documents, as sent, each process keeps (the seed network's whole
#: view is about 0.5 MB, a district of the 100,000-organisation graph a few MB).
VIEW_MEMO_BYTES: Final = 64 * 1024 * 1024
#: Documents from this size on are also kept compressed, for browsers that accept gzip.
GZIP_FROM_BYTES: Final = 4096
_bodies: VersionedMemo[_Body] = VersionedMemo(VIEW_MEMO_BYTES, size=lambda b: b.size)


def _view_json(graph: Graph, scope: Scope) -> tuple[Response, int]:
    """The scope's view document; a fresh one is kept as sent, per network version, so
    repeating it costs no round trip, no copying and no compressing."""
    body = _bodies.get(
        graph,
        scope,
        lambda: _view_body(analysis.results(graph, scope, "view", raw=True)),
        keep=lambda b: b.fresh,
    )
    if body.gzipped is not None and "gzip" in request.accept_encodings:
        response = Response(body.gzipped, mimetype="application/json")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body.data, mimetype="application/json")
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = "no-store"
    return response, body.status


def _view_body(outcome: Outcome) -> _Body:
    """200 with the node-link data (fresh or stale) as stored, behind the state and
    version; or 202 with the job to wait for."""
    meta: dict[str, Any] = {
        "state": outcome.state,
        "version": outcome.version,
        "job": job_json(outcome.job) if outcome.job else None,
    }
    result = outcome.result
    if result is None or result.raw is None:
        return _Body(json.dumps(meta).encode(), 202, False)
    meta |= {"computed_version": result.version, "computed_at": result.computed_at.isoformat()}
    # Both are JSON objects: splice the stored document in without parsing it.
    data = (json.dumps(meta)[:-1] + "," + result.raw.lstrip()[1:]).encode()
    # Level 5: a few MB take tens of milliseconds, once per network version and worker.
    gzipped = gzip.compress(data, compresslevel=5) if len(data) >= GZIP_FROM_BYTES else None
    return _Body(data, 200, outcome.state == "fresh", gzipped)
