"""The opening hours in the search index's compact form: written by ``compact`` with the
index, read back by ``compact_status`` for "open now" on the result cards
(``search.snapshot.OpenHours`` reads the same text for the ``open_now`` filter)."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from directory.hours import (
    UNKNOWN,
    LocalNow,
    ServiceClock,
    Status,
    combined,
    service_clock,
    zone_of,
)


def compact(org: Any) -> str:
    """The hours of the organization's services for the search index: "zone|svc;svc", each
    service "start-end,start-end/YYYYMMDD,YYYYMMDD" (its intervals, then its closures); "" when
    no service gives hours. ``search.snapshot.OpenHours`` reads it."""
    services = []
    for service in org.services:
        clock = service_clock(service)
        if clock is not None:
            intervals = ",".join(f"{start}-{end}" for start, end in clock.intervals)
            closed = ",".join(sorted(d.strftime("%Y%m%d") for d in clock.closed))
            services.append(f"{intervals}/{closed}" if closed else intervals)
    return f"{zone_of(org)}|{';'.join(services)}" if services else ""


def compact_status(text: str, now: datetime) -> Status:
    """``organization_status`` from the index's compact form (search result cards).

    Kept for the minute (a status says nothing finer): a page of cards, and the next pages
    within the minute, parse each distinct text once."""
    if not text:
        return UNKNOWN
    return _compact_status_in(text, now.replace(second=0, microsecond=0))


@functools.lru_cache(maxsize=4096)
def _compact_status_in(text: str, minute: datetime) -> Status:
    zone, _, services = text.partition("|")
    local = LocalNow.of(minute, zone)
    clocks = []
    for service in services.split(";"):
        intervals, _, closures = service.partition("/")
        pairs = [tuple(int(v) for v in i.split("-")) for i in intervals.split(",")]
        closed = frozenset(datetime.strptime(d, "%Y%m%d").date() for d in closures.split(",") if d)
        clocks.append(ServiceClock([(start, end) for start, end in pairs], closed))
    return combined(c.status(local) for c in clocks)
