"""The network as the recommender reads it: arrays built once per network version.

Every score the recommender and its baselines use (common neighbours, Adamic-Adar,
repeat partners, popularity within a call) is a sparse matrix-vector product over the
whole network, a few milliseconds even at a million partnerships, so no candidate list
has to be guessed by a bounded graph walk first. :class:`Snapshot` holds what was read
from Neo4j (``graph/recommend_snapshot_repo.py``); :meth:`Snapshot.at` gives the
:class:`View` of the network as it stood before a date, which is what training (the past
predicting its own future) and the evaluation (``as_of``) need.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import Final

import numpy as np
import scipy.sparse as sp

from graph.model import KINDS, SECTOR_OF_KIND, SECTORS
from graph.recommend_snapshot_repo import SnapshotRows

__all__ = ["NO_DAY", "Snapshot", "SnapshotRows", "View"]

#: Day number standing for "no date" (before every real date).
NO_DAY: Final = 0
#: Partnerships begun within this many days before the view's date count as recent.
RECENT_DAYS: Final = 365


def _codes(values: Sequence[str | None]) -> tuple[np.ndarray, dict[str, int]]:
    """Integer codes for ``values`` (-1 for None) and the code of each value."""
    table: dict[str, int] = {}
    out = np.full(len(values), -1, dtype=np.int32)
    for i, value in enumerate(values):
        if value:
            out[i] = table.setdefault(value, len(table))
    return out, table


class Snapshot:
    """The whole network at one version: organisations' attributes as arrays, dated
    partnerships and consortium memberships. Read-only once built; views are cached."""

    def __init__(self, rows: SnapshotRows, version: object = None) -> None:
        self.version = version
        self.rows = rows
        self.n = n = len(rows.ids)
        self.ids = rows.ids
        self.index = {org_id: i for i, org_id in enumerate(rows.ids)}
        self.kind = np.array(
            [KINDS.index(k) if k in KINDS else -1 for k in rows.kinds], dtype=np.int8
        )
        self.sector = np.array(
            [SECTORS.index(SECTOR_OF_KIND[k]) if k in SECTOR_OF_KIND else -1 for k in rows.kinds],
            dtype=np.int8,
        )
        self.district, self.district_code = _codes(rows.districts)
        self.municipality, _ = _codes(rows.municipalities)
        self.province, _ = _codes(rows.provinces)
        self.country, _ = _codes(rows.countries)
        self.created = np.asarray(rows.created_days, dtype=np.int64)
        theme_code: dict[str, int] = {}
        t_rows = [i for i, ts in enumerate(rows.themes) for _ in ts]
        t_cols = [theme_code.setdefault(t, len(theme_code)) for ts in rows.themes for t in ts]
        self.theme_code = theme_code
        self.themes = sp.csr_matrix(
            (np.ones(len(t_rows), dtype=np.float32), (t_rows, t_cols)),
            shape=(n, max(len(theme_code), 1)),
        )
        self.edge_a = np.asarray(rows.edge_a, dtype=np.int64)
        self.edge_b = np.asarray(rows.edge_b, dtype=np.int64)
        self.edge_day = np.asarray(rows.edge_days, dtype=np.int64)
        self.member_org = np.asarray(rows.member_org, dtype=np.int64)
        self.member_cons, self.cons_code = _codes(rows.member_consortium)
        self.member_year = np.asarray(rows.member_year, dtype=np.int64)
        self.member_call, self.call_code = _codes(rows.member_call)
        self.member_line, self.line_code = _codes(rows.member_line)
        #: Line code of each consortium (-1: none).
        self.cons_line = np.full(max(len(self.cons_code), 1), -1, dtype=np.int32)
        self.cons_line[self.member_cons] = self.member_line
        self.member_lead = np.array([r == "lead" for r in rows.member_role], dtype=bool)
        self.neighbours = {
            self.district_code[d]: {self.district_code[x] for x in near if x in self.district_code}
            for d, near in rows.neighbours.items()
            if d in self.district_code
        }
        self._views: dict[int, View] = {}
        self._lock = threading.Lock()

    @property
    def partnership_count(self) -> int:
        return len(self.edge_a)

    def at(self, as_of: date | None) -> View:
        """The network as it stood before ``as_of`` (all of it when None), cached."""
        day = as_of.toordinal() if as_of else date.max.toordinal()
        with self._lock:
            found = self._views.get(day)
            if found is None:
                found = self._views[day] = View(self, day)
                while len(self._views) > 6:  # the live view and a few evaluation dates
                    self._views.pop(next(iter(self._views)))
            return found


class View:
    """The network before day ``day``: sparse matrices and per-organisation counts.

    ``W`` counts the partnerships of each pair (repeat collaborations), ``B`` is its
    0/1 pattern; ``M`` links organisations to the consortia of earlier years.
    """

    def __init__(self, snap: Snapshot, day: int) -> None:
        self.snap = snap
        self.day = day
        #: The day recency is counted from: the view's day, or today for the live view.
        self.now = min(day, date.today().toordinal() + 1)
        self.year = date.fromordinal(min(day, date.max.toordinal())).year
        n = snap.n
        seen = snap.edge_day < day
        a, b, days = snap.edge_a[seen], snap.edge_b[seen], snap.edge_day[seen]
        ones = np.ones(2 * len(a), dtype=np.float32)
        rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
        self.W = sp.csr_matrix((ones, (rows, cols)), shape=(n, n))
        self.W.sum_duplicates()
        self.B = self.W.copy()
        self.B.data[:] = 1.0
        recent = np.concatenate([days, days]) >= self.now - RECENT_DAYS
        self.recent_edges = np.bincount(rows[recent], minlength=n).astype(np.float32)
        self.last_day = np.full(n, NO_DAY, dtype=np.int64)
        np.maximum.at(self.last_day, rows, np.concatenate([days, days]))
        self.deg = np.asarray(self.B.sum(axis=1)).ravel().astype(np.float32)
        with np.errstate(divide="ignore"):
            self.inv_log_deg = np.where(
                self.deg > 1, 1.0 / np.log(np.maximum(self.deg, 2)), 0.0
            ).astype(np.float32)
            self.inv_deg = np.where(self.deg > 0, 1.0 / np.maximum(self.deg, 1), 0.0).astype(
                np.float32
            )
        keep = snap.member_year < self.year
        m_org, m_cons = snap.member_org[keep], snap.member_cons[keep]
        n_cons = max(len(snap.cons_code), 1)
        self.M = sp.csr_matrix(
            (np.ones(len(m_org), dtype=np.float32), (m_org, m_cons)), shape=(n, n_cons)
        )
        self.M.sum_duplicates()
        self.M.data[:] = 1.0
        self.consortia = np.asarray(self.M.sum(axis=1)).ravel()
        self.leads = np.bincount(m_org[snap.member_lead[keep]], minlength=n).astype(np.float32)
        self.by_call = self._per_org(m_org, snap.member_call[keep], len(snap.call_code))
        self.by_line = self._per_org(m_org, snap.member_line[keep], len(snap.line_code))
        self._lock = threading.Lock()
        self._by_country: dict[int, np.ndarray] = {}

    def _per_org(self, orgs: np.ndarray, codes: np.ndarray, size: int) -> sp.csc_matrix:
        """Organisations x codes: how many consortia of each call (or line) each was in."""
        known = codes >= 0
        return sp.csc_matrix(
            (np.ones(int(known.sum()), dtype=np.float32), (orgs[known], codes[known])),
            shape=(self.snap.n, max(size, 1)),
        )

    @cached_property
    def line_norm(self) -> np.ndarray:
        """Length of each organisation's vector of consortia per line (for cosines)."""
        squared = self.by_line.multiply(self.by_line).sum(axis=1)
        return np.sqrt(np.asarray(squared).ravel())

    @cached_property
    def M_columns(self) -> sp.csc_matrix:
        """``M`` by columns (consortia), for sums over a few consortia."""
        return self.M.tocsc()

    def partners_in_country(self, country: int) -> np.ndarray:
        """How many partners each organisation has in ``country`` (kept per country)."""
        with self._lock:
            found = self._by_country.get(country)
        if found is None:
            found = np.asarray(self.B @ (self.snap.country == country).astype(np.float32)).ravel()
            with self._lock:
                self._by_country[country] = found
        return found

    @cached_property
    def P(self) -> sp.csr_matrix:
        """Organisations x organisations: collaboration strength through shared consortia,
        each consortium adding 1 / (members - 1) to every pair of its members."""
        size = np.asarray(self.M.sum(axis=0)).ravel()
        weight = np.where(size > 1, 1.0 / np.maximum(size - 1, 1), 0.0).astype(np.float32)
        strength = (self.M @ sp.diags(weight) @ self.M.T).tocsr()
        strength.setdiag(0)
        strength.eliminate_zeros()
        return strength

    @cached_property
    def by_line_rows(self) -> sp.csr_matrix:
        return self.by_line.tocsr()

    @cached_property
    def recent_B(self) -> sp.csr_matrix:
        """The pattern of partnerships begun within RECENT_DAYS before the view's day."""
        snap = self.snap
        seen = (snap.edge_day < self.day) & (snap.edge_day >= self.now - RECENT_DAYS)
        a, b = snap.edge_a[seen], snap.edge_b[seen]
        matrix = sp.csr_matrix(
            (
                np.ones(2 * len(a), dtype=np.float32),
                (np.concatenate([a, b]), np.concatenate([b, a])),
            ),
            shape=(snap.n, snap.n),
        )
        matrix.sum_duplicates()
        matrix.data[:] = 1.0
        return matrix

    @cached_property
    def first_days(self) -> sp.csr_matrix:
        """Per pair, the day its first partnership began (for "since" in reasons)."""
        snap = self.snap
        seen = snap.edge_day < self.day
        a, b, days = snap.edge_a[seen], snap.edge_b[seen], snap.edge_day[seen]
        rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
        days = np.concatenate([days, days])
        order = np.lexsort((days, cols, rows))
        rows, cols, days = rows[order], cols[order], days[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        return sp.csr_matrix((days[first], (rows[first], cols[first])), shape=(snap.n, snap.n))

    def since_year(self, a: int, b: int) -> int | None:
        """The year the first partnership of ``a`` and ``b`` began, if known."""
        day = int(self.first_days[a, b])
        return date.fromordinal(day).year if day > NO_DAY else None

    def partners(self, i: int) -> np.ndarray:
        """Indices of organisation ``i``'s partners in this view."""
        return self.B.indices[self.B.indptr[i] : self.B.indptr[i + 1]]
