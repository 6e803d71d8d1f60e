"""A service's opening hours (``hours.Hours``) as HSDS ``schedule`` objects, and back.

- a weekly rule: ``freq: WEEKLY``, ``wkst: MO``, ``byday: "MO,TU"``, ``opens_at``/``closes_at``
  as ``HH:MM:SS`` (a closing time not after the opening time is the next day's; ``24:00`` is
  written ``23:59:59``), an English ``description``;
- a closure: ``valid_from`` = ``valid_to`` = the date, ``description: "Closed"``, the note
  in ``notes``;
- the notes: ``description`` with ``notes: "About the hours"`` (as intake hours carry
  ``notes: "Intake hours"``).

HSDS's ``timezone`` (a fixed UTC offset) is not written: the zone follows the location's
province, and a fixed offset would be wrong half the year. ``read`` recognises these shapes in
anyone's file; a schedule it cannot read is left to the caller (which keeps its description
as intake hours and notes what it dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from directory.hours import Closure, Hours, WeeklyRule, minutes
from directory.hsds import ids

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NOTES_MARK = "About the hours"
CLOSED = "Closed"
MAX_CLOSURE_DAYS = 31  # a longer closed range is not a list of holidays: noted, not read


def _clock(text: str) -> str:
    return "23:59:59" if text == "24:00" else f"{text}:00"


def schedules(service_id: str, hours: Hours) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for number, rule in enumerate(hours.rules):
        days = ",".join(DAY_CODES[d] for d in rule.days)
        overnight = " (closes the next day)" if minutes(rule.closes) <= minutes(rule.opens) else ""
        out.append(
            {
                "id": ids.derived(
                    service_id, f"schedule:{number}:{days}:{rule.opens}-{rule.closes}"
                ),
                "service_id": service_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": days,
                "opens_at": _clock(rule.opens),
                "closes_at": _clock(rule.closes),
                "description": ", ".join(ENGLISH_DAYS[d] for d in rule.days)
                + f" {rule.opens}–{rule.closes}{overnight}",
            }
        )
    for closure in hours.closures:
        out.append(
            {
                "id": ids.derived(service_id, f"schedule:closed:{closure.date}"),
                "service_id": service_id,
                "valid_from": closure.date,
                "valid_to": closure.date,
                "description": CLOSED,
                "notes": closure.note or None,
            }
        )
    if hours.notes:
        out.append(
            {
                "id": ids.derived(service_id, "schedule:notes"),
                "service_id": service_id,
                "description": hours.notes,
                "notes": NOTES_MARK,
            }
        )
    return out


@dataclass
class ReadHours:
    """What ``read`` made of a service's schedules; ``problems``: (schedule, message)."""

    rules: list[WeeklyRule] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    notes: str = ""
    problems: list[tuple[dict, str]] = field(default_factory=list)

    def hours(self) -> dict[str, Any] | None:
        return Hours(tuple(self.rules), tuple(self.closures), self.notes).to_json()


def read(schedule: dict[str, Any], found: ReadHours) -> bool:
    """Take one schedule into ``found`` if it is a weekly rule, a closure or the hours' notes;
    False when it is none of them (the caller reads it its own way)."""
    description = str(schedule.get("description") or "").strip()
    if str(schedule.get("notes") or "").strip() == NOTES_MARK and description:
        found.notes = description
        return True
    if description.casefold() == CLOSED.casefold() and schedule.get("valid_from"):
        return _closure(schedule, found)
    if schedule.get("byday") and schedule.get("opens_at") and schedule.get("closes_at"):
        return _rule(schedule, found)
    return False


def _time(value: Any) -> str:
    text = str(value or "")[:8]
    if text.startswith("23:59"):
        return "24:00"
    minutes(text[:5])  # ValueError when not a time
    return text[:5]


def _rule(schedule: dict[str, Any], found: ReadHours) -> bool:
    freq = str(schedule.get("freq") or "WEEKLY").upper()
    codes = [c.strip().upper() for c in str(schedule["byday"]).split(",")]
    if freq != "WEEKLY" or any(c not in DAY_CODES for c in codes):
        found.problems.append((schedule, f"byday {schedule['byday']!r} is not weekly; left out"))
        return True
    try:
        opens, closes = _time(schedule["opens_at"]), _time(schedule["closes_at"])
        if opens == "24:00":
            raise ValueError(opens)
    except ValueError:
        found.problems.append((schedule, "opens_at or closes_at is not a time; left out"))
        return True
    found.rules.append(
        WeeklyRule(tuple(sorted({DAY_CODES.index(c) for c in codes})), opens, closes)
    )
    return True


def _closure(schedule: dict[str, Any], found: ReadHours) -> bool:
    try:
        first = date.fromisoformat(str(schedule["valid_from"])[:10])
        last = date.fromisoformat(str(schedule.get("valid_to") or first.isoformat())[:10])
    except ValueError:
        found.problems.append((schedule, "valid_from or valid_to is not a date; left out"))
        return True
    days = (last - first).days + 1
    if not 1 <= days <= MAX_CLOSURE_DAYS:
        found.problems.append((schedule, f"a closure of {days} days; left out"))
        return True
    note = str(schedule.get("notes") or "").strip()
    found.closures += [Closure((first + timedelta(days=n)).isoformat(), note) for n in range(days)]
    return True
