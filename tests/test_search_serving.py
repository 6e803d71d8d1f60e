"""Search near a place, answer first: why each organization serving the place is listed and
in which order, hiding national and online-only ones, the nearest matches beyond the radius
when few are within it, and a place typed among the keywords offered as ``near``."""

from __future__ import annotations

import html as html_lib

import pytest

from tests.factories import LocationFactory, OrganizationFactory, ServiceAreaFactory
from tests.test_public import page_text, result_names
from tests.test_search_page import links, located

THUNDER_BAY = (48.38202, -89.25018)
SIOUX_LOOKOUT = (50.09906, -91.92158)  # 272 km from Thunder Bay
KENORA = (49.76741, -94.48985)
WINNIPEG = (49.8951, -97.1384)
TORONTO = (43.70011, -79.4163)
HALIFAX = (44.64, -63.57)
MONTREAL = (45.50884, -73.58781)
VANCOUVER = (49.25, -123.1)

# The "serves this area" group near Thunder Bay, in the order it must come in: the most
# specific coverage first, then the nearest, then by name; with the reason of each.
SERVING_ORDER = [
    ("Northern Radius Counselling", "radius", "Within 400 km of Sioux Lookout"),
    ("Manitoba Regional Counselling", "region", "Thunder Bay region"),
    ("Kenora Provincial Counselling", "province", "All of Ontario"),
    ("Both Ways Counselling", "province", "All of Ontario"),  # national too: province wins
    ("Unplaced Ontario Counselling", "province", "All of Ontario"),  # no point: last
    ("Canada Counselling Line", "national", "Across Canada"),
    ("Aaa Online Safety Counselling", "online", "Online service"),
]


def area(org, kind: str, **fields) -> None:
    ServiceAreaFactory(
        organization=org, kind=kind, province_code=fields.pop("province", None), **fields
    )


@pytest.fixture
def thunder_bay(db):
    """One organization within 50 km of Thunder Bay, seven serving it from afar (names put
    the alphabetical order against the expected one) and two that match but do neither."""
    located("Current River Counselling", ["health-care"], "Thunder Bay", (48.45, -89.19))
    online = located(
        "Aaa Online Safety Counselling",
        ["technology-online-safety"],
        "Montréal",
        MONTREAL,
        province="QC",
    )
    area(online, "online")
    national = located(
        "Canada Counselling Line", ["victim-services"], "Halifax", HALIFAX, province="NS"
    )
    area(national, "national")
    unplaced = OrganizationFactory(name="Unplaced Ontario Counselling")
    area(unplaced, "province", province="ON")
    both = located("Both Ways Counselling", ["health-care"], "Toronto", TORONTO)
    area(both, "national")
    area(both, "province", province="ON")
    kenora = located("Kenora Provincial Counselling", ["health-care"], "Kenora", KENORA)
    area(kenora, "province", province="ON")
    regional = located(
        "Manitoba Regional Counselling", ["health-care"], "Winnipeg", WINNIPEG, province="MB"
    )
    area(
        regional,
        "region",
        province="ON",
        region_name="Thunder Bay",
        latitude=THUNDER_BAY[0],
        longitude=THUNDER_BAY[1],
        radius_km=100,
    )
    radius = located("Northern Radius Counselling", ["policing"], "Sioux Lookout", SIOUX_LOOKOUT)
    area(
        radius,
        "radius",
        province="ON",
        latitude=SIOUX_LOOKOUT[0],
        longitude=SIOUX_LOOKOUT[1],
        radius_km=400,
    )
    area(radius, "radius", latitude=WINNIPEG[0], longitude=WINNIPEG[1], radius_km=1000)  # wider
    located("Sioux Lookout Counselling", ["health-care"], "Sioux Lookout", SIOUX_LOOKOUT)
    vancouver = located(
        "Vancouver Counselling", ["health-care"], "Vancouver", VANCOUVER, province="BC"
    )
    area(vancouver, "province", province="BC")
    db.session.commit()


def api(client, query: str) -> dict:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def serving_results(body: dict) -> list[tuple[str, str, str]]:
    return [
        (r["name"], r["serves_because"]["kind"], r["serves_because"]["label"])
        for r in body["results"]
        if r["serves_area"]
    ]


