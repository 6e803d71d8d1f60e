"""An in-memory copy of ``search_document`` per process, checked against the database on
every search so it is never stale.

Why: a search near a city touches thousands of "serves this area" candidates; reading their
facet masks from the database row by row costs more than the rest of the search together.
The full-text index still answers *which* organizations match; what each one is (facets,
points, areas, freshness) comes from here, as NumPy columns, so that filtering, counting and
measuring thousands of matches is a handful of array operations rather than a Python loop.

How it stays current: every reindex bumps ``search_state.generation`` (an UPDATE, so writers
are ordered by commit) and logs the organizations it touched in ``search_change``. Before a
search, one primary-key read of ``search_state`` tells whether this copy is current; if not,
only the logged organizations are reread. A full rebuild or a restore draws a new epoch,
which makes every copy reload whole. Another app server's change is therefore seen by the
next search here, with no cache to expire.

A copy is never changed in place: a refresh builds a new ``Snapshot`` (copying the columns,
a millisecond at 100,000 rows) and swaps it in, so a thread still searching the old one
reads consistent columns.
"""

from __future__ import annotations

import bisect
import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session, scoped_session

from directory.models.search import SearchChange, SearchDocument, SearchState
from directory.search.backends import backend_for

NEVER_VERIFIED = float("-inf")
# More changed organizations than this and the whole index is reread (one query, rather
# than an IN list longer than the database allows).
FULL_RELOAD_AFTER = 5_000
MASK_COLUMNS = ("sector", "service", "population", "language", "province", "flag")


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
    verified_ts: float  # POSIX seconds of verified_at, -inf when never verified
    name_key: str  # the name case-folded, for sorting by name


def record_changes(session: Session, ids: Sequence[int] | None) -> None:
    """Log a reindex of ``ids`` (``None``: the whole index was rebuilt), in the caller's
    transaction."""
    state = SearchState.__table__
    bump = sa.update(state).where(state.c.id == 1).values(generation=state.c.generation + 1)
    if ids is None:
        bump = bump.values(epoch=secrets.token_hex(8))
    generation = session.execute(bump.returning(state.c.generation)).scalar_one()
    if ids:
        session.execute(
            sa.insert(SearchChange),
            [{"generation": generation, "organization_id": i} for i in ids],
        )


# Province codes → bit of ``Snapshot.province_area_bits``, assigned as codes are first seen
# (there are thirteen; the order only matters within one process).
_PROVINCE_AREA_BITS: dict[str, int] = {}


def _province_area_bit(code: str) -> int:
    bit = _PROVINCE_AREA_BITS.get(code)
    if bit is None:
        bit = _PROVINCE_AREA_BITS.setdefault(code, 1 << len(_PROVINCE_AREA_BITS))
    return bit


def _row_columns(row: Candidate | None) -> tuple:
    """The column values of one row (a dead slot's values match nothing)."""
    if row is None:
        return (
            False,
            *(0,) * len(MASK_COLUMNS),
            NEVER_VERIFIED,
            np.nan,
            np.nan,
            False,
            False,
            False,
            0,
            np.nan,
            np.nan,
            np.nan,
            False,
        )
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
                circle = tuple(float(v) for v in area[7:].split(","))
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


# Column name and dtype, in ``_row_columns`` order.
_COLUMNS = (
    ("alive", bool),
    *((f"{m}_mask", np.int64) for m in MASK_COLUMNS),
    ("verified", np.float64),
    ("lat", np.float64),  # the first point; the others (rare) are read from ``points``
    ("lng", np.float64),
    ("more_points", bool),
    ("national", bool),
    ("online", bool),
    ("province_area_bits", np.int64),
    ("circle_lat", np.float64),  # the first radius/region area; others (rare) from ``areas``
    ("circle_lng", np.float64),
    ("circle_km", np.float64),
    ("more_circles", bool),
)


def _sorted(terms: Iterable[str] | None) -> list[str] | None:
    return None if terms is None else sorted(terms)


