"""One version of the search index in memory: ``Candidate`` rows and NumPy columns.

The columns (facet masks, freshness, first point, first circle area, what each organization
serves whole) let the engine filter, measure and count thousands of matches with a few array
operations. A ``Snapshot`` is never changed after it is made: ``updated`` copies the columns
and rewrites only the changed rows, so a search still reading the old one sees consistent
data. Each snapshot also remembers full-text matches (``remembered``): they hold for its
version only, and die with it.
"""

from __future__ import annotations

import bisect
import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

import numpy as np

from directory.search.open_now import OpenHours

NEVER_VERIFIED = float("-inf")
# In ``Candidate`` order: the masks are read from a row by position (``_row_columns``).
MASK_COLUMNS = ("sector", "service", "population", "language", "province", "flag", "referral_from")


class Candidate(NamedTuple):
    """One indexed organization as the database holds it (the columns below are made from
    these; partners and the page's hits read them)."""

    organization_id: int
    name: str
    points: str
    areas: str
    sector_mask: int
    service_mask: int
    population_mask: int
    language_mask: int
    province_mask: int
    flag_mask: int
    referral_from_mask: int
    verified_ts: float  # POSIX seconds of verified_at, -inf when never verified
    name_key: str  # the name case-folded, for sorting by name
    hours: str = ""  # opening hours (``hours_compact.compact``), read by ``OpenHours``


# Province codes → bit of ``Snapshot.province_area_bits``, assigned as codes are first seen
# (there are thirteen; the order only matters within one process).
_PROVINCE_AREA_BITS: dict[str, int] = {}


# Threaded servers (`flask run`, gthread workers, the browser tests' server) may build two
# snapshots at once (two apps in a process): two new codes must never draw the same bit.
_PROVINCE_AREA_LOCK = threading.Lock()


def _province_area_bit(code: str) -> int:
    bit = _PROVINCE_AREA_BITS.get(code)
    if bit is None:
        with _PROVINCE_AREA_LOCK:
            bit = _PROVINCE_AREA_BITS.setdefault(code, 1 << len(_PROVINCE_AREA_BITS))
    return bit


def _row_columns(row: Candidate | None) -> tuple:
    """The column values of one row, in ``_COLUMNS`` order."""
    if row is None:
        return _DEAD
    lat = lng = np.nan
    more_points = False
    if row.points:
        first, _, more = row.points.partition(";")
        lat, lng = (float(v) for v in first.split(","))
        more_points = bool(more)
    national = online = False
    provinces = 0
    circle = (np.nan, np.nan, np.nan)
    circles = 0
    for area in row.areas.split():
        if area == "national":
            national = True
        elif area == "online":
            online = True
        elif area.startswith("province:"):
            provinces |= _province_area_bit(area[9:])
        elif area.startswith("circle:"):
            circles += 1
            if circles == 1:
                centre_lat, centre_lng, radius_km = (float(v) for v in area[7:].split(","))
                circle = (centre_lat, centre_lng, radius_km)
    masks = row[4 : 4 + len(MASK_COLUMNS)]
    return (
        True,
        *masks,
        row.verified_ts,
        lat,
        lng,
        more_points,
        national,
        online,
        provinces,
        *circle,
        circles > 1,
    )


# Column name, dtype and the value of a dead slot (one that matches nothing).
_COLUMNS = (
    ("alive", bool, False),
    *((f"{m}_mask", np.int64, 0) for m in MASK_COLUMNS),
    ("verified", np.float64, NEVER_VERIFIED),
    ("lat", np.float64, np.nan),  # the first point; the others (rare) are read from ``points``
    ("lng", np.float64, np.nan),
    ("more_points", bool, False),
    ("national", bool, False),
    ("online", bool, False),
    ("province_area_bits", np.int64, 0),
    ("circle_lat", np.float64, np.nan),  # the first radius/region area; others from ``areas``
    ("circle_lng", np.float64, np.nan),
    ("circle_km", np.float64, np.nan),
    ("more_circles", bool, False),
)
_DEAD = tuple(empty for _, _, empty in _COLUMNS)


def _sorted(terms: Iterable[str] | None) -> list[str] | None:
    return None if terms is None else sorted(terms)


def _columns_of(rows: Sequence[Candidate | None]) -> dict[str, np.ndarray]:
    values = [_row_columns(r) for r in rows]
    return {
        name: np.array([v[i] for v in values], dtype=dtype)
        for i, (name, dtype, _) in enumerate(_COLUMNS)
    }


