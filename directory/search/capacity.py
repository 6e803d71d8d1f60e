"""The "accepting referrals" flag as capacity says it right now, applied at search time.

The index holds each organization's own answer (any service with "accepting referrals"
ticked), which changes only when the listing does. A service's capacity overrides it while it
is current (``directory.capacity``: fresh "accepting" yes, fresh "waitlist" or "full" no) and
stops ``CAPACITY_STALE_DAYS`` later, with no write anywhere. So the flag cannot be precomputed:
searches run on a snapshot whose flag column says what current capacity says now.

That column is worked out from the services of the organizations with current capacity (one
query on the indexed ``capacity_updated_at``) and kept with the snapshot until the first of
those capacities goes stale. A new capacity is a write, which reindexes its organization and
so brings a new snapshot: the kept column never outlives what it was made from.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from directory import capacity as said
from directory.models import CapacityStatus, Service
from directory.search.facets import FLAG_BIT
from directory.search.snapshot import Snapshot

ACCEPTING_BIT = FLAG_BIT["accepting_referrals"]


@dataclass(frozen=True)
class _Overlay:
    computed_at: datetime
    valid_until: datetime | None  # when the first capacity it used goes stale; None: none
    flags: np.ndarray | None  # None: the index's own flags hold

    def holds_at(self, now: datetime) -> bool:
        return self.computed_at <= now and (self.valid_until is None or now < self.valid_until)


_overlays: weakref.WeakKeyDictionary[Snapshot, _Overlay] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def accepting_by_capacity(
    session: Session, now: datetime
) -> tuple[dict[int, bool], datetime | None]:
    """Organizations with a service whose capacity is current → whether any of their
    services takes referrals now; and when the first of those capacities goes stale.

    ``capacity.accepting_now`` in SQL, aggregated per organization by the database (one row
    per organization, however many services), and the oldest current capacity. About 0.08 s
    when 16,000 of 20,000 organizations have current capacity (SQLite): paid once per
    snapshot, not per search (``with_current_capacity``)."""
    s = Service.__table__
    fresh = sa.and_(
        s.c.capacity_updated_at >= said.stale_before(now),
        s.c.capacity_status != CapacityStatus.UNKNOWN,
    )
    accepting_now = sa.case(
        (fresh, sa.case((s.c.capacity_status == CapacityStatus.ACCEPTING, 1), else_=0)),
        (s.c.accepting_referrals, 1),
        else_=0,
    )
    stmt = (
        sa.select(s.c.organization_id, sa.func.max(accepting_now))
        .where(s.c.organization_id.in_(sa.select(s.c.organization_id).where(fresh)))
        .group_by(s.c.organization_id)
    )
    accepting = {organization_id: bool(yes) for organization_id, yes in session.execute(stmt)}
    oldest = session.scalar(sa.select(sa.func.min(s.c.capacity_updated_at)).where(fresh))
    if not accepting or oldest is None:
        return accepting, None
    return accepting, oldest + timedelta(days=current_app.config["CAPACITY_STALE_DAYS"])


def with_current_capacity(
    session: Session, snapshot: Snapshot, now: datetime | None = None
) -> Snapshot:
    """``snapshot`` with the accepting bit of each organization with current capacity set
    as that capacity says (the same snapshot when there is none)."""
    now = now or said.utcnow()
    with _lock:
        overlay = _overlays.get(snapshot)
    if overlay is None or not overlay.holds_at(now):
        overlay = _overlay(session, snapshot, now)
        with _lock:
            _overlays[snapshot] = overlay
    return snapshot if overlay.flags is None else snapshot.with_flags(overlay.flags)


def _overlay(session: Session, snapshot: Snapshot, now: datetime) -> _Overlay:
    accepting, valid_until = accepting_by_capacity(session, now)
    if not accepting:
        return _Overlay(now, valid_until, None)
    ids = np.fromiter(accepting, dtype=np.int64, count=len(accepting))
    says = np.fromiter(accepting.values(), dtype=bool, count=len(accepting))
    positions, known = snapshot.positions(ids)
    says = says[known]
    flags = snapshot.masks["flag"].copy()
    flags[positions[says]] |= ACCEPTING_BIT
    flags[positions[~says]] &= ~ACCEPTING_BIT
    return _Overlay(now, valid_until, flags)