def _columns_of(rows: Sequence[Candidate | None]) -> dict[str, np.ndarray]:
    values = [_row_columns(r) for r in rows]
    return {
        name: np.array([v[i] for v in values], dtype=dtype)
        for i, (name, dtype) in enumerate(_COLUMNS)
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
        self._lock = threading.Lock()
        self._memo: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._memo_size = 0

    def __len__(self) -> int:
        return int(np.count_nonzero(self.alive))

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

    def serves_province(self, positions: np.ndarray, province: str) -> np.ndarray:
        """Which of these rows have a service area covering the whole of ``province``."""
        bit = _PROVINCE_AREA_BITS.get(province, 0)
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
        with self._lock:
            self._memo.clear()
            self._memo_size = 0

    @property
    def name_rank(self) -> np.ndarray:
        """Each row's place in name order (ties by id), made on first use: a refresh that
        renames or adds nobody keeps the previous one."""
        if self._name_rank is None:
            with self._lock:
                if self._name_rank is None:
                    rows = self.rows
                    order = sorted(
                        (p for p, r in enumerate(rows) if r is not None),
                        key=lambda p: (rows[p].name_key, rows[p].organization_id),
                    )
                    rank = np.zeros(len(rows), dtype=np.int64)
                    rank[np.array(order, dtype=np.int64)] = np.arange(len(order))
                    self._name_rank = rank
        return self._name_rank

    @classmethod
    def build(cls, candidates: Iterable[Candidate], terms: set[str] | None = None) -> Snapshot:
        rows: list[Candidate | None] = sorted(candidates)
        top = max((r.organization_id for r in rows), default=-1)
        position_of = np.full(top + 1, -1, dtype=np.int64)
        position_of[[r.organization_id for r in rows]] = np.arange(len(rows), dtype=np.int64)
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
        for name, dtype in _COLUMNS:
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
        return Snapshot(rows, position_of, columns, name_rank, known)

    def terms_starting(self, prefix: str, limit: int) -> list[str] | None:
        """The index's terms that begin with ``prefix`` (itself included), or None when
        unknown or more than ``limit``."""
        if self.terms is None:
            return None
        start = bisect.bisect_left(self.terms, prefix)
        stop = bisect.bisect_left(self.terms, prefix + "\U0010ffff", start)
        return self.terms[start:stop] if stop - start <= limit else None


class IndexMirror:
    def __init__(self) -> None:
        self._snapshot = Snapshot.build([])
        self._version: tuple[str, int] | None = None
        self._lock = threading.Lock()

    def snapshot(self, session: Session) -> Snapshot:
        """The current copy, refreshed first if the database has moved on."""
        version = database_version(session)
        if version != self._version:
            with self._lock:
                if version != self._version:
                    self._refresh(session, version)
        return self._snapshot

    def rows(self, session: Session) -> Snapshot:
        """The current copy (``.get(id)`` gives one organization's row)."""
        return self.snapshot(session)

    def _refresh(self, session: Session, version: tuple[str, int]) -> None:
        old = self._version
        changed: set[int] | None = None
        if old is not None and old[0] == version[0] and old[1] <= version[1]:
            changed = set(
                session.scalars(
                    sa.select(SearchChange.organization_id).where(
                        SearchChange.generation > old[1],
                        SearchChange.generation <= version[1],
                    )
                )
            )
        backend = backend_for(session)
        if changed is None or len(changed) > FULL_RELOAD_AFTER:
            self._snapshot = Snapshot.build(_load(session, None), backend.terms(session, None))
        else:
            self._snapshot = self._snapshot.updated(
                changed, _load(session, changed), backend.terms(session, changed)
            )
        self._version = version


def database_version(session: Session) -> tuple[str, int]:
    """The index's (epoch, generation), read once per transaction: a request asks for it
    for the vocabularies and again for the mirror, and a write moves it only at commit,
    which begins a new transaction."""
    if isinstance(session, scoped_session):
        session = session()
    transaction = session.get_transaction()
    kept = session.info.get(_VERSION_KEY)
    if kept is not None and transaction is not None and kept[0] is transaction:
        return kept[1]
    row = session.execute(sa.select(SearchState.epoch, SearchState.generation)).first()
    version = (row.epoch, row.generation) if row else ("", 0)
    session.info[_VERSION_KEY] = (session.get_transaction(), version)
    return version


_VERSION_KEY = "search_index_version"


def _load(session: Session, ids: set[int] | None) -> list[Candidate]:
    d = SearchDocument
    stmt = sa.select(
        d.organization_id,
        d.name,
        d.points,
        d.areas,
        d.sector_mask,
        d.service_mask,
        d.population_mask,
        d.language_mask,
        d.province_mask,
        d.flag_mask,
        d.verified_at,
    )
    if ids is not None:
        if not ids:
            return []
        stmt = stmt.where(d.organization_id.in_(ids))
    return [
        Candidate(
            r.organization_id,
            r.name,
            r.points,
            r.areas,
            r.sector_mask,
            r.service_mask,
            r.population_mask,
            r.language_mask,
            r.province_mask,
            r.flag_mask,
            r.verified_at.timestamp() if r.verified_at else NEVER_VERIFIED,
            r.name.casefold(),
        )
        for r in session.execute(stmt)
    ]


_mirrors: weakref.WeakKeyDictionary[sa.Engine, IndexMirror] = weakref.WeakKeyDictionary()
_mirrors_lock = threading.Lock()


def mirror_for(session: Session) -> IndexMirror:
    """The mirror of this session's database (one per engine, so per app)."""
    engine = session.get_bind()
    with _mirrors_lock:
        mirror = _mirrors.get(engine)
        if mirror is None:
            mirror = _mirrors[engine] = IndexMirror()
    return mirror
