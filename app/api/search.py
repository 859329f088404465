"""Partner search: words and facets as on the search page, with the facets' counts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.api.common import Blueprint, documented
from app.api.schemas import SearchArgs, SearchResultSchema
from app.extensions import get_graph
from app.services import search as search_service
from app.services.facet_index import FACETS
from app.wording.search import facets, reading_json, relaxations
from graph.model import SECTOR_OF_KIND

bp = Blueprint("search", __name__, description="Partner search with facets.")


@bp.route("/search")
@bp.arguments(SearchArgs, location="query")
@bp.response(200, SearchResultSchema)
@documented(bp, auth=False)
def search(args: dict[str, Any]) -> dict[str, Any]:
    """Organisations matching the words and the chosen facet values, best first."""
    query = search_service.SearchQuery(
        text=args["q"],
        filters={f: tuple(args[f]) for f in FACETS if args.get(f)},
        sort=args["sort"],
        page=args["page"],
        per_page=args["per_page"],
        literal=tuple(args.get("literal") or ()),
    )
    result = search_service.search(get_graph(), query)
    items = [
        {
            **asdict(item),
            "district": item.district_name,
            "sector": SECTOR_OF_KIND.get(item.kind, ""),
        }
        for item in result.items
    ]
    return {
        "items": items,
        "page": result.query.page,
        "per_page": result.query.per_page,
        "total": result.total,
        "capped": result.capped,
        "folded": result.folded,
        "facets": {f["facet"]: f["values"] for f in facets(result)},
        "suggestions": relaxations(result) if not result.total else [],
        "reading": reading_json(result),
    }