class Snapshot:
    """The index at one version: ``Candidate`` rows and their columns, by position.

    A position is a slot for one organization id (``position_of[id]``); a removed
    organization's slot is marked dead and given back if it returns, so positions never
    grow past the number of organizations ever indexed.
    """

    def __init__(
        self,
        rows: list[Candidate | None],
        position_of: np.ndarray,
        columns: dict[str, np.ndarray],
        name_rank: np.ndarray | None = None,
        terms: list[str] | None = None,
        open_hours: OpenHours | None = None,
    ) -> None:
        self.rows = rows
        # Every term of the full-text index, sorted (a superset: a removed document's terms
        # stay until the next full load, and match nothing); None if the backend cannot say.
        self.terms = terms
        self.position_of = position_of  # id → position, -1 when never indexed
        self.columns = columns
        self.alive = columns["alive"]
        self.masks = {m: columns[f"{m}_mask"] for m in MASK_COLUMNS}
        self.verified = columns["verified"]
        self._name_rank = name_rank
        # Threaded servers: requests share a snapshot, and the remembered matches' OrderedDict
        # and size must change one thread at a time; the name order is made once, not twice.
        self._lock = threading.Lock()
        self._memo: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._memo_size = 0
        self._open_hours = open_hours  # made on first use (``open_at``)
        self._open_minute: tuple[datetime, np.ndarray] | None = None  # the last minute asked
        # A ``with_flags`` copy: the snapshot that keeps the memory (matches, name order).
        self._origin: Snapshot | None = None

    def __len__(self) -> int:
        return int(np.count_nonzero(self.alive))

    def with_flags(self, flags: np.ndarray) -> Snapshot:
        """This snapshot with another flag mask column (facts that change with the clock,
        such as capacity going stale: ``search.capacity``). Shares everything else; what it
        remembers (matches, name order) it keeps in the original, which lives on in the mirror:
        it depends on the index version only."""
        patched = copy.copy(self)
        patched._origin = self._origin or self
        patched.masks = {**self.masks, "flag": flags}
        return patched

    def row_at(self, position: int) -> Candidate:
        """The row at a live position (a match's): never one a refresh removed."""
        row = self.rows[position]
        if row is None:
            raise LookupError(f"position {position} holds no row")
        return row

    def get(self, organization_id: int) -> Candidate | None:
        if 0 <= organization_id < len(self.position_of):
            position = self.position_of[organization_id]
            if position >= 0:
                return self.rows[position]
        return None

    def positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the live rows among ``ids``, and which of ``ids`` they are (a mask, to
        keep values that came with the ids, such as scores, in step)."""
        known = (ids >= 0) & (ids < len(self.position_of))
        found = np.full(len(ids), -1, dtype=np.int64)
        found[known] = self.position_of[ids[known]]
        keep = found >= 0
        keep[keep] = self.alive[found[keep]]
        return found[keep], keep

    def live_positions(self) -> np.ndarray:
        return np.flatnonzero(self.alive)

    def serves_province(self, positions: np.ndarray, province: str | None) -> np.ndarray:
        """Which of these rows have a service area covering the whole of ``province`` (none
        for a place outside every province)."""
        bit = _PROVINCE_AREA_BITS.get(province, 0) if province is not None else 0
        return (self.columns["province_area_bits"][positions] & bit) != 0

    def remembered(
        self, key: tuple, compute: Callable[[], tuple[np.ndarray, ...]], capacity: int
    ) -> tuple[np.ndarray, ...]:
        """``compute()``'s arrays, remembered for this snapshot under ``key``.

        For full-text matches: they depend only on the index version, which is this
        snapshot's, so a visitor paging, changing a filter or the radius, or the next
        visitor with the same words, reuses them. The memory dies with the snapshot (at the
        next write anywhere) and holds at most ``capacity`` array elements, oldest first
        out (0: nothing is remembered)."""
        if self._origin is not None:
            return self._origin.remembered(key, compute, capacity)
        with self._lock:
            found = self._memo.get(key)
            if found is not None:
                self._memo.move_to_end(key)
                return found
        found = compute()
        size = sum(len(a) for a in found)
        if capacity <= 0 or size > capacity:
            return found
        with self._lock:
            if key in self._memo:  # another thread was first
                return self._memo[key]
            self._memo[key] = found
            self._memo_size += size
            while self._memo_size > capacity:
                _, dropped = self._memo.popitem(last=False)
                self._memo_size -= sum(len(a) for a in dropped)
        return found

    def forget(self) -> None:
        """Drop the remembered matches (benchmarks measure searches without them)."""
        if self._origin is not None:
            self._origin.forget()
            return
        with self._lock:
            self._memo.clear()
            self._memo_size = 0

    def open_at(self, now: datetime) -> np.ndarray:
        """A bool per position: the organization has a service open at ``now``
        (``search.open_now``; its arrays are made on first use, once per snapshot)."""
        if self._origin is not None:  # a ``with_flags`` copy: the original keeps them
            return self._origin.open_at(now)
        minute = now.replace(second=0, microsecond=0)  # hours are whole minutes
        remembered = self._open_minute
        if remembered is not None and remembered[0] == minute:
            return remembered[1]
        if self._open_hours is None:
            with self._lock:
                if self._open_hours is None:
                    self._open_hours = OpenHours.build(self.rows)
        found = self._open_hours.open_at(minute)
        self._open_minute = (minute, found)  # one tuple: threads see old or new, whole
        return found

    @property
    def name_rank(self) -> np.ndarray:
        """Each row's place in name order (ties by id), made on first use: a refresh that
        renames or adds nobody keeps the previous one."""
        if self._origin is not None:
            return self._origin.name_rank
        if self._name_rank is None:
            with self._lock:
                if self._name_rank is None:
                    rows = self.rows
                    live = [(p, r) for p, r in enumerate(rows) if r is not None]
                    live.sort(key=lambda pr: (pr[1].name_key, pr[1].organization_id))
                    order = [p for p, _ in live]
                    rank = np.zeros(len(rows), dtype=np.int64)
                    rank[np.array(order, dtype=np.int64)] = np.arange(len(order))
                    self._name_rank = rank
        return self._name_rank

    @classmethod
    def build(cls, candidates: Iterable[Candidate], terms: set[str] | None = None) -> Snapshot:
        ordered = sorted(candidates)
        top = max((r.organization_id for r in ordered), default=-1)
        position_of = np.full(top + 1, -1, dtype=np.int64)
        position_of[[r.organization_id for r in ordered]] = np.arange(len(ordered), dtype=np.int64)
        rows: list[Candidate | None] = list(ordered)
        return cls(rows, position_of, _columns_of(rows), terms=_sorted(terms))

    def updated(
        self, removed: set[int], loaded: list[Candidate], terms: set[str] | None = None
    ) -> Snapshot:
        """A new snapshot with ``removed`` ids gone and ``loaded`` rows put in; only their
        positions are recomputed."""
        rows = list(self.rows)
        top = max((c.organization_id for c in loaded), default=-1)
        grow = max(0, top + 1 - len(self.position_of))
        position_of = np.concatenate([self.position_of, np.full(grow, -1, dtype=np.int64)])
        touched: dict[int, Candidate | None] = {}
        for organization_id in removed:
            if organization_id < len(position_of) and position_of[organization_id] >= 0:
                touched[int(position_of[organization_id])] = None
        renamed = False
        for candidate in loaded:
            position = int(position_of[candidate.organization_id])
            if position < 0:
                position = len(rows)
                position_of[candidate.organization_id] = position
                rows.append(None)
            before = self.rows[position] if position < len(self.rows) else None
            renamed |= before is None or before.name_key != candidate.name_key
            touched[position] = candidate
        for position, row in touched.items():
            rows[position] = row
        added = len(rows) - len(self.rows)
        columns = {}
        for name, dtype, _ in _COLUMNS:
            old = self.columns[name]
            columns[name] = np.concatenate([old, np.zeros(added, dtype=dtype)])
        if touched:
            where = np.fromiter(touched, dtype=np.int64, count=len(touched))
            for name, values in _columns_of(list(touched.values())).items():
                columns[name][where] = values
        known = self.terms
        if known is not None and terms is not None:
            known = _sorted(terms.union(known)) if terms.difference(known) else known
        elif terms is None:
            known = None  # this backend (or refresh) cannot tell: prefixes stay prefixes
        name_rank = None if renamed else self._name_rank
        open_hours = None
        if self._open_hours is not None:
            changed = np.fromiter(touched, dtype=np.int64, count=len(touched))
            open_hours = self._open_hours.updated(rows, changed)
        return Snapshot(rows, position_of, columns, name_rank, known, open_hours)

    def has_term(self, term: str) -> bool:
        """Whether the index holds this term (True when unknown)."""
        if self.terms is None:
            return True
        at = bisect.bisect_left(self.terms, term)
        return at < len(self.terms) and self.terms[at] == term

    def terms_starting(self, prefix: str, limit: int) -> list[str] | None:
        """The index's terms that begin with ``prefix`` (itself included), or None when
        unknown or more than ``limit``."""
        if self.terms is None:
            return None
        start = bisect.bisect_left(self.terms, prefix)
        stop = bisect.bisect_left(self.terms, prefix + "\U0010ffff", start)
        return self.terms[start:stop] if stop - start <= limit else None
