"""An in-memory copy of ``search_document`` per process, checked against the database on
every search so it is never stale.

Why: a search near a city touches thousands of "serves this area" candidates; reading their
facet masks from the database row by row costs more than the rest of the search together.
The full-text index still answers *which* organizations match; their facets, points and
areas come from here.

How it stays current: every reindex bumps ``search_state.generation`` (an UPDATE, so writers
are ordered by commit) and logs the organizations it touched in ``search_change``. Before a
search, one primary-key read of ``search_state`` tells whether this copy is current; if not,
only the logged organizations are reread. A full rebuild or a restore draws a new epoch,
which makes every copy reload whole. Another app server's change is therefore seen by the
next search here, with no cache to expire.
"""

from __future__ import annotations

import secrets
import threading
import weakref
from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models.search import SearchChange, SearchDocument, SearchState

NEVER_VERIFIED = float("-inf")


class Candidate(NamedTuple):
    """What the engine needs of one indexed organization (a plain tuple: searches go through
    thousands of them)."""

    organization_id: int
    name: str
    score: float
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


class IndexMirror:
    def __init__(self) -> None:
        self._rows: dict[int, Candidate] = {}
        self._version: tuple[str, int] | None = None
        self._lock = threading.Lock()

    def rows(self, session: Session) -> dict[int, Candidate]:
        """The current rows, refreshed first if the database has moved on."""
        version = _database_version(session)
        if version != self._version:
            with self._lock:
                if version != self._version:
                    self._refresh(session, version)
        return self._rows

    def _refresh(self, session: Session, version: tuple[str, int]) -> None:
        old = self._version
        if old is None or old[0] != version[0] or old[1] > version[1]:
            self._rows = {c.organization_id: c for c in _load(session, None)}
        else:
            changed = set(
                session.scalars(
                    sa.select(SearchChange.organization_id).where(
                        SearchChange.generation > old[1],
                        SearchChange.generation <= version[1],
                    )
                )
            )
            rows = dict(self._rows)  # copy on write: other threads may be reading
            for organization_id in changed:
                rows.pop(organization_id, None)
            rows.update((c.organization_id, c) for c in _load(session, changed))
            self._rows = rows
        self._version = version


def _database_version(session: Session) -> tuple[str, int]:
    row = session.execute(sa.select(SearchState.epoch, SearchState.generation)).first()
    return (row.epoch, row.generation) if row else ("", 0)


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
            0.0,
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
