"""Referral pathways as data: a member states them per service, a moderator sees them in the
diff, the profile and the cards show them, search filters on them with counts, the API
carries them, and a search page costs the same statements with the new filters."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from directory.hsds.exporter import export
from directory.hsds.import_run import run_import
from directory.listings.diff import diff_payloads
from directory.listings.payload import read_payload
from directory.models import Organization, Role, Service, Vocabulary
from directory.pathways import ReferralPathway, Summary, pathway_of
from directory.taxonomy import terms_by_slug
from seed.demo_builder import DemoBuilder
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory, UserFactory, term
from tests.listing_helpers import (
    browser_for,
    listing_form,
    only_organization,
    page_text,
    result_names,
    revisions_of,
)
from tests.test_hsds_export import _round_trip, read_json, seed_listings, without_volatile
from tests.test_search_cards import card_html, text_of

PATHWAY = {
    "services-0-referral_sectors": ["health-care", "education"],
    "services-0-self_referral": "y",
    "services-0-self_referral_min_age": "12",
    "services-0-warm_handoff": "y",
    "services-0-first_response": "one_business_day",
    "services-0-no_police_required": "y",
    "services-0-referrer_checklist": "The young person's consent and a safe phone number.",
}


PATHWAY_FIELDS = [name.removeprefix("services-0-") for name in PATHWAY]


def sectors(*slugs: str) -> list:
    return [term("sector", slug) for slug in slugs]


@pytest.fixture
def member(make_client, db):
    user = UserFactory(name="Mina Member")
    db.session.commit()
    return browser_for(make_client, user)


# --- The listing form and the diff ---------------------------------------------------------


def test_the_form_stores_the_pathway_in_the_revision(member):
    assert member.post("/listings/new", data=listing_form(**PATHWAY)).status_code == 302
    service = revisions_of(only_organization())[0].payload["services"][0]
    assert service["referral_sectors"] == ["education", "health-care"]
    assert service["self_referral"] is True and service["self_referral_min_age"] == 12
    assert service["warm_handoff"] is True and service["no_police_required"] is True
    assert service["first_response"] == "one_business_day"
    assert service["referrer_checklist"].startswith("The young person's consent")


@pytest.mark.parametrize(
    ("age", "message"),
    [
        ("30", "Enter an age from 0 to 25, or leave it empty."),
        ("-1", "Enter an age from 0 to 25, or leave it empty."),
        ("twelve", "Not a valid integer value."),
    ],
)
def test_an_age_out_of_range_is_refused_and_the_input_kept(member, age, message):
    response = member.post(
        "/listings/new", data=listing_form(**{**PATHWAY, "services-0-self_referral_min_age": age})
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in page_text(html)
    assert f'value="{age}"' in html
    assert re.search(r'value="health-care"[^>]*checked|checked[^>]*value="health-care"', html)
    assert "The young person&#39;s consent" in html or "The young person's consent" in html


def test_an_age_without_self_referral_is_refused(member):
    data = listing_form(**{**PATHWAY, "services-0-self_referral": ""})
    del data["services-0-self_referral"]
    response = member.post("/listings/new", data=data)
    assert response.status_code == 200
    assert "An age applies only to self-referral" in page_text(response)


def test_an_unknown_first_response_is_refused(member):
    data = listing_form(**{**PATHWAY, "services-0-first_response": "next_year"})
    assert member.post("/listings/new", data=data).status_code == 200


def test_the_moderator_sees_the_pathway_in_words(make_client, db, member):
    member.post("/listings/new", data=listing_form(**PATHWAY))
    revision = revisions_of(only_organization())[0]
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    review = page_text(
        browser_for(make_client, moderator).get(f"/moderation/revisions/{revision.id}")
    )
    assert "Service 1 · Accepts referrals from Education, Health care" in review
    assert "Service 1 · Self-referral from age 12" in review
    assert "Service 1 · Usual first response Within one business day" in review
    assert "one_business_day" not in review and "health-care" not in review


def test_the_diff_of_an_older_payload_shows_what_changed(app, member):
    """A payload stored before pathways existed (version 2) reads as "not said"."""
    member.post("/listings/new", data=listing_form(**PATHWAY))
    after = revisions_of(only_organization())[0].payload
    before = {**after, "schema_version": 2, "services": [dict(after["services"][0])]}
    for name in PATHWAY_FIELDS:
        del before["services"][0][name]
    with app.test_request_context():
        older = read_payload(before, None)  # as the moderation page reads it
        rows = {row.label: (row.before, row.after) for row in diff_payloads(older, after)}
    assert rows["Service 1 · Warm handoff"] == ("No", "Yes")
    assert rows["Service 1 · Self-referral from age"] == ("—", "12")
    assert rows["Service 1 · Accepts referrals from"] == ("—", "Education, Health care")


# --- The profile and the cards -------------------------------------------------------------


@pytest.fixture
def directory_of_three(db):
    """Three organizations: a health clinic young people reach themselves, a school-facing
    program needing no police, and one that says nothing of its pathway."""
    clinic = OrganizationFactory(name="Clinic North", sectors=sectors("health-care"))
    ServiceFactory(
        organization=clinic,
        name="Youth clinic",
        referral_sectors=sectors("health-care", "education"),
        self_referral=True,
        self_referral_min_age=14,
        warm_handoff=True,
        first_response="same_day",
        referrer_checklist="A health card if they have one.",
    )
    LocationFactory(organization=clinic)
    school = OrganizationFactory(name="School Bridge", sectors=sectors("education"))
    ServiceFactory(
        organization=school,
        referral_sectors=sectors("education"),
        no_police_required=True,
        first_response="within_week",
    )
    LocationFactory(organization=school)
    quiet = OrganizationFactory(name="Quiet Shelter", sectors=sectors("housing-shelter"))
    ServiceFactory(organization=quiet)
    LocationFactory(organization=quiet)
    db.session.commit()
    return clinic


def test_the_profile_says_how_to_refer(client, directory_of_three):
    text = page_text(client.get("/organizations/clinic-north"))
    assert "How to refer" in text
    assert "Takes referrals from Health care, Education" in text
    assert "Young people may refer themselves Yes, from age 14" in text
    assert "Warm handoff Yes: the referrer can call with the young person present" in text
    assert "Usual first response The same day" in text
    assert "Police involvement May be required" in text
    assert "What the referrer should have ready A health card if they have one." in text


def test_a_card_shows_the_pathway_badges(client, directory_of_three):
    html = client.get("/search").get_data(as_text=True)
    clinic = text_of(card_html(html, "Clinic North"))
    assert "Self-referral from age 14" in clinic and "Warm handoff" in clinic
    assert "First response: the same day" in clinic
    assert "No police required" not in clinic
    assert "No police required" in text_of(card_html(html, "School Bridge"))
    assert "org-card__pathway" not in card_html(html, "Quiet Shelter")


# --- Search filters with counts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("referral_from=health-care", ["Clinic North"]),
        ("referral_from=education", ["Clinic North", "School Bridge"]),
        ("referral_from=education&referral_from=policing", ["Clinic North", "School Bridge"]),
        ("referral_from=education&no_police_required=1", ["School Bridge"]),
        ("self_referral=1", ["Clinic North"]),
        ("no_police_required=1", ["School Bridge"]),
        ("self_referral=1&no_police_required=1", []),
        ("referral_from=policing", []),
    ],
)
def test_filters_narrow_on_the_page_and_the_api(client, directory_of_three, query, expected):
    assert sorted(result_names(client.get(f"/search?{query}"))) == expected
    body = client.get(f"/api/v1/search?{query}").get_json()
    assert sorted(r["name"] for r in body["results"]) == expected


def test_each_option_counts_as_if_chosen_too(client, directory_of_three):
    facets = client.get("/api/v1/search").get_json()["facets"]
    assert facets["referral_from"] == {"health-care": 1, "education": 2}
    assert facets["flags"]["self_referral"] == 1
    assert facets["flags"]["no_police_required"] == 1
    # OR within the facet: with one sector chosen, the others still count what they'd add.
    chosen = client.get("/api/v1/search?referral_from=health-care").get_json()["facets"]
    assert chosen["referral_from"] == {"health-care": 1, "education": 2}
    assert chosen["flags"]["no_police_required"] == 0  # AND across facets
    flagged = client.get("/api/v1/search?no_police_required=1").get_json()["facets"]
    assert flagged["referral_from"] == {"education": 1}


def test_the_page_offers_the_filters_with_counts(client, directory_of_three):
    html = client.get("/search").get_data(as_text=True)
    text = page_text(html)
    assert "Takes referrals from" in text
    assert 'name="referral_from" value="education"' in html
    assert "Young people may refer themselves 1 organization" in text
    assert "No police involvement required 1 organization" in text


def test_an_unknown_sector_is_a_notice_on_the_page_and_a_400_in_the_api(client, directory_of_three):
    assert "Unknown referring sector “nowhere” was ignored." in page_text(
        client.get("/search?referral_from=nowhere")
    )
    assert client.get("/api/v1/search?referral_from=nowhere").status_code == 400


# --- The API -------------------------------------------------------------------------------


def test_the_api_carries_the_pathway(client, directory_of_three):
    organization = client.get("/api/v1/organizations/clinic-north").get_json()
    assert organization["services"][0]["referral_pathway"] == {
        "accepts_referrals_from": ["health-care", "education"],
        "self_referral": True,
        "self_referral_min_age": 14,
        "warm_handoff": True,
        "first_response": "same_day",
        "no_police_required": False,
        "referrer_checklist": "A health card if they have one.",
    }
    results = client.get("/api/v1/search?referral_from=health-care").get_json()["results"]
    assert results[0]["referral_pathway"] == {
        "accepts_referrals_from": ["health-care", "education"],
        "self_referral": True,
        "self_referral_min_age": 14,
        "warm_handoff": True,
        "first_response": "same_day",
        "no_police_required": False,
    }


# --- The cost of a search page -------------------------------------------------------------


def test_the_filters_cost_no_statement(make_client, db, directory_of_three, count_queries):
    client = make_client()

    def statements(query: str) -> int:
        client.get(f"/search?{query}")  # the first search after a write refreshes the mirror
        with count_queries() as run:
            assert client.get(f"/search?{query}").status_code == 200
        return len(run)

    plain = statements("sector=education")
    assert statements("referral_from=education&self_referral=1") <= plain
    assert statements("referral_from=education&no_police_required=1") == plain


# --- HSDS export and import ----------------------------------------------------------------


@pytest.fixture
def hsds_listings(db):
    seed_listings()
    beds = db.session.scalar(sa.select(Service).filter_by(name="Emergency beds"))
    beds.referral_sectors = sectors("health-care", "child-protection")
    beds.self_referral, beds.self_referral_min_age = True, 16
    beds.warm_handoff = beds.no_police_required = True
    beds.first_response = "same_day"
    beds.referrer_checklist = "A safe number to call back."
    db.session.commit()
    return db


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_pathway_goes_out_as_attributes_and_comes_back(hsds_listings, tmp_path, fmt):
    before, after = _round_trip(hsds_listings, tmp_path, fmt)  # the payloads are equal
    assert without_volatile(after) == without_volatile(before)
    beds = next(s for o in after for s in o["services"] if s["name"] == "Emergency beds")
    pathway = {
        a["taxonomy_term"]["code"]: a.get("value")
        for a in beds["attributes"]
        if a["taxonomy_term"]["taxonomy"] == "directory_referral_pathway"
    }
    assert pathway == {
        "from-health-care": None,
        "from-child-protection": None,
        "self-referral": "16",
        "warm-handoff": None,
        "first-response": "same_day",
        "no-police-required": None,
        "referrer-checklist": "A safe number to call back.",
    }


def test_an_import_keeps_what_it_cannot_use_and_says_so(hsds_listings, tmp_path):
    export(tmp_path / "source.json", "json", include_restricted=True)
    documents = read_json(tmp_path / "source.json")
    beds = next(s for o in documents for s in o["services"] if s["name"] == "Emergency beds")
    strange = {"from-astrology": None, "self-referral": "40", "first-response": "someday"}
    beds["attributes"] = [
        a for a in beds["attributes"] if a["taxonomy_term"]["code"] not in strange
    ] + [
        {
            "id": f"00000000-0000-4000-8000-00000000000{n}",
            "link_id": beds["id"],
            "link_entity": "service",
            "taxonomy_term_id": f"00000000-0000-4000-8000-00000000001{n}",
            "taxonomy_term": {
                "id": f"00000000-0000-4000-8000-00000000001{n}",
                "code": code,
                "name": code,
                "taxonomy": "directory_referral_pathway",
            },
            **({"value": value} if value is not None else {}),
        }
        for n, (code, value) in enumerate(strange.items())
    ]
    (tmp_path / "source.json").write_text(json.dumps(documents), encoding="utf-8")
    for org in hsds_listings.session.scalars(sa.select(Organization)).all():
        hsds_listings.session.delete(org)
    hsds_listings.session.commit()

    report = run_import(tmp_path / "source.json")
    notes = " ".join(report.notes)
    assert "unknown referring sector “astrology”" in notes
    assert "self-referral age “40” is not 0 to 25" in notes
    assert "unknown first response time “someday”" in notes
    service = hsds_listings.session.scalar(sa.select(Service).filter_by(name="Emergency beds"))
    assert {k["code"] for k in service.hsds_attributes} >= set(strange)
    assert [t.slug for t in service.referral_sectors] == ["health-care", "child-protection"]
    assert service.self_referral and service.self_referral_min_age is None
    assert service.first_response is None
    export(tmp_path / "again.json", "json", include_restricted=True)
    again = read_json(tmp_path / "again.json")
    beds = next(s for o in again for s in o["services"] if s["name"] == "Emergency beds")
    codes = [a["taxonomy_term"]["code"] for a in beds["attributes"]]
    assert {"from-astrology", "first-response"} <= set(codes)


# --- Demo data -----------------------------------------------------------------------------


def test_most_demo_services_state_a_varied_pathway(db):
    terms = {vocabulary: terms_by_slug(vocabulary) for vocabulary in Vocabulary}
    services = [
        service
        for listing in DemoBuilder(terms, datetime.now(UTC)).build()
        for service in listing.organization.services
    ]
    described = [s for s in services if pathway_of(s).is_described]
    assert len(described) >= 0.6 * len(services)  # research, policy, media, finance: none
    assert {s.first_response for s in described} >= {"same_day", "one_business_day", "longer"}
    assert {s.self_referral_min_age for s in described if s.self_referral} >= {None, 12, 16}
    assert 0.3 < sum(s.no_police_required for s in described) / len(described) < 0.95
    assert len({t.slug for s in described for t in s.referral_sectors}) >= 10
    # Police services never say that no police are involved.
    police = [
        service
        for listing in DemoBuilder(terms, datetime.now(UTC)).build()
        if listing.organization.sectors[0].slug == "policing"
        for service in listing.organization.services
    ]
    assert police and not any(s.no_police_required for s in police)


def test_a_card_sums_up_its_services_pathways():
    """Any service offering it; the lowest age, unless one takes any age; the fastest reply."""
    summary = Summary()
    summary.add(True, 16, False, "within_week", False)
    summary.add(True, 12, True, "one_business_day", False)
    summary.add(False, 5, False, None, True)  # an age without self-referral counts for nothing
    assert summary.pathway(["education"]) == ReferralPathway(
        sectors=["education"],
        self_referral=True,
        self_referral_min_age=12,
        warm_handoff=True,
        first_response="one_business_day",
        no_police_required=True,
    )
    summary.add(True, None, False, "same_day", False)
    assert summary.pathway([]).self_referral_min_age is None  # any age
    assert summary.pathway([]).first_response == "same_day"
    assert Summary().pathway([]) == ReferralPathway()
