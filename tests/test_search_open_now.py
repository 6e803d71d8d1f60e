"""The ``open_now`` filter: evaluated at query time in each listing's own time zone, with a
fixed clock, across midnight and daylight saving time; with counts; on the page and the API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from directory import clock
from directory.models import Organization, Service
from directory.search.bulk import rebuild_index
from directory.search.engine import SearchQuery, run_search
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory, term
from tests.test_public import page_text

OFFICE = {"rules": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"}]}
LATE = {"rules": [{"days": [4, 5], "opens": "20:00", "closes": "03:00"}]}


def listing(name: str, province: str, hours: dict | None, **service) -> None:
    org = OrganizationFactory(name=name)
    LocationFactory(organization=org, city="Somewhere", province_code=province)
    ServiceFactory(organization=org, hours=hours, **service)


def open_names(db, moment: datetime) -> list[str]:
    db.session.commit()
    with clock.frozen(moment):
        outcome = run_search(db.session, SearchQuery(flags=frozenset({"open_now"})))
    assert outcome.flag_counts["open_now"] == len(outcome.hits)
    return sorted(hit.name for hit in outcome.hits)


@pytest.fixture
def across_canada(db):
    listing("Halifax Office", "NS", OFFICE)
    listing("Toronto Office", "ON", OFFICE)
    listing("Regina Office", "SK", OFFICE)
    listing("Vancouver Late Line", "BC", LATE)
    listing("Crisis Line", "MB", None, open_24_7=True)
    listing("No Hours Given", "ON", None)


def test_open_now_follows_each_listings_time_zone(db, across_canada):
    # Tuesday 2026-12-01 13:00 UTC: 09:00 in Halifax, 08:00 in Toronto.
    assert open_names(db, datetime(2026, 12, 1, 13, 0, tzinfo=UTC)) == [
        "Crisis Line",
        "Halifax Office",
    ]
    # 14:00 UTC: 09:00 in Toronto too; Regina (UTC-6) still 08:00.
    assert open_names(db, datetime(2026, 12, 1, 14, 0, tzinfo=UTC)) == [
        "Crisis Line",
        "Halifax Office",
        "Toronto Office",
    ]


def test_hours_past_midnight_count_on_the_next_day(db, across_canada):
    # Saturday 2026-12-05 02:30 in Vancouver (UTC-8) = 10:30 UTC: Friday night's hours.
    assert "Vancouver Late Line" in open_names(db, datetime(2026, 12, 5, 10, 30, tzinfo=UTC))
    # Sunday 02:30: Saturday night's; Monday 02:30: none (Sunday has no late hours).
    assert "Vancouver Late Line" in open_names(db, datetime(2026, 12, 6, 10, 30, tzinfo=UTC))
    assert "Vancouver Late Line" not in open_names(db, datetime(2026, 12, 7, 10, 30, tzinfo=UTC))


def test_daylight_saving_time_but_not_in_saskatchewan(db, across_canada):
    # Monday 2026-07-06 15:05 UTC: Regina 09:05 (CST all year), Toronto 11:05 (EDT).
    summer = open_names(db, datetime(2026, 7, 6, 15, 5, tzinfo=UTC))
    assert {"Regina Office", "Toronto Office"} <= set(summer)
    # Monday 2026-12-07 14:30 UTC: Toronto 09:30 (EST), Regina 08:30.
    winter = open_names(db, datetime(2026, 12, 7, 14, 30, tzinfo=UTC))
    assert "Toronto Office" in winter and "Regina Office" not in winter


def test_a_closure_day_is_not_open(db):
    listing("Closed For Christmas", "ON", {**OFFICE, "closures": [{"date": "2026-12-25"}]})
    assert open_names(db, datetime(2026, 12, 24, 15, 0, tzinfo=UTC)) == ["Closed For Christmas"]
    assert open_names(db, datetime(2026, 12, 25, 15, 0, tzinfo=UTC)) == []


def test_bulk_rebuild_keeps_the_hours(db, across_canada):
    db.session.commit()
    rebuild_index(db.session)
    db.session.commit()
    assert "Halifax Office" in open_names(db, datetime(2026, 12, 1, 13, 0, tzinfo=UTC))


def test_search_page_offers_open_now_with_its_count(app, client, db, across_canada):
    db.session.commit()
    with clock.frozen(datetime(2026, 12, 1, 13, 0, tzinfo=UTC)):
        page = client.get("/search").get_data(as_text=True)
        filtered = client.get("/search?open_now=1").get_data(as_text=True)
        api = client.get("/api/v1/search?open_now=1").get_json()
    assert 'name="open_now"' in page
    assert "Halifax Office" in filtered and "Toronto Office" not in filtered
    assert api["facets"]["flags"]["open_now"] == 2


def test_cards_and_profiles_say_when_it_opens_or_closes(app, client, db):
    listing("Halifax Office", "NS", {**OFFICE, "closures": [{"date": "2026-12-25"}]})
    listing("Crisis Line", "MB", None, open_24_7=True)
    db.session.commit()
    slug = db.session.execute(
        sa.text("select slug from organization where name = 'Halifax Office'")
    ).scalar()
    # Tuesday 2026-12-01 20:00 in Halifax (Wednesday 00:00 UTC).
    with clock.frozen(datetime(2026, 12, 2, 0, 0, tzinfo=UTC)):
        cards = page_text(client.get("/search"))
        profile = page_text(client.get(f"/organizations/{slug}"))
    assert "Closed now, opens Wednesday 09:00" in cards
    assert "Open 24 hours" in cards
    assert "Closed now, opens Wednesday 09:00" in profile
    assert "Monday–Friday: 09:00–17:00" in profile
    assert "Local time: Atlantic" in profile
    assert "2026-12-25" in profile
    with clock.frozen(datetime(2026, 12, 2, 14, 0, tzinfo=UTC)):
        assert "Open now, until 17:00" in page_text(client.get(f"/organizations/{slug}"))


def test_an_edit_to_the_hours_reaches_open_now_at_once(db, across_canada):
    moment = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 08:00 in Toronto
    assert "Toronto Office" not in open_names(db, moment)
    service = db.session.scalar(
        sa.select(Service).join(Organization).where(Organization.name == "Toronto Office")
    )
    service.hours = {"rules": [{"days": [1], "opens": "07:30", "closes": "12:00"}]}
    db.session.commit()
    assert "Toronto Office" in open_names(db, moment)
    service.hours = None
    db.session.commit()
    assert "Toronto Office" not in open_names(db, moment)


def test_the_response_card_says_who_is_open_now(client, db):
    org = OrganizationFactory(name="Kenora Night Line", sectors=[term("sector", "victim-services")])
    LocationFactory(
        organization=org, city="Kenora", province_code="ON", latitude=49.7674, longitude=-94.4894
    )
    ServiceFactory(organization=org, hours=LATE)
    db.session.commit()
    # Saturday 2026-12-05 01:00 in Kenora (its province's zone: Toronto, UTC-5) = 06:00 UTC.
    with clock.frozen(datetime(2026, 12, 5, 6, 0, tzinfo=UTC)):
        text = page_text(client.get("/response?near=Kenora%2C+ON"))
    assert "Kenora Night Line" in text
    assert "Open now, until 03:00" in text


def test_open_now_costs_no_statement(make_client, db, across_canada, count_queries):
    client = make_client()

    def statements(query: str) -> int:
        client.get(f"/search?{query}")  # the first search after a write refreshes the mirror
        with count_queries() as run:
            assert client.get(f"/search?{query}").status_code == 200
        return len(run)

    with clock.frozen(datetime(2026, 12, 1, 14, 0, tzinfo=UTC)):
        assert statements("open_now=1") <= statements("online=1")


def test_a_service_that_is_not_active_is_never_open_now(db):
    listing("Paused Office", "ON", OFFICE, status="temporarily closed")
    assert open_names(db, datetime(2026, 12, 1, 15, 0, tzinfo=UTC)) == []
