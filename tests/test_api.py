"""JSON API v1: the shape of each endpoint, filters, places, errors and what must never leak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.models import AreaKind, ContactVisibility, OrganizationStatus
from directory.taxonomy import LANGUAGES, POPULATIONS, PROVINCES, SECTORS, SERVICE_TYPES
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)


@pytest.fixture
def commit(db):
    """Factories only flush; requests should see committed rows, as in production."""
    return db.session.commit


def names(response) -> list[str]:
    return [result["name"] for result in response.get_json()["results"]]


def assert_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"]
    assert body["messages"]
    assert all(isinstance(message, str) and message for message in body["messages"])
    return body


@pytest.fixture
def thunder_bay_orgs(db, commit):
    """Near Thunder Bay: one in town, one serving all of Ontario from Toronto, one far away."""
    in_town = OrganizationFactory(
        name="Lakehead Youth Centre", sectors=[term("sector", "health-care")]
    )
    LocationFactory(organization=in_town, city="Thunder Bay", latitude=48.3809, longitude=-89.2477)
    ServiceFactory(
        organization=in_town, open_24_7=True, types=[term("service_type", "counselling")]
    )
    provincial = OrganizationFactory(name="Ontario Helpline", sectors=[term("sector", "policing")])
    LocationFactory(organization=provincial, city="Toronto", latitude=43.65, longitude=-79.38)
    ServiceAreaFactory(organization=provincial, kind=AreaKind.PROVINCE, province_code="ON")
    far = OrganizationFactory(name="Coastal Outreach", sectors=[term("sector", "health-care")])
    LocationFactory(
        organization=far, city="Vancouver", province_code="BC", latitude=49.28, longitude=-123.12
    )
    commit()
    return in_town, provincial, far


# --- /api/v1/search ---------------------------------------------------------------------------


def test_search_returns_the_documented_shape(client, thunder_bay_orgs):
    response = client.get("/api/v1/search")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"].startswith("public")
    assert "Accept-Language" in response.headers["Vary"]
    body = response.get_json()
    assert body["total"] == 3
    assert (body["page"], body["per_page"], body["pages"]) == (1, 20, 1)
    assert body["place"] is None
    assert body["groups"] == {"nearby": 3, "serves_area": 0}
    assert set(body["facets"]) == {
        "sector",
        "service",
        "population",
        "language",
        "province",
        "referral_from",
        "flags",
    }
    assert body["facets"]["sector"] == {"health-care": 2, "policing": 1}
    assert body["facets"]["flags"]["open_24_7"] == 1
    first = next(r for r in body["results"] if r["name"] == "Lakehead Youth Centre")
    assert first == {
        "slug": "lakehead-youth-centre",
        "name": "Lakehead Youth Centre",
        "sectors": ["health-care"],
        "city": "Thunder Bay",
        "province": "ON",
        "distance_km": None,
        "serves_area": False,
        "url": "http://localhost/organizations/lakehead-youth-centre",
        "phone": None,
        "accepting_referrals": True,
        "populations": [],
        "referral_methods": ["both"],
        "languages": [],
        "referral_pathway": {
            "accepts_referrals_from": [],
            "self_referral": False,
            "self_referral_min_age": None,
            "warm_handoff": False,
            "first_response": None,
            "no_police_required": False,
        },
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=health-care", ["Coastal Outreach", "Lakehead Youth Centre"]),
        ("sector=health-care&province=ON", ["Lakehead Youth Centre"]),
        ("province=on", ["Lakehead Youth Centre", "Ontario Helpline"]),
        ("service=counselling", ["Lakehead Youth Centre"]),
        ("open_24_7=1", ["Lakehead Youth Centre"]),
        ("q=helpline", ["Ontario Helpline"]),
    ],
)
def test_search_filters(client, thunder_bay_orgs, query, expected):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 200
    assert sorted(names(response)) == expected


def test_search_near_a_place_gives_distances_then_organizations_serving_it(
    client, thunder_bay_orgs
):
    body = client.get("/api/v1/search?near=Thunder+Bay,+ON&radius_km=25").get_json()

    assert body["place"]["name"] == "Thunder Bay, ON"
    assert body["place"]["province"] == "ON"
    assert body["place"]["lat"] == pytest.approx(48.38, abs=0.1)
    assert body["place"]["lng"] == pytest.approx(-89.25, abs=0.1)
    assert names_of(body) == ["Lakehead Youth Centre", "Ontario Helpline"]
    nearby, serving = body["results"]
    assert nearby["serves_area"] is False
    assert nearby["distance_km"] == round(nearby["distance_km"], 1) < 25
    assert serving["serves_area"] is True
    assert serving["distance_km"] is None or serving["distance_km"] > 25
    assert body["groups"] == {"nearby": 1, "serves_area": 1}
    assert body["total"] == 2


def names_of(body: dict) -> list[str]:
    return [result["name"] for result in body["results"]]


def test_search_pages(client, db, commit):
    for n in range(5):
        OrganizationFactory(name=f"Organization {n}")
    commit()

    body = client.get("/api/v1/search?per_page=2&page=3").get_json()

    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (5, 3, 2, 3)
    assert names_of(body) == ["Organization 4"]
    assert_error(client.get("/api/v1/search?per_page=2&page=4"), 404)


def test_search_leaves_out_unpublished_and_stale_listings(client, db, commit):
    OrganizationFactory(name="Current")
    OrganizationFactory(name="Draft", status=OrganizationStatus.DRAFT)
    OrganizationFactory(name="Stale", verified_at=datetime.now(UTC) - timedelta(days=600))
    commit()
    assert names(client.get("/api/v1/search")) == ["Current"]


@pytest.mark.parametrize(
    "query",
    [
        "sector=no-such-sector",
        "province=ZZ",
        "radius_km=abc",
        "per_page=0",
        "per_page=1000",
        "page=-1",
        "open_24_7=maybe",
    ],
)
def test_bad_parameters_are_refused_with_messages(client, query):
    body = assert_error(client.get(f"/api/v1/search?{query}"), 400)
    assert body["error"] == "Bad Request"


def test_unknown_place_is_refused_with_suggestions(client):
    body = assert_error(client.get("/api/v1/search?near=Thunder+Bey"), 400)
    assert "Thunder Bey" in body["messages"][0]
    assert {"name": "Thunder Bay, ON", "province": "ON"} in body["did_you_mean"]


def test_empty_search_is_not_an_error(client):
    body = client.get("/api/v1/search?q=nothing+matches+this").get_json()
    assert (body["total"], body["results"], body["pages"]) == (0, [], 1)


# --- /api/v1/organizations/<slug> -----------------------------------------------------------


VERIFIED_AT = datetime.now(UTC).replace(hour=14, minute=5, second=7, microsecond=123) - timedelta(
    days=3
)


@pytest.fixture
def shelter(db, commit):
    org = OrganizationFactory(
        name="Safe Harbour Shelter",
        alternate_name="SHS",
        website="https://safeharbour.example.org",
        email="info@safeharbour.example.org",
        phone="+1 807-555-0111",
        sectors=[term("sector", "housing-shelter")],
        verified_at=VERIFIED_AT,
    )
    LocationFactory(
        organization=org,
        name="Secret house",
        address="742 Hidden Lane",
        city="Kenora",
        postal_code="P9N 3X7",
        latitude=49.7712,
        longitude=-94.4655,
        confidential=True,
    )
    LocationFactory(organization=org, name="Drop-in office", address="12 Main Street")
    service = ServiceFactory(
        organization=org,
        name="Emergency beds",
        types=[term("service_type", "emergency-shelter")],
        populations=[term("population", "youth-12-17")],
        languages=[term("language", "en"), term("language", "oj")],
        eligibility="Youth 12 to 17.",
        fees="Free",
        referral_method="professional",
        intake_hours="24 hours",
        open_24_7=True,
    )
    ServiceAreaFactory(
        organization=org,
        service_id=service.id,
        kind=AreaKind.RADIUS,
        province_code="ON",
        latitude=49.7712,
        longitude=-94.4655,
        radius_km=150,
    )
    ServiceAreaFactory(organization=org, kind=AreaKind.PROVINCE, province_code="ON")
    ReferralContactFactory(organization=org, name="Front desk", email="desk@example.org")
    ReferralContactFactory(
        organization=org,
        name="Night Supervisor Restricted",
        email="night-direct@example.org",
        phone="+1 807-555-0199",
        visibility=ContactVisibility.PROFESSIONALS,
    )
    commit()
    return org


def test_profile_returns_the_public_listing(client, shelter):
    response = client.get("/api/v1/organizations/safe-harbour-shelter")

    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    body = response.get_json()
    assert body["name"] == "Safe Harbour Shelter"
    assert body["alternate_name"] == "SHS"
    assert body["sectors"] == ["housing-shelter"]
    assert body["verified_at"] == VERIFIED_AT.strftime("%Y-%m-%dT14:05:07Z")
    assert body["url"] == "http://localhost/organizations/safe-harbour-shelter"
    assert body["service_areas"] == [
        {
            "kind": "province",
            "province": "ON",
            "region": None,
            "radius_km": None,
            "description": "Ontario",
        }
    ]
    (service,) = body["services"]
    assert service["service_types"] == ["emergency-shelter"]
    assert service["populations"] == ["youth-12-17"]
    assert service["languages"] == ["en", "oj"]
    assert (service["eligibility"], service["fees"], service["intake_hours"]) == (
        "Youth 12 to 17.",
        "Free",
        "24 hours",
    )
    assert service["referral_method"] == "professional"
    assert (service["open_24_7"], service["accepting_referrals"]) == (True, True)
    assert service["service_areas"][0]["kind"] == "radius"
    assert service["service_areas"][0]["radius_km"] == 150
    assert service["service_areas"][0]["description"] == "Within 150 km of Kenora"
    assert [c["name"] for c in body["referral_contacts"]] == ["Front desk"]


def test_confidential_location_is_city_and_province_only(client, shelter):
    response = client.get("/api/v1/organizations/safe-harbour-shelter")
    confidential, office = response.get_json()["locations"]
    assert confidential == {
        "name": None,
        "address": None,
        "city": "Kenora",
        "province": "ON",
        "postal_code": None,
        "confidential": True,
        "phones": [],
        "accessibility": [],
        "accessibility_note": None,
    }
    assert office["address"] == "12 Main Street"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/organizations/safe-harbour-shelter", "/api/v1/search", "/api/v1/search?near=Kenora"],
)
def test_nothing_confidential_or_restricted_leaks(client, shelter, url):
    text = client.get(url).get_data(as_text=True)
    for secret in [
        "Secret house",
        "Hidden Lane",
        "P9N",
        "49.771",
        "-94.465",
        "latitude",
        "longitude",
        "Night Supervisor",
        "night-direct",
        "555-0199",
        "professionals",
    ]:
        assert secret not in text


@pytest.mark.parametrize("slug", ["no-such-org", "draft-org"])
def test_unknown_or_unpublished_profile_is_404_json(client, db, commit, slug):
    OrganizationFactory(name="Draft Org", status=OrganizationStatus.DRAFT)
    commit()
    assert_error(client.get(f"/api/v1/organizations/{slug}"), 404)


def test_unknown_api_path_is_404_json(client):
    assert_error(client.get("/api/v1/no-such-endpoint"), 404)


# --- /api/v1/taxonomy and /api/v1/openapi.json --------------------------------------------


def test_taxonomy_lists_every_vocabulary_in_both_languages(client):
    response = client.get("/api/v1/taxonomy")
    assert response.status_code == 200
    body = response.get_json()
    expected = {
        "sectors": ("slug", SECTORS),
        "service_types": ("slug", SERVICE_TYPES),
        "populations": ("slug", POPULATIONS),
        "languages": ("code", LANGUAGES),
        "provinces": ("code", PROVINCES),
    }
    for key, (identifier, terms) in expected.items():
        assert body[key] == [
            {identifier: value, "name_en": en, "name_fr": fr} for value, en, fr in terms
        ]
    assert body["parameters"]["sector"] == "sectors"


def test_openapi_document_describes_the_five_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.0")
    assert set(document["paths"]) == {
        "/api/v1/search",
        "/api/v1/organizations/{slug}",
        "/api/v1/taxonomy",
        "/api/v1/response",
        "/api/v1/openapi.json",
    }
    search = document["paths"]["/api/v1/search"]["get"]
    documented = {p["name"] for p in search["parameters"]}
    assert documented == {
        "q",
        "sector",
        "service",
        "population",
        "language",
        "province",
        "near",
        "radius_km",
        "open_24_7",
        "accepting_referrals",
        "online",
        "referral_from",
        "self_referral",
        "no_police_required",
        "open_now",
        "step_free",
        "local_only",
        "page",
        "per_page",
    }
    assert set(search["responses"]) == {"200", "400", "404"}
