"""The "Step-free entrance" search filter (issue 17): organizations with a location that has
a step-free entrance, counted like the other flags, on the page, the API and after a bulk
rebuild. A confidential location's features name no place: it counts too."""

from __future__ import annotations

import pytest

from directory.search.bulk import rebuild_index
from directory.search.engine import SearchQuery, run_search
from tests.factories import LocationFactory, OrganizationFactory
from tests.listing_helpers import page_text


@pytest.fixture
def places(db):
    ramp = OrganizationFactory(name="Ramp House")
    LocationFactory(organization=ramp, accessibility=["step_free_entrance", "elevator"])
    shelter = OrganizationFactory(name="Quiet Shelter")
    LocationFactory(organization=shelter, confidential=True, accessibility=["step_free_entrance"])
    stairs = OrganizationFactory(name="Upstairs Clinic")
    LocationFactory(organization=stairs, accessibility=["elevator"])
    db.session.commit()


def outcome_of(db, **kwargs):
    return run_search(db.session, SearchQuery(**kwargs))


def test_the_filter_keeps_step_free_places_and_counts_them(db, places):
    everything = outcome_of(db)
    assert everything.flag_counts["step_free"] == 2
    step_free = outcome_of(db, flags=frozenset({"step_free"}))
    assert sorted(hit.name for hit in step_free.hits) == ["Quiet Shelter", "Ramp House"]
    rebuild_index(db.session)
    db.session.commit()
    again = outcome_of(db, flags=frozenset({"step_free"}))
    assert sorted(hit.name for hit in again.hits) == ["Quiet Shelter", "Ramp House"]
    assert outcome_of(db).flag_counts["step_free"] == 2


def test_the_page_and_the_api_offer_it(client, places):
    page = page_text(client.get("/search"))
    assert "Step-free entrance 2 organizations" in page
    filtered = client.get("/search?step_free=1")
    assert "Upstairs Clinic" not in page_text(filtered) and "Ramp House" in page_text(filtered)
    body = client.get("/api/v1/search?step_free=1").get_json()
    assert sorted(r["name"] for r in body["results"]) == ["Quiet Shelter", "Ramp House"]
    assert body["facets"]["flags"]["step_free"] == 2
