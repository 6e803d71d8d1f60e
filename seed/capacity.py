"""Capacity for demo services: most say it, varied, some of it stale (docs/listings.md).

Drawn from a random generator of its own (the caller's), so that adding capacity moved no
other demo value. About one service in five never said it; of those that did, about one in
four said it longer ago than CAPACITY_STALE_DAYS (14), and reads as unknown. Around-the-clock
lines are never full.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from directory.models import CapacityStatus, Service

NEVER_SAID_SHARE = 0.2
STALE_SHARE = 0.25


def draw_capacity(rng: random.Random, service: Service, now: datetime) -> None:
    """Set the service's capacity columns (or leave them unknown)."""
    if rng.random() < NEVER_SAID_SHARE:
        return
    if service.open_24_7:
        status, places = CapacityStatus.ACCEPTING, None
    else:
        status = rng.choices(
            (CapacityStatus.ACCEPTING, CapacityStatus.WAITLIST, CapacityStatus.FULL),
            weights=(5, 3, 2),
        )[0]
        places = {
            CapacityStatus.ACCEPTING: rng.choice((None, None, 1, 2, 3, 5, 8)),
            CapacityStatus.WAITLIST: None,
            CapacityStatus.FULL: rng.choice((None, 0)),
        }[status]
    days = rng.randint(15, 90) if rng.random() < STALE_SHARE else rng.randint(0, 13)
    service.capacity_status = status
    service.capacity_places = places
    service.capacity_updated_at = now - timedelta(days=days, hours=rng.randint(0, 23))
