"""Structured opening hours of a service, its time zone, and "open now".

A service's ``hours`` column holds ``Hours.to_json()``::

    {"rules": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"}],
     "closures": [{"date": "2026-12-25", "note": "Christmas"}],
     "notes": "Call ahead on statutory holidays"}

Days are 0 (Monday) to 6 (Sunday); times are local wall-clock "HH:MM". A rule whose closing
time is not after its opening time runs past midnight (20:00–02:00 closes at 02:00 the next
day); "24:00" closes at the end of the day. A closure cancels every rule that *starts* on
that local date. ``Service.open_24_7`` stays the way to say "always open" (closures do not
apply to it), and rules covering the whole week mean the same.

The time zone is the province's (``PROVINCE_ZONES``): one zone per province or territory,
a simplification explained in docs/listings.md.

Everything works on minutes of the local week (Monday 00:00 is 0, a week is 10,080): a rule
becomes one interval per day, ``[start, end)`` with ``end`` past 10,080 when Sunday's hours
run into Monday. ``hours_compact.compact()`` writes the intervals for the search index, which
answers ``open_now`` from them at query time (docs/search.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from flask_babel import gettext, lazy_gettext

from directory.models import ServiceStatus

DAY = 1440
WEEK = 7 * DAY
DEFAULT_ZONE = "America/Toronto"
# One zone per province or territory (docs/listings.md, "Opening hours").
PROVINCE_ZONES = {
    "NL": "America/St_Johns",
    "NS": "America/Halifax",
    "NB": "America/Halifax",
    "PE": "America/Halifax",
    "QC": "America/Toronto",
    "ON": "America/Toronto",
    "MB": "America/Winnipeg",
    "SK": "America/Regina",  # no daylight saving time
    "AB": "America/Edmonton",
    "NT": "America/Edmonton",
    "BC": "America/Vancouver",
    "YT": "America/Whitehorse",  # Mountain Standard Time all year since 2020
    "NU": "America/Iqaluit",
}
# What a reader in another province needs to read a time: the zone's everyday name.
ZONE_NAMES = {
    "America/St_Johns": lazy_gettext("Newfoundland"),
    "America/Halifax": lazy_gettext("Atlantic"),
    "America/Toronto": lazy_gettext("Eastern"),
    "America/Iqaluit": lazy_gettext("Eastern"),
    "America/Winnipeg": lazy_gettext("Central"),
    "America/Regina": lazy_gettext("Central, no daylight saving time"),
    "America/Edmonton": lazy_gettext("Mountain"),
    "America/Whitehorse": lazy_gettext("Mountain, no daylight saving time"),
    "America/Vancouver": lazy_gettext("Pacific"),
}
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
DAY_NAMES = (
    lazy_gettext("Monday"),
    lazy_gettext("Tuesday"),
    lazy_gettext("Wednesday"),
    lazy_gettext("Thursday"),
    lazy_gettext("Friday"),
    lazy_gettext("Saturday"),
    lazy_gettext("Sunday"),
)
MAX_RULES = 14
MAX_CLOSURES = 20


def zone_of_province(code: str | None) -> str:
    return PROVINCE_ZONES.get(code or "", DEFAULT_ZONE)


def minutes(text: str) -> int:
    """Minutes after midnight of "HH:MM" (``24:00`` is 1440); ValueError otherwise."""
    if not _TIME.match(text or ""):
        raise ValueError(f"not a time: {text!r}")
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def clock_text(minute: int) -> str:
    minute %= DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class WeeklyRule:
    days: tuple[int, ...]
    opens: str
    closes: str

    def intervals(self) -> list[tuple[int, int]]:
        start, end = minutes(self.opens), minutes(self.closes)
        if end <= start:
            end += DAY  # past midnight
        return [(day * DAY + start, day * DAY + end) for day in sorted(set(self.days))]


@dataclass(frozen=True)
class Closure:
    date: str  # ISO, local
    note: str = ""


@dataclass(frozen=True)
class Hours:
    rules: tuple[WeeklyRule, ...] = ()
    closures: tuple[Closure, ...] = ()
    notes: str = ""

    @classmethod
    def from_json(cls, data: Any) -> Hours:
        """Stored or posted JSON; a malformed part raises ValueError (``None``: no hours)."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError("hours must be an object")
        rules = []
        for item in data.get("rules") or []:
            days = tuple(sorted({int(d) for d in item["days"]}))
            if not days or any(d not in range(7) for d in days):
                raise ValueError(f"bad days {item['days']!r}")
            rule = WeeklyRule(days, str(item["opens"]), str(item["closes"]))
            if minutes(rule.opens) == DAY:
                raise ValueError("a rule cannot open at 24:00")
            if rule not in rules:
                rules.append(rule)
        closures: dict[str, Closure] = {}  # one per date: the first said
        for item in data.get("closures") or []:
            day = date.fromisoformat(item["date"]).isoformat()
            closures.setdefault(day, Closure(day, str(item.get("note") or "")))
        if len(rules) > MAX_RULES or len(closures) > MAX_CLOSURES:
            raise ValueError("too many rules or closures")
        return cls(tuple(rules), tuple(closures.values()), str(data.get("notes") or "").strip())

    def to_json(self) -> dict[str, Any] | None:
        """The column's value (``None`` when nothing is said)."""
        if self.is_empty:
            return None
        return {
            "rules": [
                {"days": list(r.days), "opens": r.opens, "closes": r.closes} for r in self.rules
            ],
            "closures": [{"date": c.date, "note": c.note} for c in self.closures],
            "notes": self.notes,
        }

    @property
    def is_empty(self) -> bool:
        return not (self.rules or self.closures or self.notes)

    def intervals(self) -> list[tuple[int, int]]:
        return sorted(i for rule in self.rules for i in rule.intervals())

    @property
    def closed_dates(self) -> frozenset[date]:
        return frozenset(date.fromisoformat(c.date) for c in self.closures)


