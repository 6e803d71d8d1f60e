"""The search engine on the real database: the same cases pass on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from geopy.distance import geodesic

from directory.geo import locate
from directory.models import OrganizationStatus
from directory.search.bulk import rebuild_index
from directory.search.engine import SearchQuery, hide_before, run_search
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)

THUNDER_BAY = (48.3809, -89.2477)
KENORA = (49.7674, -94.4894)
VANCOUVER = (49.2827, -123.1207)


def org(db, name, *, sectors=(), point=None, city="Thunder Bay", province="ON", **kwargs):
    organization = OrganizationFactory(name=name, **kwargs)
    organization.sectors = [term("sector", s) for s in sectors]
    if point:
        LocationFactory(
            organization=organization,
            city=city,
            province_code=province,
            latitude=point[0],
            longitude=point[1],
        )
    return organization


def names(outcome) -> list[str]:
    return [hit.name for hit in outcome.hits]


def search(db, **kwargs):
    if isinstance(kwargs.get("place"), str):
        kwargs["place"] = locate(kwargs["place"]).place
    db.session.commit()
    return run_search(db.session, SearchQuery(**kwargs))


def test_keywords_match_name_description_and_services_ignoring_case_and_accents(db):
    org(db, "Centre de santé Kiwetin", description="Soins pour les jeunes à Montréal.")
    other = org(db, "Harbour Youth Line")
    ServiceFactory(organization=other, name="Peer counselling", description="Evenings.")
    org(db, "Unrelated Legal Clinic", description="Wills and estates.")
    assert names(search(db, q="sante")) == ["Centre de santé Kiwetin"]
    assert names(search(db, q="MONTREAL")) == ["Centre de santé Kiwetin"]
    assert names(search(db, q="counselling")) == ["Harbour Youth Line"]
    assert names(search(db, q="couns")) == ["Harbour Youth Line"]  # the last word as a prefix
    assert names(search(db, q="peer evenings")) == ["Harbour Youth Line"]  # every word
    assert names(search(db, q="peer wills")) == []


def test_a_word_in_the_name_ranks_above_the_same_word_in_a_description(db):
    org(db, "Northern Clinic", description="We run a shelter program for youth.")
    org(db, "Shelter House", description="Safe beds for youth.")
    assert names(search(db, q="shelter")) == ["Shelter House", "Northern Clinic"]


def test_filters_are_or_within_a_facet_and_and_across_facets(db):
    org(db, "Police Unit", sectors=["policing"], point=THUNDER_BAY)
    org(db, "Clinic", sectors=["health-care"], point=THUNDER_BAY)
    org(db, "Vancouver Clinic", sectors=["health-care"], point=VANCOUVER, province="BC")
    both = search(db, filters={"sector": frozenset({"policing", "health-care"})})
    assert sorted(names(both)) == ["Clinic", "Police Unit", "Vancouver Clinic"]
    across = search(
        db, filters={"sector": frozenset({"health-care"}), "province": frozenset({"ON"})}
    )
    assert names(across) == ["Clinic"]


def test_facet_counts_ignore_their_own_filter_but_respect_the_others(db):
    org(db, "Police Unit", sectors=["policing"], point=THUNDER_BAY)
    org(db, "Clinic", sectors=["health-care"], point=THUNDER_BAY)
    org(db, "Vancouver Clinic", sectors=["health-care"], point=VANCOUVER, province="BC")
    outcome = search(
        db, filters={"sector": frozenset({"health-care"}), "province": frozenset({"ON"})}
    )
    # Sector options: counted within Ontario, whatever sector is chosen.
    assert outcome.facets["sector"] == {"policing": 1, "health-care": 1}
    # Province options: counted among health-care organizations, whatever province is chosen.
    assert outcome.facets["province"] == {"ON": 1, "BC": 1}


def test_flags_filter_and_count(db):
    open_org = org(db, "Always Open")
    ServiceFactory(organization=open_org, open_24_7=True, accepting_referrals=True)
    closed = org(db, "Office Hours")
    ServiceFactory(organization=closed, open_24_7=False, accepting_referrals=False)
    outcome = search(db, flags=frozenset({"open_24_7"}))
    assert names(outcome) == ["Always Open"]
    assert outcome.flag_counts["open_24_7"] == 1
    assert outcome.flag_counts["accepting_referrals"] == 1


def test_near_orders_by_distance_and_keeps_remote_services_in_their_own_group(db):
    org(db, "Kenora Office", point=KENORA, city="Kenora")
    org(db, "Downtown Thunder Bay", point=(48.3820, -89.2460))
    org(db, "Vancouver Only", point=VANCOUVER, province="BC", city="Vancouver")
    national = org(db, "Canada Line")
    ServiceAreaFactory(organization=national, kind="national", province_code=None)
    provincial = org(db, "Ontario Helpline", point=VANCOUVER, province="BC")
    ServiceAreaFactory(organization=provincial, kind="province", province_code="ON")
    outcome = search(db, place="Thunder Bay", radius_km=50)
    # the province before Canada: the more specific coverage first (test_search_serving.py)
    assert names(outcome) == ["Downtown Thunder Bay", "Ontario Helpline", "Canada Line"]
    assert [h.serves_area for h in outcome.hits] == [False, True, True]
    assert outcome.nearby_count == 1 and outcome.serves_area_count == 2
    wider = search(db, place="Thunder Bay", radius_km=500)
    assert names(wider)[:2] == ["Downtown Thunder Bay", "Kenora Office"]


def test_distances_agree_with_geodesic_within_half_a_percent(db):
    org(db, "Kenora Office", point=KENORA, city="Kenora")
    place = locate("Thunder Bay").place
    outcome = search(db, place=place, radius_km=500)
    expected = geodesic(place.point, KENORA).km
    assert outcome.hits[0].distance_km == pytest.approx(expected, rel=0.005)


def test_a_radius_service_area_covering_the_place_counts_as_serving_it(db):
    outreach = org(db, "Kenora Outreach", point=KENORA, city="Kenora")
    ServiceAreaFactory(
        organization=outreach,
        kind="radius",
        province_code="ON",
        latitude=KENORA[0],
        longitude=KENORA[1],
        radius_km=600,
    )
    outcome = search(db, place="Thunder Bay", radius_km=50)
    assert names(outcome) == ["Kenora Outreach"] and outcome.hits[0].serves_area


def test_confidential_location_counts_at_its_city_centre(db):
    shelter = org(db, "Safe House")
    # Its real address sits 30 km out of town; it must count where the town is.
    LocationFactory(
        organization=shelter,
        city="Thunder Bay",
        province_code="ON",
        latitude=48.60,
        longitude=-89.05,
        confidential=True,
    )
    outcome = search(db, place="Thunder Bay", radius_km=5)
    assert names(outcome) == ["Safe House"]
    assert outcome.hits[0].distance_km < 2


def test_listings_not_reverified_for_too_long_leave_search(db):
    old = datetime.now(UTC) - timedelta(days=600)
    org(db, "Stale Listing", verified_at=old)
    org(db, "Fresh Listing")
    cutoff = hide_before(None, 18)
    assert names(search(db, hide_verified_before=cutoff)) == ["Fresh Listing"]


def test_edits_and_unpublishing_reach_the_index_at_commit(db):
    organization = org(db, "Original Name")
    assert names(search(db, q="original")) == ["Original Name"]
    organization.name = "Renamed Collective"
    assert names(search(db, q="original")) == []
    assert names(search(db, q="renamed")) == ["Renamed Collective"]
    service = ServiceFactory(organization=organization, name="Drop-in art therapy")
    assert names(search(db, q="therapy")) == ["Renamed Collective"]
    db.session.delete(service)
    assert names(search(db, q="therapy")) == []
    organization.status = OrganizationStatus.ARCHIVED
    assert names(search(db, q="renamed")) == []


def test_bulk_rebuild_gives_the_same_results_as_incremental_indexing(db):
    org(db, "Police Unit", sectors=["policing"], point=THUNDER_BAY)
    clinic = org(db, "Clinic", sectors=["health-care"], point=THUNDER_BAY)
    ServiceFactory(organization=clinic, name="Counselling", open_24_7=True)
    before = search(db, q="counselling", place="Thunder Bay")
    rebuild_index(db.session)
    after = search(db, q="counselling", place="Thunder Bay")
    assert names(before) == names(after) == ["Clinic"]
    assert before.facets == after.facets and before.flag_counts == after.flag_counts


def test_punctuation_only_keywords_match_nothing(db):
    org(db, "Anything")
    assert names(search(db, q="%%")) == []


def test_an_organization_with_several_locations_counts_at_its_nearest(db):
    two_offices = org(db, "Two Offices", point=VANCOUVER, province="BC", city="Vancouver")
    LocationFactory(
        organization=two_offices,
        city="Thunder Bay",
        province_code="ON",
        latitude=48.3820,
        longitude=-89.2460,
    )
    outcome = search(db, place="Thunder Bay", radius_km=20)
    assert names(outcome) == ["Two Offices"]
    assert outcome.hits[0].distance_km < 1 and not outcome.hits[0].serves_area


def test_any_of_several_regions_covering_the_place_counts_as_serving_it(db):
    outreach = org(db, "Two Regions", point=VANCOUVER, province="BC", city="Vancouver")
    for (lat, lng), km in ((VANCOUVER, 100), (KENORA, 600)):  # only the second reaches
        ServiceAreaFactory(
            organization=outreach,
            kind="radius",
            province_code=None,
            latitude=lat,
            longitude=lng,
            radius_km=km,
        )
    outcome = search(db, place="Thunder Bay", radius_km=50)
    assert names(outcome) == ["Two Regions"] and outcome.hits[0].serves_area
    assert search(db, place="Iqaluit", radius_km=50).total == 0


def test_pages_run_on_from_the_nearby_group_into_the_serving_group(db):
    for n, km in enumerate((1, 3, 5)):
        org(db, f"Near {n}", point=(THUNDER_BAY[0] + km / 111, THUNDER_BAY[1]))
    for name in ("Zeta Line", "Alpha Line", "Mu Line"):
        ServiceAreaFactory(organization=org(db, name), kind="national", province_code=None)
    outcome = search(db, place="Thunder Bay", radius_km=50)
    everything = [h.name for h in outcome.slice(0, 6)]
    assert everything == ["Near 0", "Near 1", "Near 2", "Alpha Line", "Mu Line", "Zeta Line"]
    assert [h.name for h in outcome.slice(2, 4)] == ["Near 2", "Alpha Line"]
    assert [h.name for h in outcome.slice(4, 10)] == ["Mu Line", "Zeta Line"]
