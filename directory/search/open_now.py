"""``open_now``: which indexed organizations have a service open at a given moment.

The index cannot hold "open now" (it changes every minute), so each document keeps its
services' weekly hours in local minutes of the week with its time zone (``hours.compact``).
``OpenHours`` turns a snapshot's rows into one set of NumPy arrays per zone (interval starts,
ends, positions); a query converts "now" to each zone's local minute of the week once (a dozen
zones at most) and compares the arrays: a few milliseconds at 100,000 organizations. Closures
are checked only for the intervals that matched and have a closure (rare). A snapshot builds
its ``OpenHours`` on first use and keeps it until the next write replaces the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np

from directory.hours import WEEK, LocalNow

if TYPE_CHECKING:
    from directory.search.snapshot import Candidate


class _Zone:
    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.positions: list[int] = []
        self.services: list[int] = []  # a number per (organization, service), for closures


class OpenHours:
    def __init__(self, rows: Sequence[Candidate | None]) -> None:
        self.size = len(rows)
        zones: dict[str, _Zone] = {}
        self.closed: dict[int, frozenset[date]] = {}  # service number → its closed dates
        service_number = 0
        for position, row in enumerate(rows):
            if row is None or not row.hours:
                continue
            zone_name, _, services = row.hours.partition("|")
            zone = zones.setdefault(zone_name, _Zone())
            for service in services.split(";"):
                service_number += 1
                intervals, _, closures = service.partition("/")
                for interval in intervals.split(","):
                    start, _, end = interval.partition("-")
                    zone.starts.append(int(start))
                    zone.ends.append(int(end))
                    zone.positions.append(position)
                    zone.services.append(service_number)
                if closures:
                    self.closed[service_number] = frozenset(
                        datetime.strptime(d, "%Y%m%d").date() for d in closures.split(",")
                    )
        self.zones = {name: _arrays(z, self.closed) for name, z in zones.items()}

    def open_at(self, now: datetime) -> np.ndarray:
        """A bool per snapshot position: some service of that organization is open."""
        result = np.zeros(self.size, dtype=bool)
        for zone, (starts, ends, positions, services, with_closures) in self.zones.items():
            local = LocalNow.of(now, zone)
            this_week = (starts <= local.minute) & (local.minute < ends)
            last_week = ends > local.minute + WEEK  # Sunday's hours running into Monday
            hit = this_week | last_week
            for i in np.flatnonzero(hit & with_closures):
                start = int(starts[i]) - (0 if this_week[i] else WEEK)
                hit[i] = local.start_date(start) not in self.closed[int(services[i])]
            result[positions[hit]] = True
        return result


def _arrays(zone: _Zone, closed: dict[int, frozenset[date]]) -> tuple[np.ndarray, ...]:
    services = np.array(zone.services, dtype=np.int64)
    return (
        np.array(zone.starts, dtype=np.int64),
        np.array(zone.ends, dtype=np.int64),
        np.array(zone.positions, dtype=np.int64),
        services,
        np.isin(services, np.fromiter(closed, dtype=np.int64, count=len(closed))),
    )
