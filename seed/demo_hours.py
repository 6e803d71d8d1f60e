"""Structured opening hours for the demo services, matching the intake hours they state.

Most services get the weekly rules their intake text says (``INTAKE_HOURS``); some close
over lunch, some add late evening outreach past midnight, some list upcoming closures
(Christmas, Boxing Day, a staff training day) or notes; about one in eight states none, and
24/7 services keep their flag. Drawn from the listing's slug and service name, so a reload
draws the same.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from directory.models import Service
from seed.demo_text import INTAKE_HOURS, WEEKDAYS

WEEK = [0, 1, 2, 3, 4]
# Each intake text of ``INTAKE_HOURS`` as rules (days, opens, closes) and notes.
RULES: dict[str, tuple[list[tuple[list[int], str, str]], str]] = {
    WEEKDAYS: ([(WEEK, "09:00", "17:00")], ""),
    INTAKE_HOURS[1]: ([(WEEK, "08:30", "16:30")], "After hours, call the crisis line."),
    INTAKE_HOURS[2]: ([([0, 1, 2, 3], "10:00", "19:00"), ([4], "10:00", "16:00")], ""),
    INTAKE_HOURS[3]: ([([1, 2, 3, 4, 5], "12:00", "20:00")], ""),
    # The synthetic listings' shorter texts (``seed.synthetic_text``).
    "Monday–Friday, 8:30–16:30": ([(WEEK, "08:30", "16:30")], ""),
    "Monday–Thursday, 10:00–19:00": ([([0, 1, 2, 3], "10:00", "19:00")], ""),
}


def demo_hours(service: Service, slug: str, now: datetime) -> dict[str, Any] | None:
    known = RULES.get(service.intake_hours or "")
    if service.open_24_7 or known is None:
        return None
    rng = random.Random(f"hours:{slug}:{service.name}")
    if rng.random() < 0.12:
        return None
    rules, notes = list(known[0]), known[1]
    if known[0] == RULES[WEEKDAYS][0] and rng.random() < 0.2:
        rules = [(WEEK, "09:00", "12:00"), (WEEK, "13:00", "17:00")]
        notes = "Closed over lunch; leave a message and we call back the same afternoon."
    if rng.random() < 0.12:
        rules.append(([4, 5], "20:00", "02:00"))
        notes = "Friday and Saturday nights the outreach van answers until 02:00."
    return {
        "rules": [{"days": d, "opens": o, "closes": c} for d, o, c in rules],
        "closures": _closures(rng, now.date()),
        "notes": notes,
    }


def synthetic_hours(intake_hours: str, number: int) -> dict[str, Any] | None:
    """Hours for the synthetic benchmark listings, cheaply: the rules of the intake text for
    seven services in eight, a Christmas closure for one in four (``number``: the row id)."""
    known = RULES.get(intake_hours)
    if known is None or number % 8 == 0:
        return None
    closures = [{"date": f"{date.today().year}-12-25", "note": "Christmas Day"}]
    return {
        "rules": [{"days": d, "opens": o, "closes": c} for d, o, c in known[0]],
        "closures": closures if number % 4 == 1 else [],
        "notes": known[1],
    }


def _closures(rng: random.Random, today: date) -> list[dict[str, str]]:
    closures = []
    if rng.random() < 0.35:
        christmas = date(
            today.year if today <= date(today.year, 12, 25) else today.year + 1, 12, 25
        )
        closures += [
            {"date": christmas.isoformat(), "note": "Christmas Day"},
            {"date": (christmas + timedelta(days=1)).isoformat(), "note": "Boxing Day"},
        ]
    if rng.random() < 0.15:
        training = today + timedelta(days=rng.randint(7, 40))
        while training.weekday() > 4:
            training += timedelta(days=1)
        if training.isoformat() not in {c["date"] for c in closures}:
            closures.append({"date": training.isoformat(), "note": "Staff training day"})
    return sorted(closures, key=lambda c: c["date"])