# --- Why, and in which order ----------------------------------------------------------------


def test_the_serving_group_says_why_most_specific_first_then_nearest(client, thunder_bay):
    body = api(client, "q=counselling&near=Thunder+Bay")
    assert serving_results(body) == SERVING_ORDER
    nearby = [r for r in body["results"] if not r["serves_area"]]
    assert [r["name"] for r in nearby] == ["Current River Counselling"]
    assert "serves_because" not in nearby[0]  # nearby results carry no reason
    # Distances are measured for the whole group (the order's second key), none: null.
    distances = {r["name"]: r["distance_km"] for r in body["results"] if r["serves_area"]}
    assert distances["Northern Radius Counselling"] == pytest.approx(272, abs=2)
    assert distances["Unplaced Ontario Counselling"] is None


def test_the_page_shows_each_reason_on_its_card_in_that_order(client, thunder_bay):
    response = client.get("/search?q=counselling&near=Thunder+Bay")
    names = result_names(response)
    assert names == ["Current River Counselling"] + [name for name, _, _ in SERVING_ORDER]
    text = page_text(response)
    for name, _kind, label in SERVING_ORDER:
        assert f"{name} {label}" in text
    assert "Current River Counselling 8.8 km away" in text


def test_the_order_holds_across_pages(client, thunder_bay):
    """The group is ordered whole, not page by page."""
    second = api(client, "q=counselling&near=Thunder+Bay&per_page=3&page=2")
    assert [r["name"] for r in second["results"]] == [name for name, _, _ in SERVING_ORDER[2:5]]


# --- local_only --------------------------------------------------------------------------------


def test_local_only_hides_national_and_online_only_with_counts_and_facets(client, thunder_bay):
    everything = api(client, "q=counselling&near=Thunder+Bay")
    local = api(client, "q=counselling&near=Thunder+Bay&local_only=1")
    assert [name for name, _, _ in serving_results(local)] == [
        name for name, kind, _ in SERVING_ORDER if kind not in ("national", "online")
    ]
    assert local["groups"] == {"nearby": 1, "serves_area": 5}
    assert local["total"] == everything["total"] - 2
    assert "technology-online-safety" in everything["facets"]["sector"]
    assert "technology-online-safety" not in local["facets"]["sector"]
    assert "victim-services" not in local["facets"]["sector"]
    # Hidden on purpose, so not offered again among the nearest beyond the radius.
    beyond = [r["name"] for r in local["nearest_beyond"]]
    assert "Canada Counselling Line" not in beyond
    assert "Aaa Online Safety Counselling" not in beyond


def test_local_only_is_a_control_on_the_page_and_stays_in_links(client, thunder_bay):
    without_place = client.get("/search?q=counselling").get_data(as_text=True)
    assert 'name="local_only"' not in without_place
    response = client.get("/search?q=counselling&near=Thunder+Bay&local_only=1&per_page=2")
    html = response.get_data(as_text=True)
    assert '<input type="checkbox" name="local_only" value="1" checked>' in html
    assert "Canada Counselling Line" not in result_names(response)
    found = links(response)
    assert "local_only=1" in found["2"]  # pagination keeps it
    remove = html_lib.unescape(
        html.split('aria-label="Remove filter: Hide national and online-only services"')[0]
        .rsplit('href="', 1)[1]
        .split('"')[0]
    )
    assert remove == "/search?q=counselling&near=Thunder+Bay&per_page=2"


def test_local_only_is_validated_like_the_other_flags(client, thunder_bay):
    response = client.get("/api/v1/search?near=Thunder+Bay&local_only=maybe")
    assert response.status_code == 400
    assert "“maybe” is not a valid value for local_only." in response.get_json()["messages"]
    page = page_text(client.get("/search?near=Thunder+Bay&local_only=maybe"))
    assert "“maybe” is not a valid value for local_only." in page


# --- The nearest beyond the radius ---------------------------------------------------------------


def test_few_within_the_radius_lists_the_nearest_beyond_it(client, thunder_bay):
    body = api(client, "q=counselling&near=Thunder+Bay")
    beyond = body["nearest_beyond"]
    # Neither nearby nor serving; nearest first; the same words (all match "counselling").
    assert [(r["name"], r["city"]) for r in beyond] == [
        ("Sioux Lookout Counselling", "Sioux Lookout"),
        ("Vancouver Counselling", "Vancouver"),
    ]
    assert beyond[0]["distance_km"] == pytest.approx(272, abs=2)
    assert all(r["serves_area"] is False and "serves_because" not in r for r in beyond)
    assert body["total"] == 8  # not counted among the results


