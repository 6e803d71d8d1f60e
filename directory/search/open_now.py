"""``open_now``: which indexed organizations have a service open at a given moment.

The index cannot hold "open now" (it changes every minute), so each document keeps its
services' weekly hours in local minutes of the week with its time zone (``hours_compact.compact``).
``OpenHours`` holds them as NumPy arrays per zone (interval starts, ends, and a key per
service: its position and number), and the closures as one sorted array of keys (service key
and local date). A query converts "now" to each zone's local minute of the week once (a
dozen zones at most) and compares the arrays; the local start date of every matching
interval is looked up among the closures in one ``isin``. A snapshot builds its
``OpenHours`` on first use; a refresh re-reads only the changed rows (``updated``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np

from directory.hours import DAY, WEEK, LocalNow

if TYPE_CHECKING:
    from directory.search.snapshot import Candidate

SERVICE_BITS = 8  # a service key is position << 8 | its number (0-255) within the listing
DATE_BITS = 20  # a closure key is service key << 20 | the date's ordinal (< 2**20)
Arrays = tuple[np.ndarray, np.ndarray, np.ndarray]  # starts, ends, service keys


class OpenHours:
    def __init__(self, size: int, zones: dict[str, Arrays], closures: np.ndarray) -> None:
        self.size = size
        self.zones = zones
        self.closures = closures  # sorted closure keys

    @classmethod
    def build(cls, rows: Sequence[Candidate | None]) -> OpenHours:
        return cls(len(rows), *_parse(enumerate(rows)))

    def updated(self, rows: Sequence[Candidate | None], touched: np.ndarray) -> OpenHours:
        """For a snapshot where only the rows at ``touched`` positions changed (or came)."""
        zones, closures = _parse((int(p), rows[p]) for p in touched)
        changed = np.zeros(len(rows), dtype=bool)
        changed[touched] = True
        for name, (starts, ends, keys) in self.zones.items():
            keep = ~changed[keys >> SERVICE_BITS]
            new = zones.get(name)
            kept = (starts[keep], ends[keep], keys[keep])
            zones[name] = kept if new is None else _joined(kept, new)
        old = self.closures[~changed[self.closures >> (DATE_BITS + SERVICE_BITS)]]
        return OpenHours(len(rows), zones, np.sort(np.concatenate([old, closures])))

    def open_at(self, now: datetime) -> np.ndarray:
        """A bool per snapshot position: some service of that organization is open."""
        result = np.zeros(self.size, dtype=bool)
        for zone, (starts, ends, keys) in self.zones.items():
            local = LocalNow.of(now, zone)
            this_week = (starts <= local.minute) & (local.minute < ends)
            hit = this_week | (ends > local.minute + WEEK)  # Sunday's hours into Monday
            if len(self.closures):
                found = np.flatnonzero(hit)
                days = starts[found] // DAY - np.where(this_week[found], 0, 7)
                ordinals = local.today.toordinal() + days - local.minute // DAY
                hit[found[_among((keys[found] << DATE_BITS) | ordinals, self.closures)]] = False
            result[keys[hit] >> SERVICE_BITS] = True
        return result


def _among(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Which values are in ``sorted_keys`` (a binary search each: NumPy's ``isin`` hashes
    both arrays, far slower here)."""
    at = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def _joined(a: Arrays, b: Arrays) -> Arrays:
    return (
        np.concatenate([a[0], b[0]]),
        np.concatenate([a[1], b[1]]),
        np.concatenate([a[2], b[2]]),
    )


class _Zone:
    def __init__(self) -> None:
        self.texts: list[str] = []  # each service's "start-end,start-end"
        self.counts: list[int] = []  # its number of intervals
        self.keys: list[int] = []  # its key


def _parse(rows: Iterable[tuple[int, Candidate | None]]) -> tuple[dict[str, Arrays], np.ndarray]:
    """The rows' intervals per zone and their closure keys. The numbers of a zone are joined
    into one string that NumPy parses in C; listings with the same hours (most) are split
    once."""
    zones: dict[str, _Zone] = {}
    closures: list[int] = []
    split: dict[str, tuple[_Zone, list[tuple[str, int, list[int]]]]] = {}
    for position, row in rows:
        if row is None or not row.hours:
            continue
        found = split.get(row.hours)
        if found is None:
            found = split[row.hours] = _split(row.hours, zones)
        zone, services = found
        for number, (intervals, count, ordinals) in enumerate(services):
            key = position << SERVICE_BITS | number
            zone.texts.append(intervals)
            zone.counts.append(count)
            zone.keys.append(key)
            closures.extend(key << DATE_BITS | ordinal for ordinal in ordinals)
    arrays = {}
    for name, zone in zones.items():
        numbers = np.fromstring(",".join(zone.texts).replace("-", ","), dtype=np.int64, sep=",")
        keys = np.repeat(np.array(zone.keys, dtype=np.int64), zone.counts)
        arrays[name] = (numbers[0::2], numbers[1::2], keys)
    return arrays, np.sort(np.array(closures, dtype=np.int64))


def _split(hours: str, zones: dict[str, _Zone]) -> tuple[_Zone, list[tuple[str, int, list[int]]]]:
    """One document's hours: its zone, and per service its intervals' text, their number and
    its closed dates as ordinals (at most 256 services)."""
    name, _, text = hours.partition("|")
    zone = zones.setdefault(name, _Zone())
    services = []
    for service in text.split(";")[: 1 << SERVICE_BITS]:
        intervals, _, closed = service.partition("/")
        ordinals = [
            date(int(day[:4]), int(day[4:6]), int(day[6:8])).toordinal()
            for day in (closed.split(",") if closed else ())
        ]
        services.append((intervals, intervals.count(",") + 1, ordinals))
    return zone, services
