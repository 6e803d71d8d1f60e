"""Gaps by distance: per city of 10,000 people or more, each response-card role within 250 km."""

from __future__ import annotations

import csv
import html as markup
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from directory.coverage.gaps import GAP_ROLES, cities, gap_table
from tests.factories import LocationFactory, OrganizationFactory, term

KENORA = {"city": "Kenora", "latitude": 49.76741, "longitude": -94.48985}
ROLE = [r.slug for r in GAP_ROLES]


@pytest.fixture
def northwest(db):
    """Police in Thunder Bay (480 km from Kenora); health care in Kenora; a stale Kenora
    police listing that search no longer finds and one visible to vetted professionals only;
    victim services with a second office."""
    police = OrganizationFactory(name="Thunder Bay Police", sectors=[term("sector", "policing")])
    LocationFactory(organization=police)
    clinic = OrganizationFactory(name="Lake Clinic", sectors=[term("sector", "health-care")])
    LocationFactory(organization=clinic, **KENORA)
    stale = OrganizationFactory(
        name="Old Kenora Police",
        sectors=[term("sector", "policing")],
        verified_at=datetime.now(UTC) - timedelta(days=900),
        last_reviewed_at=datetime.now(UTC) - timedelta(days=900),
    )
    LocationFactory(organization=stale, **KENORA)
    reserved = OrganizationFactory(
        name="Kenora Police Trafficking Team",
        sectors=[term("sector", "policing")],
        professionals_only=True,  # absent from public coverage: fills no role
    )
    LocationFactory(organization=reserved, **KENORA)
    victims = OrganizationFactory(name="Two Offices", sectors=[term("sector", "victim-services")])
    LocationFactory(organization=victims, city="Toronto", latitude=43.65, longitude=-79.38)
    LocationFactory(organization=victims, **KENORA)  # the second point counts too
    db.session.commit()


def city(table, name: str, province: str = "ON"):
    return next(c for c in table.cities if (c.place.name, c.place.province) == (name, province))


def filled(row) -> dict[str, bool]:
    return dict(zip(ROLE, row.filled, strict=True))


def test_cities_are_the_gazetteer_places_of_ten_thousand_or_more():
    places = cities()
    assert len(places) > 300
    assert all(p.population >= 10_000 for p in places)
    names = {(p.name, p.province) for p in places}
    assert ("Kenora", "ON") in names and ("Dryden", "ON") not in names  # 15,096 and 8,195


def test_an_organization_within_250_km_fills_the_role_and_none_is_a_gap(app, northwest):
    with app.test_request_context():
        table = gap_table()
    assert [r.slug for r in table.roles] == ROLE
    assert "police-specialized-unit" not in ROLE  # shown only where listed: never a gap
    thunder_bay, kenora = filled(city(table, "Thunder Bay")), filled(city(table, "Kenora"))
    assert thunder_bay["police"] and not thunder_bay["health-care"]
    assert not kenora["police"]  # 480 km away; the stale and the reserved listings do not count
    assert kenora["health-care"] and kenora["victim-services"]
    assert filled(city(table, "Toronto"))["victim-services"]
    assert city(table, "Kenora").gap_count == len(ROLE) - 2
    assert city(table, "Halifax", "NS").gap_count == len(ROLE)


def test_the_answer_is_kept_per_index_version(app, db, northwest, count_queries):
    with app.test_request_context():
        first = gap_table()
        with count_queries() as statements:
            assert gap_table() is first
        assert len(statements) <= 2  # the index version check, no query per city or role
        police = OrganizationFactory(sectors=[term("sector", "policing")])
        LocationFactory(organization=police, **KENORA)
        db.session.commit()
        assert filled(city(gap_table(), "Kenora"))["police"]


# --- The page, its filter and sort, the CSV and the map's data ------------------------------


def rows_of(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        text = [re.sub(r"<span class=\"visually-hidden\">.*?</span>|<[^>]+>", "", c) for c in cells]
        rows.append([markup.unescape(t.strip()).replace("✓", "yes") for t in text])
    return rows


def test_page_marks_each_role_with_a_tick_or_gap(client, northwest):
    response = client.get("/coverage/gaps?province=ON")
    assert response.status_code == 200
    rows = {r[0]: r for r in rows_of(response.get_data(as_text=True))}
    kenora = rows["Kenora"]
    assert kenora[1] == "ON"
    assert kenora[2 + ROLE.index("police")] == "gap"
    assert kenora[2 + ROLE.index("health-care")] == "yes"
    assert kenora[-1] == str(len(ROLE) - 2)
    assert {r[1] for r in rows.values()} == {"ON"}  # the province filter


def test_sort_by_number_of_gaps(client, northwest):
    rows = rows_of(client.get("/coverage/gaps?province=ON&sort=gaps").get_data(as_text=True))
    counts = [int(r[-1]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == len(ROLE) and counts[-1] < len(ROLE)


@pytest.mark.parametrize(
    ("query", "message"),
    [("province=ZZ", "There is no province or territory “ZZ”."), ("sort=x", "Sort by population")],
)
def test_bad_choices_are_refused_clearly(client, db, query, message):
    for path in ("/coverage/gaps", "/coverage/gaps.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_csv_matches_the_page(client, northwest):
    html = client.get("/coverage/gaps?province=ON&sort=gaps").get_data(as_text=True)
    response = client.get("/coverage/gaps.csv?province=ON&sort=gaps")
    assert response.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert lines[0][5:] == [*ROLE, "Gaps"]
    from_csv = [[r[0], r[1], *r[5:]] for r in lines[1:]]
    assert from_csv == rows_of(html)


def test_map_data_colours_cities_by_gaps_with_the_table_as_text(client, northwest):
    html = client.get("/coverage/gaps?province=ON").get_data(as_text=True)
    data = json.loads(re.search(r'id="gaps-map-data">(.*?)</script>', html, re.S).group(1))
    kenora = next(c for c in data["cities"] if c["name"] == "Kenora, ON")
    assert kenora["gaps"] == len(ROLE) - 2
    assert "Police" in kenora["missing"] and "Health care" not in kenora["missing"]
    assert 'src="/static/vendor/leaflet/leaflet.js' in html  # self-hosted, no CDN
    assert "text alternative" in html


# --- /coverage by service type and population --------------------------------------------


def test_coverage_rows_by_service_type_and_population(client, db):
    from tests.factories import ServiceFactory

    org = OrganizationFactory(name="Crisis Team", sectors=[term("sector", "health-care")])
    LocationFactory(organization=org, province_code="MB")
    ServiceFactory(
        organization=org,
        types=[term("service_type", "crisis-line")],
        populations=[term("population", "boys-men")],
    )
    db.session.commit()

    html = client.get("/coverage?by=service").get_data(as_text=True)
    assert "Published organizations by service type" in html
    assert 'href="/search?service=crisis-line&amp;province=MB"' in html
    assert client.get("/api/v1/search?service=crisis-line&province=MB").get_json()["total"] == 1
    html = client.get("/coverage?by=population").get_data(as_text=True)
    assert 'href="/search?population=boys-men&amp;province=MB"' in html
    rows = list(
        csv.reader(io.StringIO(client.get("/coverage.csv?by=population").get_data(as_text=True)))
    )
    assert rows[0][:3] == ["population_slug", "Population served", "BC"]
    boys = next(r for r in rows if r[0] == "boys-men")
    assert boys[2 + [c for c in rows[0][2:]].index("MB")] == "1"
    assert client.get("/coverage?by=colour").status_code == 400