def hours_of(service: Any) -> Hours:
    """A service's hours (a malformed stored value reads as none, never an error page)."""
    try:
        return Hours.from_json(getattr(service, "hours", None))
    except (ValueError, KeyError, TypeError):
        return Hours()


def zone_of(org: Any) -> str:
    """The organization's zone: its first location's province, else the first province it
    serves, else ``DEFAULT_ZONE``."""
    if org.locations:  # the bulk reindex reads rows in no particular order: the first by id
        first = min(org.locations, key=lambda location: location.id or 0)
        return zone_of_province(first.province_code)
    for area in org.service_areas:
        if area.province_code:
            return zone_of_province(area.province_code)
    return DEFAULT_ZONE


# ---------------------------------------------------------------------------------------------
# Open now
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """``always``: open 24 hours; ``open``: until ``minute`` of the day ``days`` from today;
    ``closed``: opens then (``days``/``minute`` None: no opening within three weeks);
    ``unknown``: no hours given."""

    kind: Literal["always", "open", "closed", "unknown"]
    days: int | None = None
    minute: int | None = None
    weekday: int | None = None


UNKNOWN = Status("unknown")
ALWAYS = Status("always")


@dataclass(frozen=True)
class LocalNow:
    minute: int  # of the week
    today: date

    @classmethod
    def of(cls, now: datetime, zone: str) -> LocalNow:
        local = now.astimezone(ZoneInfo(zone))
        return cls(local.weekday() * DAY + local.hour * 60 + local.minute, local.date())

    def start_date(self, start: int) -> date:
        """The local date of ``start``, a minute counted from this week's Monday 00:00
        (negative: last week; past ``WEEK``: next week)."""
        return self.today + timedelta(days=start // DAY - self.minute // DAY)


@dataclass(frozen=True)
class ServiceClock:
    """A service's intervals and closures, ready to ask "open at this moment?"."""

    intervals: Sequence[tuple[int, int]]
    closed: frozenset[date] = field(default_factory=frozenset)

    def _open_interval(self, local: LocalNow, minute: int) -> int | None:
        """The end (in minutes from this week's Monday 00:00) of the open interval holding
        ``minute`` (a minute of this week, or past it), None when closed then."""
        for start, end in self.intervals:
            for shift in (0, -WEEK, WEEK):  # this week's, last week's past Sunday, next week's
                inside = start + shift <= minute < end + shift
                if inside and local.start_date(start + shift) not in self.closed:
                    return end + shift
        return None

    def status(self, local: LocalNow) -> Status:
        end = self._open_interval(local, local.minute)
        if end is not None:
            for _ in range(len(self.intervals) + 1):  # 22:00–24:00 then 00:00–02:00: 02:00
                further = self._open_interval(local, end)
                if further is None or further <= end:
                    break
                end = further
            if end - local.minute >= WEEK:
                return ALWAYS
            return self._at("open", local, end)
        for start in sorted(
            start + shift
            for start, _ in self.intervals
            for shift in (0, WEEK, 2 * WEEK, 3 * WEEK)
            if start + shift > local.minute
        ):
            if local.start_date(start) not in self.closed:
                return self._at("closed", local, start)
        return Status("closed")

    @staticmethod
    def _at(kind: Literal["open", "closed"], local: LocalNow, minute: int) -> Status:
        return Status(kind, minute // DAY - local.minute // DAY, minute % DAY, (minute // DAY) % 7)


def service_clock(service: Any) -> ServiceClock | None:
    """None: the service says nothing about its hours, or is not active (an inactive or
    temporarily closed service is never "open now", whatever its hours)."""
    if getattr(service, "status", ServiceStatus.ACTIVE) != ServiceStatus.ACTIVE:
        return None
    if service.open_24_7:
        return ServiceClock([(0, WEEK)])
    hours = hours_of(service)
    if not hours.rules:
        return None
    return ServiceClock(hours.intervals(), hours.closed_dates)


def status_of(service: Any, local: LocalNow) -> Status:
    clock = service_clock(service)
    return UNKNOWN if clock is None else clock.status(local)


def combined(statuses: Iterable[Status]) -> Status:
    """An organization's status from its services': open if any is, until the latest; else
    the earliest opening."""
    known = [s for s in statuses if s.kind != "unknown"]
    if any(s.kind == "always" for s in known):
        return ALWAYS
    opened = [s for s in known if s.kind == "open"]
    if opened:
        return max(opened, key=lambda s: (s.days or 0, s.minute or 0))
    upcoming = [s for s in known if s.days is not None]
    if upcoming:
        return min(upcoming, key=lambda s: (s.days or 0, s.minute or 0))
    return Status("closed") if known else UNKNOWN


def organization_status(org: Any, now: datetime) -> Status:
    local = LocalNow.of(now, zone_of(org))
    return combined(status_of(service, local) for service in org.services)


def describe(status: Status) -> str:
    """ "Open now, until 17:00", "Closed now, opens Tuesday 09:00", "Open 24 hours" ("" when
    unknown), in the request's language."""
    if status.kind == "always":
        return gettext("Open 24 hours")
    if status.kind == "unknown":
        return ""
    time = clock_text(status.minute or 0)
    day = str(DAY_NAMES[status.weekday or 0])
    if status.kind == "open":
        if (status.days or 0) <= 1:
            return gettext("Open now, until %(time)s", time=time)
        return gettext("Open now, until %(day)s %(time)s", day=day, time=time)
    if status.days is None:
        return gettext("Closed now")
    if status.days == 0:
        return gettext("Closed now, opens today %(time)s", time=time)
    return gettext("Closed now, opens %(day)s %(time)s", day=day, time=time)


def rule_text(rule: WeeklyRule) -> str:
    """ "Monday, Tuesday: 09:00–17:00" (runs of three or more days as "Monday–Friday")."""
    return gettext(
        "%(days)s: %(opens)s–%(closes)s",
        days=days_text(rule.days),
        opens=rule.opens,
        closes=rule.closes,
    )


def days_text(days: Sequence[int]) -> str:
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}–{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(str(DAY_NAMES[d]) for d in run)
    return ", ".join(parts)


def hours_summary(data: Any) -> str:
    """One line for the moderation diff: "Monday–Friday: 09:00–17:00; closed 2026-12-25
    (Christmas); notes" ("" for none)."""
    try:
        hours = Hours.from_json(data)
    except (ValueError, KeyError, TypeError):
        return str(data)
    parts = [rule_text(rule) for rule in hours.rules]
    for closure in hours.closures:
        note = f" ({closure.note})" if closure.note else ""
        parts.append(gettext("closed %(date)s", date=closure.date) + note)
    if hours.notes:
        parts.append(hours.notes)
    return "; ".join(parts)
