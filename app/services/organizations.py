"""Organisation directory: filtered, paged listings and profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from app.services.memo import VersionedMemo
from graph.driver import Graph
from graph.model import KINDS
from graph.organization_records import DistrictChoice, OrganizationProfile
from graph.organization_repo import (
    OrganizationRow,
    count_organizations_tx,
    get_organization_tx,
    list_districts_tx,
    list_organizations_tx,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_of(items: list[T], page: int, per_page: int) -> Page[T]:
    """Page ``page`` of ``items`` (brought within the pages there are).

    >>> shown = page_of([{"n": i} for i in range(7)], 9, 3)
    >>> shown.page, shown.pages, shown.items
    (3, 3, [{'n': 6}])
    """
    last = Page[T]([], 1, per_page, len(items)).pages
    page = min(max(page, 1), last)
    return Page(items[(page - 1) * per_page : page * per_page], page, per_page, len(items))


def list_organizations(
    graph: Graph,
    *,
    page: int,
    per_page: int,
    kind: str | None = None,
    district: str | None = None,
) -> Page[OrganizationRow]:
    """One page of the directory; unknown kinds are ignored rather than failing. Kept
    per network version, like the profiles (``app.services.memo``): read-only."""
    kind = kind if kind in KINDS else None
    page = max(page, 1)
    return _pages.get(
        graph,
        (kind, district, page, per_page),
        lambda: _list(graph, page=page, per_page=per_page, kind=kind, district=district),
    )


def _list(
    graph: Graph, *, page: int, per_page: int, kind: str | None, district: str | None
) -> Page[OrganizationRow]:
    total = graph.read(count_organizations_tx, kind=kind, district=district)
    items = graph.read(
        list_organizations_tx,
        kind=kind,
        district=district,
        skip=(page - 1) * per_page,
        limit=per_page,
    )
    return Page(items=items, page=page, per_page=per_page, total=total)


def organization_profile(graph: Graph, org_id: str) -> OrganizationProfile | None:
    """Everything the profile page shows, or None when there is no such organisation."""
    return _profiles.get(graph, org_id, lambda: graph.read(get_organization_tx, org_id=org_id))


def district_choices(graph: Graph) -> list[DistrictChoice]:
    """Districts for the directory's filter menu (kept per network version: read-only)."""
    return _districts.get(graph, "districts", lambda: graph.read(list_districts_tx))


_districts: VersionedMemo[list[DistrictChoice]] = VersionedMemo(4)
_pages: VersionedMemo[Page[OrganizationRow]] = VersionedMemo(256)
#: Profiles weighed by their partners and consortia (the biggest hubs of the
#: 100,000-organisation graph have about 170 partners): about 30 MB at most per process.
_profiles: VersionedMemo[OrganizationProfile | None] = VersionedMemo(
    200_000, size=lambda p: 1 + (len(p.partners) + len(p.consortia) if p else 0)
)