def test_the_nearest_beyond_follow_the_same_filters(client, thunder_bay):
    body = api(client, "q=counselling&near=Thunder+Bay&province=BC")
    assert [r["name"] for r in body["nearest_beyond"]] == ["Vancouver Counselling"]
    body = api(client, "q=vancouver&near=Thunder+Bay")
    assert [r["name"] for r in body["nearest_beyond"]] == ["Vancouver Counselling"]
    # A sector filter with keywords: the full-text query is narrowed by the sector's tokens.
    body = api(client, "q=counselling&sector=health-care&near=Thunder+Bay")
    assert [r["name"] for r in body["nearest_beyond"]] == [
        "Sioux Lookout Counselling",
        "Vancouver Counselling",
    ]
    body = api(client, "q=counselling&sector=health-care&sector=victim-services&near=Kenora")
    assert "Sioux Lookout Counselling" in [r["name"] for r in body["nearest_beyond"]]


def test_five_within_the_radius_need_nothing_beyond(client, db):
    for n in range(5):
        located(f"Harbour Clinic {n}", ["health-care"], "Thunder Bay", THUNDER_BAY)
    located("Sioux Lookout Clinic", ["health-care"], "Sioux Lookout", SIOUX_LOOKOUT)
    db.session.commit()
    assert api(client, "q=clinic&near=Thunder+Bay")["nearest_beyond"] == []
    assert "Nearest beyond" not in page_text(client.get("/search?q=clinic&near=Thunder+Bay"))
    small_pages = api(client, "q=clinic&near=Thunder+Bay&per_page=2")
    assert small_pages["nearest_beyond"] == []  # the group's size counts, not the page's


def test_at_most_five_beyond_nearest_first(client, db):
    for n, km_north in enumerate([9, 2, 7, 4, 6, 8, 3]):  # degrees of latitude north of Kenora
        located(f"Far Clinic {n}", ["health-care"], "Far", (KENORA[0] + km_north, KENORA[1]))
    db.session.commit()
    body = api(client, "q=clinic&near=Kenora")
    assert body["total"] == 0
    assert [r["name"] for r in body["nearest_beyond"]] == [
        "Far Clinic 1",
        "Far Clinic 6",
        "Far Clinic 3",
        "Far Clinic 4",
        "Far Clinic 2",
    ]


def test_nothing_nearby_the_page_starts_with_the_nearest_beyond(client, thunder_bay):
    response = client.get("/search?q=sioux+lookout+counselling&near=Kenora&radius_km=50")
    assert result_names(response) == []  # the list is not results
    text = page_text(response)
    assert "Nothing within 50 km of Kenora, ON." in text
    assert "Nearest beyond 50 km" in text
    assert "Sioux Lookout Counselling Sioux Lookout, ON — 187 km" in text
    wider = "/search?q=sioux+lookout+counselling&near=Kenora&radius_km=100"
    assert links(response)["Search within 100 km"] == wider


def test_the_nearest_beyond_come_after_the_nearby_group_on_the_page(client, thunder_bay):
    text = page_text(client.get("/search?q=counselling&near=Thunder+Bay"))
    nearby = text.index("Current River Counselling")
    beyond = text.index("Nearest beyond 50 km")
    serving = text.index("Serves this area")
    assert nearby < beyond < text.index("Sioux Lookout Counselling Sioux Lookout, ON — 272 km")
    assert beyond < serving
    assert "Search within 100 km" in text
    # Only where the nearby group ends: not again on the next page.
    second = page_text(client.get("/search?q=counselling&near=Thunder+Bay&per_page=3&page=2"))
    assert "Nearest beyond" not in second


