"""The HSDS read API under /api/hsds/: public data only (as /api/v1), the paged envelope,
filters, postcode and proximity, clear 4xx for bad input, and no N+1 queries."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.extensions import db as _db
from directory.hsds import ids
from directory.hsds.taxonomies import Term
from directory.models import Organization
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceFactory,
    term,
)
from tests.test_hsds_export import seed_listings


@pytest.fixture
def listings(db):
    seed_listings()
    db.session.commit()
    return db


def org_named(name: str) -> Organization:
    return _db.session.scalar(sa.select(Organization).filter_by(name=name))


def test_the_index_says_which_hsds_version(client, db):
    body = client.get("/api/hsds/").get_json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/schema/openapi.json")


def test_an_organization_has_its_services_places_and_public_contacts_only(client, listings):
    shelter = org_named("Harbour House")
    response = client.get(f"/api/hsds/organizations/{shelter.hsds_id}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for secret in ("1 Secret Lane", "P9N 1A1", "49.77", "Night intake", "on-call worker"):
        assert secret not in text
    body = response.get_json()
    assert body["id"] == str(shelter.hsds_id)
    assert [s["name"] for s in body["services"]] == ["Emergency beds", "Outreach"]
    assert body["locations"][0]["addresses"][0]["city"] == "Kenora"
    assert [c["name"] for c in body["contacts"]] == ["Front desk"]
    codes = {a["taxonomy_term"]["code"] for a in body["services"][0]["attributes"]}
    assert {"emergency-shelter", "girls-women", "open-24-7", "referral-professional"} <= codes


def test_a_service_at_a_confidential_location_shows_only_the_city(client, listings):
    shelter = org_named("Harbour House")
    service, location = shelter.services[0], shelter.locations[0]
    sal_id = ids.service_at_location_id(service.hsds_id, location.hsds_id)
    body = client.get(f"/api/hsds/service_at_locations/{sal_id}").get_json()
    assert body["id"] == sal_id and body["service_id"] == str(service.hsds_id)
    assert body["location"]["addresses"][0]["address_1"] == ""
    assert "latitude" not in body["location"]
    assert "Night intake" not in str(body)
    listed = client.get("/api/hsds/service_at_locations?full=true").get_data(as_text=True)
    assert "1 Secret Lane" not in listed and "49.77" not in listed


def test_unpublished_organizations_are_nowhere(client, listings):
    draft = org_named("Unfinished Draft")
    ServiceFactory(organization=draft, name="Draft service")
    listings.session.commit()
    assert client.get(f"/api/hsds/organizations/{draft.hsds_id}").status_code == 404
    names = [o["name"] for o in client.get("/api/hsds/organizations").get_json()["contents"]]
    assert "Unfinished Draft" not in names
    services = client.get("/api/hsds/services").get_json()["contents"]
    assert "Draft service" not in [s["name"] for s in services]


def test_the_paged_envelope(client, listings):
    body = client.get("/api/hsds/services?per_page=2&page=2").get_json()
    assert body["total_items"] == 3
    assert (body["total_pages"], body["page_number"], body["size"]) == (2, 2, 1)
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, True, False)
    empty = client.get("/api/hsds/services?page=9").get_json()
    assert empty["empty"] is True and empty["contents"] == []


def test_filters_by_organization_term_taxonomy_and_search(client, listings):
    shelter = org_named("Harbour House")
    by_org = client.get(f"/api/hsds/services?organization_id={shelter.hsds_id}").get_json()
    assert {s["name"] for s in by_org["contents"]} == {"Emergency beds", "Outreach"}
    shelter_term = Term("service_type", "emergency-shelter", "Emergency shelter")
    by_term = client.get(f"/api/hsds/services?taxonomy_term_id={shelter_term.id}").get_json()
    assert [s["name"] for s in by_term["contents"]] == ["Emergency beds"]
    health = Term("sector", "health-care", "Health care")
    by_sector = client.get(f"/api/hsds/services?taxonomy_term_id={health.id}").get_json()
    assert [s["name"] for s in by_sector["contents"]] == ["Forensic exams"]
    languages = ids.taxonomy_id("language")
    by_taxonomy = client.get(f"/api/hsds/services?taxonomy_id={languages}").get_json()
    assert [s["name"] for s in by_taxonomy["contents"]] == ["Emergency beds"]
    found = client.get("/api/hsds/services?search=forensic").get_json()
    assert [s["name"] for s in found["contents"]] == ["Forensic exams"]
    nothing = client.get("/api/hsds/services?taxonomy_term_id=nope").get_json()
    assert nothing["total_items"] == 0


def test_postcode_and_proximity(client, listings):
    def names(query: str) -> list[str]:
        response = client.get(f"/api/hsds/service_at_locations?{query}")
        assert response.status_code == 200, response.get_json()
        return [item["service"]["name"] for item in response.get_json()["contents"]]

    assert names("postcode=S4P") == ["Forensic exams"]
    assert names("postcode=S4P%203Y2") == ["Forensic exams"]
    assert names("postcode=P9N") == []  # a confidential postal code is not public
    # Regina's clinic is within 10 km of S4P; Kenora's shelter, placed at its city's
    # centre, within 20 km of P9N; Winnipeg (R3C) is 200 km from Kenora.
    assert names("postcode=S4P&proximity=10000") == ["Forensic exams"]
    assert names("postcode=P9N&proximity=20000") == ["Emergency beds", "Outreach"]
    assert names("postcode=R3C&proximity=100000") == []
    assert names("postcode=R3C&proximity=250000") == ["Emergency beds", "Outreach"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("/services?page=0", "page must be a whole number"),
        ("/services?per_page=1000", "per_page must be a whole number"),
        ("/services?full=maybe", "full must be true or false"),
        ("/services?modified_after=yesterday", "modified_after must be a date"),
        ("/organizations?format=ndjson", "Only format=json"),
        ("/service_at_locations?proximity=100", "proximity needs a postcode"),
        ("/service_at_locations?postcode=S4P&proximity=far", "proximity must be a distance"),
        ("/service_at_locations?postcode=ZZZ&proximity=100", "not a Canadian postal code"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, db, query, message):
    response = client.get(f"/api/hsds{query}")
    assert response.status_code == 400
    assert message in " ".join(response.get_json()["messages"])


@pytest.mark.parametrize(
    "path", ["organizations", "services", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_unknown_or_malformed_ids_are_a_404(client, db, path):
    assert client.get(f"/api/hsds/{path}/8e0c1b9a-0000-4000-8000-000000000000").status_code == 404
    assert client.get(f"/api/hsds/{path}/not-a-uuid").status_code == 404


def test_taxonomies_and_their_terms(client, db):
    taxonomies = client.get("/api/hsds/taxonomies").get_json()["contents"]
    sector = next(t for t in taxonomies if "sectors" in t["name"])
    assert client.get(f"/api/hsds/taxonomies/{sector['id']}").get_json() == sector
    terms = client.get(f"/api/hsds/taxonomy_terms?taxonomy_id={sector['id']}&per_page=100")
    codes = [t["code"] for t in terms.get_json()["contents"]]
    assert "policing" in codes and "counselling" not in codes
    policing = Term("sector", "policing", "")
    body = client.get(f"/api/hsds/taxonomy_terms/{policing.id}").get_json()
    assert (body["code"], body["taxonomy"]) == ("policing", "sector")


def _more_listings(count: int) -> None:
    for n in range(count):
        org = OrganizationFactory(name=f"Listing {n}", sectors=[term("sector", "policing")])
        ServiceFactory(organization=org, types=[term("service_type", "investigation")])
        LocationFactory(organization=org)
    _db.session.commit()


@pytest.mark.parametrize(
    "query",
    [
        "/services?per_page={n}",
        "/services?full=true&per_page={n}",
        "/organizations?per_page={n}",
        "/organizations?full=true&per_page={n}",
        "/service_at_locations?per_page={n}",
        "/service_at_locations?full=true&per_page={n}",
        "/service_at_locations?postcode=P7B&proximity=50000&per_page={n}",
    ],
)
def test_a_page_costs_the_same_queries_whatever_its_size(client, db, count_queries, query):
    _more_listings(12)
    client.get("/api/hsds/taxonomies")  # the first request of the session sets things up
    with count_queries() as small:
        assert client.get("/api/hsds" + query.format(n=2)).status_code == 200
    with count_queries() as large:
        body = client.get("/api/hsds" + query.format(n=12)).get_json()
    assert body["size"] == 12
    assert len(large) == len(small)


def test_one_organization_costs_the_same_queries_whatever_its_size(client, db, count_queries):
    small, large = OrganizationFactory(name="Small"), OrganizationFactory(name="Large")
    for org, parts in ((small, 1), (large, 9)):
        for n in range(parts):
            ServiceFactory(organization=org, name=f"Service {n}")
            LocationFactory(organization=org)
    _db.session.commit()
    client.get("/api/hsds/taxonomies")

    def cost(org: Organization) -> tuple[int, int]:
        service, location = org.services[0], org.locations[0]
        sal_id = ids.service_at_location_id(service.hsds_id, location.hsds_id)
        counts = []
        for url in (f"/organizations/{org.hsds_id}", f"/service_at_locations/{sal_id}"):
            with count_queries() as statements:
                assert client.get(f"/api/hsds{url}").status_code == 200
            counts.append(len(statements))
        return tuple(counts)

    assert cost(large) == cost(small)
