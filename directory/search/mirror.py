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

The log is pruned as it is written (``record_changes``): it keeps the last
``FULL_RELOAD_AFTER`` rows or so — a copy further behind would reload whole anyway — and
``search_state.pruned_through`` says how far rows may be gone, so that a copy older than
that reloads whole instead of reading an incomplete list.

A copy is never changed in place: a refresh builds a new ``Snapshot`` (copying the columns,
a millisecond at 100,000 rows) and swaps it in, so a thread still searching the old one
reads consistent columns.
"""

from __future__ import annotations

import secrets
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Session, scoped_session

from directory.models.search import SearchChange, SearchDocument, SearchState
from directory.search.backends import backend_for
from directory.search.snapshot import NEVER_VERIFIED, Candidate, Snapshot

# More changed organizations than this and the whole index is reread (one query, rather
# than an IN list longer than the database allows). The change log keeps about as many rows.
FULL_RELOAD_AFTER = 5_000
T = TypeVar("T")


def record_changes(session: Session, ids: Sequence[int] | None) -> None:
    """Log a reindex of ``ids`` (``None``: the whole index was rebuilt), in the caller's
    transaction, and prune the log.

    Writers are ordered by the UPDATE's row lock on ``search_state``, so no other writer's
    rows are in flight while this one prunes."""
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
    _prune(session, generation if ids is None else _prunable_through(session))


def _prunable_through(session: Session) -> int | None:
    """The generation up to which no copy can use the log: a copy older than the newest
    ``FULL_RELOAD_AFTER + 1`` rows would read more changes than that, so it reloads whole
    anyway. None while the log is shorter (one indexed read, most reindexes)."""
    return session.scalar(
        sa.select(SearchChange.generation)
        .order_by(SearchChange.generation.desc())
        .offset(FULL_RELOAD_AFTER)
        .limit(1)
    )


def _prune(session: Session, through: int | None) -> None:
    """Delete the log's rows up to generation ``through`` and say so in ``search_state``
    (a new epoch after a full rebuild already makes every copy reload whole: all go)."""
    if through is None:
        return
    state = SearchState.__table__
    session.execute(sa.delete(SearchChange).where(SearchChange.generation <= through))
    session.execute(
        sa.update(state)
        .where(state.c.id == 1, state.c.pruned_through < through)
        .values(pruned_through=through)
    )


class IndexMirror:
    def __init__(self) -> None:
        self._snapshot = Snapshot.build([])
        self._version: tuple[str, int] | None = None
        # Under gunicorn's sync workers one thread searches per process and this lock is
        # never contended; it stays for threaded servers (`flask run`, gthread workers, the
        # browser tests' server), where two first searches would otherwise both load 100,000
        # rows and one would swap in a snapshot older than the other's.
        self._lock = threading.Lock()

    def snapshot(self, session: Session) -> Snapshot:
        """The current copy, refreshed first if the database has moved on."""
        version = database_version(session)
        if version != self._version:
            with self._lock:
                if version != self._version:
                    self._refresh(session, version)
        return self._snapshot

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
            # Read after the changes: a prune that removed some of them had committed
            # before that read, so this one sees it, and the copy reloads whole.
            if (session.scalar(sa.select(SearchState.pruned_through)) or 0) > old[1]:
                changed = None
        backend = backend_for(session)
        if changed is None or len(changed) > FULL_RELOAD_AFTER:
            self._snapshot = Snapshot.build(_load(session, None), backend.terms(session, None))
        else:
            self._snapshot = self._snapshot.updated(
                changed, _load(session, changed), backend.terms(session, changed)
            )
        self._version = version


def once_per_request(session: Session, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in ``flask.g`` for the rest of the current request and database
    transaction (a commit inside the request begins a new one, and a value read before it may
    be out of date after it). Outside an application context (commands, tests calling the
    engine) it always computes."""
    if not has_app_context():
        return compute()
    if isinstance(session, scoped_session):
        session = session()
    transaction = session.get_transaction()
    kept = g.get(key)
    if kept is not None and transaction is not None and kept[0] is transaction:
        return kept[1]
    value = compute()
    setattr(g, key, (session.get_transaction(), value))
    return value


def database_version(session: Session) -> tuple[str, int]:
    """The index's (epoch, generation), read once per request: the vocabularies and the
    mirror both ask, and a write moves it only at commit, which begins a new transaction."""

    def read() -> tuple[str, int]:
        row = session.execute(sa.select(SearchState.epoch, SearchState.generation)).first()
        return (row.epoch, row.generation) if row else ("", 0)

    return once_per_request(session, _VERSION_KEY, read)


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
        d.referral_from_mask,
        d.verified_at,
        d.hours,
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
            r.referral_from_mask,
            r.verified_at.timestamp() if r.verified_at else NEVER_VERIFIED,
            r.name.casefold(),
            r.hours,
        )
        for r in session.execute(stmt)
    ]


class PerEngine(Generic[T]):
    """One ``T`` per database engine (so per app), made on first use, gone with the engine."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._values: weakref.WeakKeyDictionary[sa.Engine | sa.Connection, T] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()  # threaded servers: one value per engine, never two

    def __call__(self, session: Session) -> T:
        engine = session.get_bind()
        with self._lock:
            value = self._values.get(engine)
            if value is None:
                value = self._values[engine] = self._factory()
        return value


_mirrors = PerEngine(IndexMirror)


def mirror_for(session: Session) -> IndexMirror:
    """The mirror of this session's database (one per engine, so per app)."""
    return _mirrors(session)
