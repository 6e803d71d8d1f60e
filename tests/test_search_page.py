"""The search page as a visitor sees it: counts, places, groups, suggestions, map data; and
the partners panel of a profile. Everything goes through the HTML."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest

from directory.search.engine import Hit
from directory.search.partners import pick_diverse
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)
from tests.test_public import page_text, result_names

THUNDER_BAY = (48.38202, -89.25018)  # the gazetteer's point for Thunder Bay, ON


def sector(slug: str):
    return term("sector", slug)


def option_counts(response, parameter: str) -> dict[str, int]:
    """The options offered for one filter, with the count shown beside each."""
    html = response.get_data(as_text=True)
    pattern = (
        rf'name="{parameter}" value="([^"]+)"[^>]*>\s*'
        r'<span class="checkbox__label">[^<]*</span>\s*<span class="checkbox__count">(\d+)'
    )
    return {value: int(count) for value, count in re.findall(pattern, html)}


def map_data(response) -> dict:
    html = response.get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else {}


def links(response) -> dict[str, str]:
    """Link text → href (unescaped) for every link on the page."""
    html = response.get_data(as_text=True)
    return {
        page_text(text): html_lib.unescape(href)
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


def located(name: str, sectors: list[str], city: str, point: tuple[float, float], **kwargs):
    province = kwargs.pop("province", "ON")
    org = OrganizationFactory(name=name, sectors=[sector(s) for s in sectors])
    LocationFactory(
        organization=org,
        city=city,
        province_code=province,
        latitude=point[0],
        longitude=point[1],
        **kwargs,
    )
    return org


# --- Filters and their counts ------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    """Five organizations over sectors, populations, provinces and flags."""
    police = located("Lakehead Police", ["policing"], "Thunder Bay", THUNDER_BAY)
    clinic = located("Lakehead Clinic", ["health-care"], "Thunder Bay", THUNDER_BAY)
    ServiceFactory(
        organization=clinic,
        populations=[term("population", "youth-12-17")],
        open_24_7=True,
    )
    both = located(
        "Prairie Partnership", ["policing", "health-care"], "Winnipeg", (49.9, -97.1), province="MB"
    )
    ServiceFactory(organization=both, populations=[term("population", "youth-12-17")])
    school = located("Quebec School Board", ["education"], "Québec", (46.81, -71.21), province="QC")
    ServiceFactory(organization=school, delivered_online=True)
    located("Ottawa Helpline", ["victim-services"], "Ottawa", (45.41, -75.70))
    ServiceFactory(organization=police, accepting_referrals=True)
    db.session.commit()


def test_facet_counts_reflect_the_current_search(client, catalogue):
    everything = client.get("/search")
    assert option_counts(everything, "sector") == {
        "policing": 2,
        "health-care": 2,
        "education": 1,
        "victim-services": 1,
    }
    assert option_counts(everything, "province") == {"ON": 3, "QC": 1, "MB": 1}

    in_ontario = client.get("/search?province=ON")
    # sectors are counted within Ontario; options with no result there are not offered
    assert option_counts(in_ontario, "sector") == {
        "policing": 1,
        "health-care": 1,
        "victim-services": 1,
    }
    # the province facet itself is counted as if unset, so other provinces can be added
    assert option_counts(in_ontario, "province") == {"ON": 3, "QC": 1, "MB": 1}
    assert option_counts(in_ontario, "population") == {"youth-12-17": 1}


def test_chosen_option_stays_offered_even_with_no_result(client, catalogue):
    response = client.get("/search?sector=finance")
    assert result_names(response) == []
    assert option_counts(response, "sector")["finance"] == 0
    assert re.search(r'name="sector" value="finance"\s+checked', response.get_data(as_text=True))


def test_values_of_one_facet_are_or_and_facets_are_and(client, catalogue):
    either = client.get("/search?sector=education&sector=victim-services")
    assert result_names(either) == ["Ottawa Helpline", "Quebec School Board"]
    policing_or_health = "/search?sector=policing&sector=health-care"
    assert result_names(client.get(policing_or_health)) == [
        "Lakehead Clinic",
        "Lakehead Police",
        "Prairie Partnership",
    ]
    youth = client.get(policing_or_health + "&population=youth-12-17")
    assert result_names(youth) == ["Lakehead Clinic", "Prairie Partnership"]
    youth_in_ontario = client.get(policing_or_health + "&population=youth-12-17&province=ON")
    assert result_names(youth_in_ontario) == ["Lakehead Clinic"]


def test_flags_filter_and_show_counts(client, catalogue):
    response = client.get("/search")
    assert option_counts(response, "open_24_7") == {"1": 1}
    assert option_counts(response, "online") == {"1": 1}
    assert result_names(client.get("/search?open_24_7=1")) == ["Lakehead Clinic"]
    assert result_names(client.get("/search?online=1")) == ["Quebec School Board"]
    assert result_names(client.get("/search?online=1&open_24_7=1")) == []


def test_active_filters_have_remove_links(client, catalogue):
    response = client.get("/search?sector=policing&open_24_7=1&near=Thunder+Bay")
    html = response.get_data(as_text=True)
    assert 'aria-label="Remove filter: Policing &amp; law enforcement"' in html
    assert 'href="/search?open_24_7=1&amp;near=Thunder+Bay"' not in html  # order is q, facets...
    assert 'href="/search?near=Thunder+Bay&amp;open_24_7=1"' in html  # without the sector
    assert 'href="/search?sector=policing&amp;near=Thunder+Bay"' in html  # without 24/7
    assert 'href="/search?sector=policing&amp;open_24_7=1"' in html  # without the place


# --- Near a place ----------------------------------------------------------------------------


@pytest.fixture
def around_thunder_bay(db):
    located("Current River Clinic", ["health-care"], "Thunder Bay", (48.45, -89.19))
    national = located(
        "Canada-wide Helpline", ["victim-services"], "Halifax", (44.64, -63.57), province="NS"
    )
    ServiceAreaFactory(organization=national, kind="national", province_code=None)
    vancouver = located(
        "Vancouver Youth Centre", ["housing-shelter"], "Vancouver", (49.25, -123.1), province="BC"
    )
    ServiceAreaFactory(organization=vancouver, kind="province", province_code="BC")
    db.session.commit()


def test_near_a_place_shows_nearby_with_distance_then_those_serving_it(client, around_thunder_bay):
    response = client.get("/search?near=Thunder+Bay")
    text = page_text(response)
    assert "Near Thunder Bay, ON — within 50 km" in text
    assert result_names(response) == ["Current River Clinic", "Canada-wide Helpline"]
    # Not a result: with so few nearby it is only listed among the nearest beyond the radius
    # (tests/test_search_serving.py), after the nearby group.
    assert "Vancouver Youth Centre" not in text[: text.index("Nearest beyond 50 km")]
    nearby = text.index("Within 50 km of Thunder Bay, ON")
    serving = text.index("Serves this area")
    assert nearby < text.index("Current River Clinic") < serving
    assert serving < text.index("Canada-wide Helpline")
    assert re.search(r"Current River Clinic 8\.8 km away", text)
    assert "1 within 50 km · 1 serves this area from elsewhere" in text


def test_a_page_starting_in_the_second_group_has_its_heading(client, around_thunder_bay):
    response = client.get("/search?near=Thunder+Bay&per_page=1&page=2")
    assert result_names(response) == ["Canada-wide Helpline"]
    assert "Serves this area" in page_text(response)
    assert "Within 50 km of" not in page_text(response)


def test_map_data_lists_the_page_markers(client, around_thunder_bay):
    data = map_data(client.get("/search?near=Thunder+Bay"))
    assert data["place"] == {
        "name": "Thunder Bay, ON",
        "lat": 48.382,
        "lng": -89.2502,
        "radius_km": 50,
    }
    assert [(m["name"], m["group"]) for m in data["markers"]] == [
        ("Current River Clinic", "nearby"),
        ("Canada-wide Helpline", "serves"),
    ]
    clinic = data["markers"][0]
    assert (clinic["lat"], clinic["lng"]) == (48.45, -89.19)
    assert clinic["url"] == "/organizations/current-river-clinic"
    assert clinic["where"] == "Thunder Bay, Ontario"


def test_map_data_is_inert_and_escaped(client, db):
    located("</script><script>alert(1)</script>", ["policing"], "Thunder Bay", THUNDER_BAY)
    db.session.commit()
    html = client.get("/search").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in html


def test_confidential_location_counts_at_its_city_centre(client, db):
    secret = (48.6543, -89.4321)  # about 30 km from the centre of Thunder Bay
    located(
        "Hidden Harbour Shelter",
        ["housing-shelter"],
        "Thunder Bay",
        secret,
        address="1 Secret Road",
        confidential=True,
    )
    db.session.commit()
    response = client.get("/search?near=Thunder+Bay")
    html = response.get_data(as_text=True)
    assert "Hidden Harbour Shelter Less than 1 km away" in page_text(response)
    marker = map_data(response)["markers"][0]
    assert (marker["lat"], marker["lng"]) == (48.382, -89.2502)
    for fragment in ["48.654", "-89.432", "48.65", "-89.43", "1 Secret Road"]:
        assert fragment not in html


def test_another_place_of_the_same_name_is_offered(client, around_thunder_bay):
    response = client.get("/search?near=Kingston")
    assert "Near Kingston, ON — within 50 km" in page_text(response)
    assert "Did you mean:" in page_text(response)
    assert re.fullmatch(r"/search\?near=Kingston(,|%2C)\+NS", links(response)["Kingston, NS"])


def test_a_close_spelling_is_offered_for_an_unknown_place(client, around_thunder_bay):
    response = client.get("/search?near=Thunderbay&sector=health-care")
    assert "We couldn’t find “Thunderbay”." in page_text(response)
    href = links(response)["Thunder Bay, ON"]
    assert re.fullmatch(r"/search\?sector=health-care&near=Thunder(\+|%20)Bay(,|%2C)\+ON", href)


def test_unknown_place_shows_a_message_and_results_without_distance(client, around_thunder_bay):
    response = client.get("/search?near=Atlantis")
    text = page_text(response)
    assert "We couldn’t find “Atlantis”. Try a city name or postal code." in text
    assert result_names(response) == [
        "Canada-wide Helpline",
        "Current River Clinic",
        "Vancouver Youth Centre",
    ]
    assert "km away" not in text
    assert "Serves this area" not in text


def test_near_a_province_means_in_it(client, around_thunder_bay):
    response = client.get("/search?near=British+Columbia")
    assert "In British Columbia" in page_text(response)
    assert result_names(response) == ["Vancouver Youth Centre"]


def test_no_results_suggest_a_wider_radius_and_fewer_filters(client, around_thunder_bay):
    response = client.get("/search?near=Thunder+Bay&radius_km=5&sector=health-care&q=clinic")
    assert result_names(response) == []
    text = page_text(response)
    assert "Nothing within 5 km of Thunder Bay, ON." in text
    found = links(response)
    wider = "/search?q=clinic&sector=health-care&near=Thunder+Bay&radius_km=10"
    assert found["Search within 10 km"] == wider
    assert found["Search without Health care"] == "/search?q=clinic&near=Thunder+Bay&radius_km=5"
    assert (
        found["Search without “clinic”"]
        == "/search?sector=health-care&near=Thunder+Bay&radius_km=5"
    )
    assert found["Search without Near Thunder Bay"] == "/search?q=clinic&sector=health-care"


def test_radius_choices_keep_an_unusual_value(client, around_thunder_bay):
    html = client.get("/search?near=Thunder+Bay&radius_km=75").get_data(as_text=True)
    values = re.findall(r'<option value="(\d+)"', html)
    assert values == ["10", "25", "50", "75", "100", "250", "500"]
    assert '<option value="75" selected>' in html


def test_search_near_a_place_query_count_does_not_grow_with_results(client, db, count_queries):
    def make(count: int) -> None:
        for n in range(count):
            org = located(f"Org {n} {count}", ["policing"], "Thunder Bay", THUNDER_BAY)
            LocationFactory(organization=org, city="Winnipeg", province_code="MB")
            ServiceAreaFactory(organization=org, kind="national", province_code=None)
        db.session.commit()

    make(3)
    client.get(
        "/search?near=Thunder+Bay"
    )  # the first search after a write refreshes the index mirror
    with count_queries() as few:
        assert len(result_names(client.get("/search?near=Thunder+Bay"))) == 3
    make(12)
    client.get(
        "/search?near=Thunder+Bay"
    )  # the first search after a write refreshes the index mirror
    with count_queries() as many:
        assert len(result_names(client.get("/search?near=Thunder+Bay"))) == 15
    assert len(many) == len(few)


# --- Partners on a profile -------------------------------------------------------------------


def partner_names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'class="partner__name" href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def neighbourhood(db):
    located("Lakehead Youth Police", ["policing"], "Thunder Bay", THUNDER_BAY)
    located("Lakehead Sexual Assault Clinic", ["health-care"], "Thunder Bay", (48.42, -89.26))
    located("Port Arthur School Board", ["education"], "Thunder Bay", (48.44, -89.22))
    located("Another Police Service", ["policing", "legal-justice"], "Thunder Bay", THUNDER_BAY)
    located("Vancouver Clinic", ["health-care"], "Vancouver", (49.25, -123.1), province="BC")
    kenora = located("Kenora Legal Clinic", ["legal-justice"], "Kenora", (49.77, -94.49))
    ServiceAreaFactory(organization=kenora, kind="province", province_code="ON")
    halifax = located(
        "Halifax National Line", ["victim-services"], "Halifax", (44.64, -63.58), province="NS"
    )
    ServiceAreaFactory(organization=halifax, kind="national", province_code=None)
    db.session.commit()


def test_profile_lists_partners_of_other_sectors_nearby(client, neighbourhood):
    response = client.get("/organizations/lakehead-youth-police")
    text = page_text(response)
    assert "Partners nearby in other sectors" in text
    assert partner_names(response) == [
        "Lakehead Sexual Assault Clinic",
        "Port Arthur School Board",
        "Kenora Legal Clinic",  # farther, same province, serves the place
    ]
    assert re.search(r"Lakehead Sexual Assault Clinic Health care Thunder Bay, Ontario \d", text)
    assert re.search(r"Kenora, Ontario \d+ km away, serves this area", text)
    links_found = links(response)
    assert links_found["Every organization near Thunder Bay, ON"] == (
        "/search?near=Thunder+Bay,+ON&radius_km=100"
    )


def test_partners_exclude_the_same_sector_far_away_and_national_ones(client, neighbourhood):
    names = partner_names(client.get("/organizations/lakehead-youth-police"))
    assert "Another Police Service" not in names  # shares "policing"
    assert "Vancouver Clinic" not in names  # far away, does not serve Thunder Bay
    assert "Halifax National Line" not in names  # serves everywhere: left to search
    assert "Lakehead Youth Police" not in names  # itself


def test_partners_show_one_of_each_sector_first():
    def hit(n: int, km: float) -> Hit:
        return Hit(n, f"org {n}", 0.0, km)

    health, education, legal = 1, 2, 4  # sector bit masks
    sectors = {1: health, 2: health, 3: education, 4: legal}
    hits = [hit(1, 1.0), hit(2, 2.0), hit(3, 3.0), hit(4, 4.0)]
    assert [h.organization_id for h in pick_diverse(hits, sectors, 3)] == [1, 3, 4]
    assert [h.organization_id for h in pick_diverse(hits, sectors, 6)] == [1, 3, 4, 2]


def test_a_new_sector_far_down_a_crowded_list_still_becomes_a_partner(client, db):
    """Partners are chosen from a few dozen of a dense city's matches: one new sector after
    many of one kind must not be lost."""
    located("Harbour Police", ["policing"], "Thunder Bay", THUNDER_BAY)
    for n in range(9):  # nine clinics, nearest first
        located(f"Clinic {n}", ["health-care"], "Thunder Bay", (48.39 + n / 100, -89.25))
    located("Far Legal Aid", ["legal-justice"], "Thunder Bay", (48.60, -89.25))
    db.session.commit()
    names = partner_names(client.get("/organizations/harbour-police"))
    assert names == ["Clinic 0", "Far Legal Aid", "Clinic 1", "Clinic 2", "Clinic 3", "Clinic 4"]


def test_confidential_partner_is_measured_from_its_city_centre(client, db):
    located("Lakehead Youth Police", ["policing"], "Thunder Bay", THUNDER_BAY)
    located(
        "Hidden Harbour Shelter",
        ["housing-shelter"],
        "Thunder Bay",
        (48.6543, -89.4321),
        address="1 Secret Road",
        confidential=True,
    )
    db.session.commit()
    response = client.get("/organizations/lakehead-youth-police")
    assert "Thunder Bay, Ontario Less than 1 km away" in page_text(response)
    assert "1 Secret Road" not in response.get_data(as_text=True)


def test_profile_of_an_organization_without_a_place_has_no_partner_panel(client, db):
    OrganizationFactory(name="Online Only", sectors=[sector("policing")])
    db.session.commit()
    response = client.get("/organizations/online-only")
    assert response.status_code == 200
    assert "Partners nearby" not in page_text(response)


def test_profile_query_count_does_not_grow_with_partners(client, db, count_queries):
    located("Lakehead Youth Police", ["policing"], "Thunder Bay", THUNDER_BAY)
    slugs = ["health-care", "education", "legal-justice", "child-protection", "finance"]

    def make(count: int) -> None:
        for n in range(count):
            org = located(f"Partner {n} {count}", [slugs[n % 5]], "Thunder Bay", THUNDER_BAY)
            LocationFactory(organization=org, city="Kenora", province_code="ON")
        db.session.commit()

    make(1)
    client.get("/organizations/lakehead-youth-police")  # refreshes the index mirror
    with count_queries() as few:
        assert len(partner_names(client.get("/organizations/lakehead-youth-police"))) == 1
    make(7)
    client.get("/organizations/lakehead-youth-police")  # refreshes the index mirror
    with count_queries() as many:
        assert len(partner_names(client.get("/organizations/lakehead-youth-police"))) == 6
    # Six nearby partners need no second, province-wide look: never more statements.
    assert len(many) <= len(few)


def test_about_credits_the_place_and_map_data(client):
    text = page_text(client.get("/about"))
    for credit in ["GeoNames", "pypostalcode", "geoBoundaries", "CC BY 4.0", "Leaflet"]:
        assert credit in text
