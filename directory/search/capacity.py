"""The "accepting referrals" flag as capacity says it right now, applied at search time.

The index holds each organization's own answer (any service with "accepting referrals"
ticked), which changes only when the listing does. A service's capacity changes it for as
long as it is current (``directory.capacity``: fresh "accepting" yes, fresh "waitlist" or
"full" no) and stops changing it ``CAPACITY_STALE_DAYS`` later, with no write anywhere. So
the flag cannot be precomputed: each search reads the services of the organizations with
current capacity (one query on an indexed column; few rows) and gives the engine a snapshot
whose flag column says what they say now. Filtering and the filter's count both read it.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.capacity import accepting_now, stale_before
from directory.models import CapacityStatus, Service
from directory.search.facets import FLAG_BIT
from directory.search.snapshot import Snapshot

ACCEPTING_BIT = FLAG_BIT["accepting_referrals"]


def accepting_by_capacity(session: Session, now: datetime | None = None) -> dict[int, bool]:
    """Organizations with a service whose capacity is current → whether any of their
    services takes referrals now."""
    s = Service.__table__
    said_lately = sa.select(s.c.organization_id).where(
        s.c.capacity_updated_at >= stale_before(now),
        s.c.capacity_status != CapacityStatus.UNKNOWN,
    )
    stmt = sa.select(
        s.c.organization_id,
        s.c.accepting_referrals,
        s.c.capacity_status,
        s.c.capacity_places,
        s.c.capacity_updated_at,
    ).where(s.c.organization_id.in_(said_lately))
    accepting: dict[int, bool] = {}
    for row in session.execute(stmt):
        accepting[row.organization_id] = accepting.get(row.organization_id, False) or (
            accepting_now(row, now)
        )
    return accepting


def with_current_capacity(
    session: Session, snapshot: Snapshot, now: datetime | None = None
) -> Snapshot:
    """``snapshot`` with the accepting bit of each organization with current capacity set
    as that capacity says (the same snapshot when there is none)."""
    accepting = accepting_by_capacity(session, now)
    if not accepting:
        return snapshot
    ids = np.fromiter(accepting, dtype=np.int64, count=len(accepting))
    says = np.fromiter(accepting.values(), dtype=bool, count=len(accepting))
    positions, known = snapshot.positions(ids)
    says = says[known]
    flags = snapshot.masks["flag"].copy()
    flags[positions[says]] |= ACCEPTING_BIT
    flags[positions[~says]] &= ~ACCEPTING_BIT
    return snapshot.with_flags(flags)
