"""Demand without surveillance: searches that found nothing, counted by filters only."""

from __future__ import annotations

import re

import sqlalchemy as sa

from directory.coverage.demand import month_of
from directory.coverage.regions import region_of
from directory.geo import get_gazetteer
from directory.models import Role, SearchDemand
from tests.auth_helpers import sign_in
from tests.factories import LocationFactory, OrganizationFactory, UserFactory, term


def signed_in_as(make_client, user):
    browser = make_client()
    sign_in(browser, user.email)
    return browser


def table(db) -> list[tuple]:
    """The whole table: every column of every row (nothing else could be stored)."""
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(sa.select(SearchDemand.__table__)).all()]


def this_month() -> str:
    from datetime import UTC, datetime

    return month_of(datetime.now(UTC).date())


def police_in_thunder_bay(db) -> None:
    police = OrganizationFactory(name="Thunder Bay Police", sectors=[term("sector", "policing")])
    LocationFactory(organization=police)
    db.session.commit()


def test_an_empty_search_counts_its_filters_and_region_only(client, db):
    police_in_thunder_bay(db)
    url = (
        "/search?q=secret+words+typed&near=P9N+3X7&radius_km=50&sector=health-care"
        "&sector=mental-health&service=crisis-line&population=boys-men"
    )
    assert "secret words typed" in client.get(url).get_data(as_text=True)  # shown, not kept

    rows = table(db)
    assert [row[1:] for row in rows] == [
        (
            this_month(),
            "health-care,mental-health",
            "crisis-line",
            "boys-men",
            "ON",
            "Thunder Bay, ON",
            1,
        )
    ]
    dump = repr(rows)
    assert "secret" not in dump and "P9N" not in dump and "Kenora" not in dump


def test_the_same_empty_search_adds_to_its_row_html_and_api(client, db):
    for url in (
        "/search?sector=education&province=NU",
        "/api/v1/search?sector=education&province=NU",
    ):
        assert client.get(url).status_code == 200
    assert [row[1:] for row in table(db)] == [(this_month(), "education", "", "", "NU", "", 2)]


def test_a_counter_that_cannot_be_written_costs_the_count_not_the_search(client, db):
    """The real failure: the table is away (renamed) while people search."""
    with db.engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE search_demand RENAME TO search_demand_away"))
    try:
        page = client.get("/search?sector=education&province=NU")
        api = client.get("/api/v1/search?sector=education&province=NU")
    finally:
        db.session.rollback()
        with db.engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE search_demand_away RENAME TO search_demand"))
    assert page.status_code == 200 and "No organization" in page.get_data(as_text=True)
    assert api.status_code == 200 and api.get_json()["total"] == 0
    assert table(db) == []


def test_a_search_with_results_stores_nothing(client, db, count_queries):
    police_in_thunder_bay(db)
    with count_queries() as statements:
        assert client.get("/search?sector=policing&near=Thunder+Bay").status_code == 200
        assert client.get("/api/v1/search?sector=policing").get_json()["total"] == 1
    assert table(db) == []
    assert not any("search_demand" in s for s in statements)


def test_an_unknown_place_is_a_typo_not_demand(client, db):
    client.get("/search?near=Xyzzyville")
    assert table(db) == []


def place(name: str):
    return get_gazetteer().lookup(name).place


def test_region_is_the_nearest_regional_centre_of_the_province():
    assert region_of(place("Kenora, ON")) == "Thunder Bay, ON"
    assert region_of(place("Mississauga")) == "Toronto, ON"
    assert region_of(place("Charlottetown")) == ""  # no centre in the province
    assert region_of(place("Ontario")) == ""  # a province has no region
    assert region_of(None) == ""


# --- The public page: sector × province, only cells of at least five searches --------------


def add(db, sector: str, province: str, searches: int, month: str | None = None) -> None:
    db.session.add(
        SearchDemand(
            month=month or this_month(),
            sector=sector,
            service="",
            population="",
            province=province,
            region="",
            searches=searches,
        )
    )
    db.session.commit()


def cell_count(html: str) -> list[str]:
    return re.findall(r'<td class="demand-table__count">(\d+)</td>', html)


def test_public_page_shows_only_cells_of_five_or_more(client, db):
    add(db, "health-care", "ON", 3)
    add(db, "health-care", "ON", 2, month="2000-01")  # too old: not in the last 12 months
    add(db, "legal-justice", "MB", 4)
    add(db, "policing,legal-justice", "MB", 1)  # two sectors: counts in both
    add(db, "education", "NU", 5)

    html = client.get("/coverage/demand").get_data(as_text=True)
    assert cell_count(html) == ["5", "5"]  # Legal in MB (4 + 1) and Education in NU
    assert "Health care" not in html  # 3 in the last year: absent, not even as a row
    assert "Policing" not in html  # 1
    assert "Nunavut" in html and "Manitoba" in html and "Ontario" not in html


def test_a_cell_of_four_is_absent(client, db):
    add(db, "education", "NU", 4)
    html = client.get("/coverage/demand").get_data(as_text=True)
    assert cell_count(html) == []
    assert "Not enough searches yet" in html


# --- Moderators see counts by month -------------------------------------------------------


def test_moderators_see_counts_by_month(make_client, db):
    add(db, "education", "NU", 1)
    add(db, "education", "NU", 7, month=f"{int(this_month()[:4]) - 1}{this_month()[4:]}")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    html = signed_in_as(make_client, moderator).get("/moderation/demand").get_data(as_text=True)
    assert 'href="/moderation/demand"' in signed_in_as(make_client, moderator).get(
        "/moderation/"
    ).get_data(as_text=True)
    months = re.findall(r"<tr><td>(\d{4}-\d{2})</td>.*?<td>(\d+)</td></tr>", html)
    assert months == [(this_month(), "1"), (f"{int(this_month()[:4]) - 1}{this_month()[4:]}", "7")]


def test_members_are_refused_and_anonymous_sent_to_sign_in(make_client, client, db):
    member = UserFactory()
    db.session.commit()
    assert signed_in_as(make_client, member).get("/moderation/demand").status_code == 403
    response = client.get("/moderation/demand")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
