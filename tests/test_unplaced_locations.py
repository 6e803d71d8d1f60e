"""A confidential location whose city the gazetteer does not know has no public point at all.

Placing it anywhere computed from its real coordinates (even rounded to ~10 km) gives the
shelter away: distances from a dozen searched places solve the point. So no channel places
it: not search (nearby group, distances), the map, partners, the search CSV, ``/api/v1``, or
HSDS (``proximity``, a location's latitude and longitude). It is still found by province and
through the area it serves.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)
from tests.test_search_page import map_data, partner_names

THUNDER_BAY = (48.38202, -89.25018)
# The refuge's real point, 15 km from Thunder Bay's centre, in a hamlet the gazetteer lacks.
REAL = (48.4711, -89.1234)
REFUGE = "Quillonvale Refuge"


@pytest.fixture
def refuge(db):
    refuge = OrganizationFactory(
        name=REFUGE, slug="quillonvale-refuge", sectors=[term("sector", "housing-shelter")]
    )
    ServiceFactory(organization=refuge, name="Refuge beds")
    LocationFactory(
        organization=refuge,
        address="3 Hidden Lane",
        city="Quillonvale",
        province_code="ON",
        postal_code="P7B 9Z8",
        latitude=REAL[0],
        longitude=REAL[1],
        confidential=True,
    )
    ServiceAreaFactory(
        organization=refuge,
        kind="region",
        region_name="Thunder Bay",
        province_code="ON",
        latitude=THUNDER_BAY[0],
        longitude=THUNDER_BAY[1],
        radius_km=50,
    )
    clinic = OrganizationFactory(
        name="Lakehead Clinic", slug="lakehead-clinic", sectors=[term("sector", "health-care")]
    )
    ServiceFactory(organization=clinic, name="Walk-in clinic")
    LocationFactory(organization=clinic, city="Thunder Bay", latitude=48.42, longitude=-89.26)
    db.session.commit()
    return refuge


def api_results(client, query: str) -> dict[str, dict]:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 200
    return {result["name"]: result for result in response.get_json()["results"]}


def test_search_serves_it_through_its_area_with_no_distance(client, refuge):
    results = api_results(client, "near=Thunder+Bay&radius_km=50")
    assert results["Lakehead Clinic"]["distance_km"] is not None  # the check can fail
    assert results[REFUGE]["distance_km"] is None
    assert results[REFUGE]["serves_area"] is True


def test_search_by_province_still_finds_it(client, refuge):
    results = api_results(client, "province=ON")
    assert REFUGE in results
    assert results[REFUGE]["city"] == "Quillonvale"


def test_without_its_area_a_place_search_does_not_find_it(client, db, refuge):
    refuge.service_areas.clear()
    db.session.commit()
    assert list(api_results(client, "near=Thunder+Bay&radius_km=100")) == ["Lakehead Clinic"]
    assert REFUGE in api_results(client, "province=ON")


def test_the_map_has_no_marker_for_it(client, refuge):
    markers = map_data(client.get("/search?near=Thunder+Bay"))["markers"]
    assert [m["name"] for m in markers] == ["Lakehead Clinic"]


def test_the_search_csv_gives_it_no_distance(client, refuge):
    body = client.get("/search.csv?near=Thunder+Bay").get_data().decode("utf-8")
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(body[1:]))}
    assert rows["Lakehead Clinic"]["distance_km"] != ""
    assert rows[REFUGE]["distance_km"] == ""
    assert rows[REFUGE]["serves_area"] == "yes"


def test_it_is_nobody_s_nearby_partner(client, refuge):
    names = partner_names(client.get("/organizations/lakehead-clinic"))
    assert REFUGE not in names


def test_its_profile_names_its_city_only(client, refuge):
    html = client.get("/organizations/quillonvale-refuge").get_data(as_text=True)
    assert "Quillonvale" in html and "Address withheld for safety" in html
    assert "3 Hidden Lane" not in html and "48.47" not in html


def test_hsds_proximity_does_not_place_it(client, refuge):
    response = client.get("/api/hsds/service_at_locations?postcode=P7B&proximity=60000")
    names = [item["service"]["name"] for item in response.get_json()["contents"]]
    assert names == ["Walk-in clinic"]


def test_hsds_gives_it_no_coordinates(client, refuge):
    organizations = client.get("/api/hsds/organizations?full_service=true").get_json()
    refuge_id = next(o["id"] for o in organizations["contents"] if o["name"] == REFUGE)
    document = client.get(f"/api/hsds/organizations/{refuge_id}").get_json()
    (location,) = document["locations"]
    assert "latitude" not in location and "longitude" not in location
    assert location["addresses"][0]["city"] == "Quillonvale"
