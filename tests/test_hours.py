"""Opening hours: open now, closing times past midnight, closures, time zones and DST."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from directory import clock
from directory.hours import (
    Hours,
    LocalNow,
    describe,
    organization_status,
    zone_of_province,
)
from directory.hours_compact import compact

OFFICE = {"rules": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"}]}
EVENINGS = {"rules": [{"days": [4, 5, 6], "opens": "20:00", "closes": "02:00"}]}


def org(province: str, *services: dict | None, always: bool = False) -> SimpleNamespace:
    return SimpleNamespace(
        locations=[SimpleNamespace(id=1, province_code=province)],
        service_areas=[],
        services=[SimpleNamespace(hours=h, open_24_7=always) for h in services],
    )


def say(organization: SimpleNamespace, moment: datetime) -> str:
    return describe(organization_status(organization, moment))


@pytest.fixture(autouse=True)
def _english(app):
    with app.test_request_context():
        yield


def test_halifax_office_is_open_at_noon_utc_only_when_its_clock_says_so():
    # Tuesday 2026-12-01: Halifax is UTC-4 (AST): 12:00 UTC is 08:00 there, 13:00 is 09:00.
    halifax = org("NS", OFFICE)
    assert say(halifax, datetime(2026, 12, 1, 12, 59, tzinfo=UTC)) == (
        "Closed now, opens today 09:00"
    )
    assert say(halifax, datetime(2026, 12, 1, 13, 0, tzinfo=UTC)) == "Open now, until 17:00"
    # The same instant in Vancouver (UTC-8) is 05:00.
    assert say(org("BC", OFFICE), datetime(2026, 12, 1, 13, 0, tzinfo=UTC)).startswith("Closed")


def test_friday_evening_closes_past_midnight_and_weekend_waits_for_monday():
    toronto = org("ON", OFFICE)
    # Friday 2026-12-04 17:30 in Toronto (UTC-5) = 22:30 UTC.
    assert say(toronto, datetime(2026, 12, 4, 22, 30, tzinfo=UTC)) == (
        "Closed now, opens Monday 09:00"
    )
    evenings = org("ON", EVENINGS)
    # Saturday 01:30 local (06:30 UTC): still Friday evening's hours.
    assert say(evenings, datetime(2026, 12, 5, 6, 30, tzinfo=UTC)) == "Open now, until 02:00"
    # Monday 01:00 local: Sunday's evening runs into Monday (across the end of the week).
    assert say(evenings, datetime(2026, 12, 7, 6, 0, tzinfo=UTC)) == "Open now, until 02:00"
    assert say(evenings, datetime(2026, 12, 7, 7, 0, tzinfo=UTC)) == (
        "Closed now, opens Friday 20:00"
    )


def test_daylight_saving_moves_the_utc_hour_except_in_saskatchewan():
    # Monday 2026-07-06 13:30 UTC: Toronto (EDT, UTC-4) 09:30 open; Regina (CST, UTC-6) 07:30.
    summer = datetime(2026, 7, 6, 13, 30, tzinfo=UTC)
    assert say(org("ON", OFFICE), summer) == "Open now, until 17:00"
    assert say(org("SK", OFFICE), summer).startswith("Closed now, opens today 09:00")
    # Winter, same UTC time: Toronto (EST, UTC-5) is 08:30, closed.
    assert say(org("ON", OFFICE), datetime(2026, 12, 7, 13, 30, tzinfo=UTC)).startswith("Closed")
    # Newfoundland is half an hour off: 09:00 NST is 12:30 UTC.
    assert say(org("NL", OFFICE), datetime(2026, 12, 7, 12, 30, tzinfo=UTC)) == (
        "Open now, until 17:00"
    )


def test_a_closure_cancels_the_day_and_the_next_opening_skips_it():
    hours = {**OFFICE, "closures": [{"date": "2026-12-25", "note": "Christmas"}]}
    toronto = org("ON", hours)
    # Friday 2026-12-25 10:00 local = 15:00 UTC.
    assert say(toronto, datetime(2026, 12, 25, 15, 0, tzinfo=UTC)) == (
        "Closed now, opens Monday 09:00"
    )
    # Thursday evening: the next opening is Monday, not Friday.
    assert say(toronto, datetime(2026, 12, 24, 23, 0, tzinfo=UTC)) == (
        "Closed now, opens Monday 09:00"
    )


def test_open_24_7_and_a_whole_week_of_rules_both_say_open_24_hours():
    moment = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
    assert say(org("ON", None, always=True), moment) == "Open 24 hours"
    whole = {"rules": [{"days": list(range(7)), "opens": "00:00", "closes": "24:00"}]}
    assert say(org("ON", whole), moment) == "Open 24 hours"
    assert say(org("ON", None), moment) == ""  # no hours: nothing said


def test_malformed_hours_are_refused():
    with pytest.raises(ValueError):
        Hours.from_json({"rules": [{"days": [7], "opens": "09:00", "closes": "17:00"}]})
    with pytest.raises(ValueError):
        Hours.from_json({"rules": [{"days": [1], "opens": "9h", "closes": "17:00"}]})
    with pytest.raises(ValueError):
        Hours.from_json({"closures": [{"date": "2026-02-30"}]})


def test_zones_follow_the_province():
    assert zone_of_province("SK") == "America/Regina"
    assert zone_of_province("YT") == "America/Whitehorse"
    assert zone_of_province(None) == "America/Toronto"


def test_the_index_form_carries_zone_intervals_and_closures():
    hours = {**EVENINGS, "closures": [{"date": "2026-12-25"}]}
    assert compact(org("MB", hours)) == ("America/Winnipeg|6960-7320,8400-8760,9840-10200/20261225")
    assert compact(org("MB", None)) == ""


def test_the_clock_can_be_fixed():
    moment = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    with clock.frozen(moment):
        assert clock.now() == moment
    assert clock.now() != moment
    assert LocalNow.of(moment, "America/Halifax").minute == 8 * 60
