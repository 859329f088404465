"""Growth of the network year by year, from the partnerships' ``since`` and ``until`` years."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from graph.analysis._common import node_groups, require_simple_undirected

__all__ = ["growth"]


def growth(
    G: nx.Graph,
    *,
    since: str = "since",
    until: str = "until",
    attr: str = "sector",
    last_year: int | None = None,
) -> list[dict[str, Any]]:
    """Partnerships and organisations active in each year, and the cross-sector share.

    A partnership is active in year ``y`` when ``since <= y`` and it has no ``until`` or
    ``until >= y`` (both whole years, as the projection stores them). Edges without a
    ``since`` year are left out. An organisation is active in a year when one of its
    partnerships is, and new in the first year it is active.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph with integer years on its edges.
    since, until : str
        Edge attributes holding the first and last year of a partnership.
    attr : str
        Node attribute naming the sector (from ``kind`` if missing).
    last_year : int, optional
        The last year to report; by default the latest ``since`` or ``until`` seen.

    Returns
    -------
    list of dict
        One record per year from the first ``since`` on: ``year``, ``active``,
        ``new`` and ``ended`` partnerships, ``organizations`` active,
        ``new_organizations``, ``cross_sector`` (active partnerships joining two
        sectors) and ``cross_sector_share``, ``density`` among active organisations.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", since=2020, until=2021)
    >>> G.add_edge("b", "c", since=2021)
    >>> [(r["year"], r["active"], r["new"], r["ended"], r["organizations"]) for r in growth(G)]
    [(2020, 1, 1, 0, 2), (2021, 2, 1, 1, 3)]
    """
    require_simple_undirected(G)
    index = {v: i for i, v in enumerate(G)}
    dated = [(u, v, d) for u, v, d in G.edges(data=True) if d.get(since) is not None]
    if not dated:
        return []
    count = len(dated)
    ends_u = np.fromiter((index[u] for u, _, _ in dated), np.int64, count)
    ends_v = np.fromiter((index[v] for _, v, _ in dated), np.int64, count)
    starts = np.fromiter((int(d[since]) for _, _, d in dated), np.int64, count)
    stops = np.fromiter(
        (-1 if d.get(until) is None else int(d[until]) for _, _, d in dated), np.int64, count
    )
    names = node_groups(G, attr)
    position = {name: i for i, name in enumerate(sorted(set(names.values())))}
    code = np.array([position[names[v]] if names[v] else -1 for v in G], dtype=np.int64)
    cu, cv = code[ends_u], code[ends_v]
    cross = (cu >= 0) & (cv >= 0) & (cu != cv)
    first = int(starts.min())
    last = last_year if last_year is not None else int(max(starts.max(), stops.max()))
    span = last - first + 1
    if span <= 0:
        return []
    # Active years of each partnership, clipped to the reported span, as offsets.
    lo = starts - first
    hi = np.where(stops < 0, last, np.minimum(stops, last)) - first
    live = lo <= hi
    active = _spans(lo[live], hi[live], span)
    cross_active = _spans(lo[live & cross], hi[live & cross], span)
    new = _per_year(lo[starts <= last], span)
    ended = _per_year(stops[(stops >= first) & (stops <= last)] - first, span)
    organizations, newcomers = _organization_years(
        ends_u[live], ends_v[live], lo[live], hi[live], span
    )
    records = []
    for i in range(span):
        edges, nodes = int(active[i]), int(organizations[i])
        records.append(
            {
                "year": first + i,
                "active": edges,
                "new": int(new[i]),
                "ended": int(ended[i]),
                "organizations": nodes,
                "new_organizations": int(newcomers[i]),
                "cross_sector": int(cross_active[i]),
                "cross_sector_share": int(cross_active[i]) / edges if edges else 0.0,
                "density": 2.0 * edges / (nodes * (nodes - 1)) if nodes > 1 else 0.0,
            }
        )
    return records


def _per_year(offsets: np.ndarray, span: int) -> np.ndarray:
    """How many of ``offsets`` fall in each year of the span."""
    return np.bincount(offsets.astype(np.int64), minlength=span)[:span]


def _spans(lo: np.ndarray, hi: np.ndarray, span: int) -> np.ndarray:
    """For each year, how many inclusive intervals ``[lo, hi]`` cover it."""
    starts = np.bincount(lo, minlength=span + 1)
    stops = np.bincount(hi + 1, minlength=span + 1)
    return np.cumsum(starts - stops)[:span]


def _organization_years(
    ends_u: np.ndarray, ends_v: np.ndarray, lo: np.ndarray, hi: np.ndarray, span: int
) -> tuple[np.ndarray, np.ndarray]:
    """Organisations active per year, and new ones (first active that year).

    Each organisation's partnership intervals are merged, sorted by organisation then
    start: a running maximum of ``owner * (span + 1) + end`` never decreases into the
    next organisation's values, so it is a per-organisation running maximum for free.
    """
    owner = np.concatenate([ends_u, ends_v])
    starts, stops = np.concatenate([lo, lo]), np.concatenate([hi, hi])
    order = np.lexsort((starts, owner))
    owner, starts, stops = owner[order], starts[order], stops[order]
    if len(owner) == 0:
        return np.zeros(span, np.int64), np.zeros(span, np.int64)
    reach = np.maximum.accumulate(owner * (span + 1) + stops) - owner * (span + 1)
    new_owner = np.ones(len(owner), dtype=bool)
    new_owner[1:] = owner[1:] != owner[:-1]
    # A new block of years starts where an interval does not touch what came before.
    block = new_owner.copy()
    block[1:] |= starts[1:] > reach[:-1] + 1
    block_end = np.append(np.flatnonzero(block)[1:] - 1, len(owner) - 1)
    organizations = _spans(starts[block], reach[block_end], span)
    return organizations, _per_year(starts[new_owner], span)