# --- A place among the keywords ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "label", "href"),
    [
        (
            "police Thunder Bay",
            "Search for “police” near Thunder Bay, ON",
            "/search?q=police&near=Thunder+Bay",
        ),
        ("Thunder Bay", "Search near Thunder Bay, ON", "/search?near=Thunder+Bay"),
        (
            "P7B 5E1 counselling",
            "Search for “counselling” near P7B — Thunder Bay North Central, ON",
            "/search?q=counselling&near=P7B+5E1",
        ),
        ("Aklavik", "Search near Aklavik, NT", "/search?near=Aklavik"),  # small, and found
        (
            "shelter in Sioux Lookout",
            "Search for “shelter” near Sioux Lookout, ON",
            "/search?q=shelter&near=Sioux+Lookout",
        ),
    ],
)
def test_a_place_among_the_keywords_is_offered_as_near(client, db, q, label, href):
    response = client.get("/search", query_string={"q": q})
    assert links(response)[label] == href
    text = page_text(response)
    assert text.index(label) < text.index("organizations found")  # above the results


@pytest.mark.parametrize(
    "q",
    [
        "hope",  # a town in BC, and a word
        "youth mission",  # a city in BC, and a word
        "evergreen youth",  # a place in Alberta, and a word organizations are named with
        "counselling on",  # "ON" is Ontario only after a place name
        "Thunderbay police",  # close spellings are for the place box, not here
        "police",
    ],
)
def test_no_silly_offers(client, db, q):
    assert api(client, f"q={q}")["place_in_query"] is None
    assert "Search near" not in page_text(client.get("/search", query_string={"q": q}))


def test_the_api_names_the_place_in_the_keywords(client, db):
    body = api(client, "q=police+Thunder+Bay")
    assert body["place_in_query"] == {
        "near": "Thunder Bay",
        "q": "police",
        "place": {"name": "Thunder Bay, ON", "province": "ON", "lat": 48.382, "lng": -89.2502},
    }
    # With a place already given, the keywords stay keywords.
    assert api(client, "q=police+Thunder+Bay&near=Kenora")["place_in_query"] is None


# --- Cost ------------------------------------------------------------------------------------


def test_reasons_and_the_nearest_beyond_cost_the_same_statements_however_many(
    client, db, count_queries
):
    def make(count: int) -> None:
        for n in range(count):
            org = located(
                f"Radius Helper {count} {n}", ["policing"], "Sioux Lookout", SIOUX_LOOKOUT
            )
            area(
                org,
                "radius",
                province="ON",
                latitude=SIOUX_LOOKOUT[0],
                longitude=SIOUX_LOOKOUT[1],
                radius_km=400,
            )
            region = located(
                f"Region Helper {count} {n}", ["policing"], "Winnipeg", WINNIPEG, province="MB"
            )
            area(
                region,
                "region",
                region_name="Thunder Bay",
                latitude=THUNDER_BAY[0],
                longitude=THUNDER_BAY[1],
                radius_km=90,
            )
            located(f"Far Helper {count} {n}", ["policing"], "Kenora", KENORA)
        db.session.commit()

    query = "/search?q=helper&near=Thunder+Bay"
    make(1)
    client.get(query)  # the first search after a write refreshes the index mirror
    with count_queries() as few:
        response = client.get(query)
    assert "Thunder Bay region" in page_text(response)
    make(2)
    client.get(query)
    with count_queries() as many:
        response = client.get(query)
    assert len(result_names(response)) == 6
    assert page_text(response).count("Far Helper") == 3
    assert len(many) == len(few)


def test_the_api_names_the_city_its_distance_is_measured_to(client, db):
    """An organization in Toronto and in Thunder Bay, searched near Thunder Bay: the result
    is 0 km away in Thunder Bay, not in Toronto (its first location)."""
    both = located("Two Cities Counselling", ["health-care"], "Toronto", TORONTO)
    LocationFactory(
        organization=both,
        city="Thunder Bay",
        province_code="ON",
        latitude=THUNDER_BAY[0],
        longitude=THUNDER_BAY[1],
    )
    db.session.commit()
    near = api(client, "q=counselling&near=Thunder+Bay")["results"][0]
    assert (near["name"], near["city"], near["distance_km"]) == (
        "Two Cities Counselling",
        "Thunder Bay",
        pytest.approx(0, abs=1),
    )
    far = api(client, "q=counselling&near=Toronto")["results"][0]
    assert (far["city"], far["distance_km"]) == ("Toronto", pytest.approx(0, abs=5))
