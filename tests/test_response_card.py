"""The local response card (/response and /api/v1/response): per role, the nearest
organizations within 250 km, nearest first; where none is, the gap and the nearest beyond;
confidential locations counted at their public point; the direct line only for a vetted
professional; a clear 400 for a place it cannot make a card for."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.models import AuditEvent, ContactVisibility, ReferralMethod
from directory.response.roles import ROLES
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for, page_text

KENORA = (49.7670, -94.4894)
DIRECT_PHONE = "+1 807-555-0177"


def located(name: str, sector: str, city: str, lat: float, lng: float, **location):
    org = OrganizationFactory(name=name, sectors=[term("sector", sector)], phone="+1 807-555-0101")
    ServiceFactory(organization=org, accepting_referrals=True, referral_method=ReferralMethod.BOTH)
    LocationFactory(organization=org, city=city, latitude=lat, longitude=lng, **location)
    return org


@pytest.fixture
def around_kenora(db):
    police = located("Lakeside Police", "policing", "Kenora", 49.770, -94.480)
    located("Dryden Police", "policing", "Dryden", 49.783, -92.837)
    located("Fort Frances Police", "policing", "Fort Frances", 48.609, -93.399)
    located("Sioux Lookout Police", "policing", "Sioux Lookout", 50.097, -91.922)
    # Really in Kenora, but confidential and filed under Sioux Lookout: it may only ever
    # count at Sioux Lookout's centre (about 187 km), never at its own point.
    located(
        "Hidden Harbour Victim Services",
        "victim-services",
        "Sioux Lookout",
        49.768,
        -94.488,
        province_code="ON",
        confidential=True,
    )
    located("Lakehead Survivor Circle", "survivor-led", "Thunder Bay", 48.381, -89.248)
    stale = located("Old Kenora Clinic", "health-care", "Kenora", 49.767, -94.489)
    stale.verified_at = datetime.now(UTC) - timedelta(days=800)  # out of search
    ReferralContactFactory(
        organization=police,
        name="Detective desk",
        phone=DIRECT_PHONE,
        visibility=ContactVisibility.PROFESSIONALS,
    )
    db.session.commit()
    return police


def role(card: dict, slug: str) -> dict:
    return next(r for r in card["roles"] if r["role"] == slug)


def test_roles_in_order_nearest_first_within_250_km(client, around_kenora):
    card = client.get("/api/v1/response?near=Kenora").get_json()

    shown = [r["role"] for r in card["roles"]]
    expected = [r.slug for r in ROLES if not r.where_listed]
    assert shown == expected  # no specialized unit nor sexual-assault care listed here
    police = role(card, "police")
    assert [e["name"] for e in police["nearby"]] == [
        "Lakeside Police",
        "Dryden Police",
        "Fort Frances Police",
    ]  # three at most: Sioux Lookout (187 km) is the fourth
    km = [e["distance_km"] for e in police["nearby"]]
    assert km == sorted(km) and km[0] < 2 and 100 < km[1] < 130 and 140 < km[2] < 160
    assert police["gap"] is False and police["nearest_beyond"] is None
    first = police["nearby"][0]
    assert first["phone"] == "+1 807-555-0101" and first["accepting_referrals"] is True
    assert first["referral_methods"] == ["both"] and first["last_confirmed"].endswith("Z")


def test_a_gap_names_the_nearest_beyond(client, around_kenora):
    card = client.get("/api/v1/response?near=Kenora").get_json()

    survivor = role(card, "survivor-led")
    assert survivor["gap"] is True and survivor["nearby"] == []
    beyond = survivor["nearest_beyond"]
    assert beyond["name"] == "Lakehead Survivor Circle" and beyond["city"] == "Thunder Bay"
    assert 400 < beyond["distance_km"] < 420
    html = client.get("/response?near=Kenora").get_data(as_text=True)
    assert re.search(r"Gap:</strong>\s*none within 250 km; nearest: Thunder Bay, 41\d km", html)


def test_an_organization_out_of_search_is_not_on_the_card(client, around_kenora):
    card = client.get("/api/v1/response?near=Kenora").get_json()

    health = role(card, "health-care")
    assert health["gap"] is True and health["nearest_beyond"] is None
    assert "Old Kenora Clinic" not in client.get("/response?near=Kenora").get_data(as_text=True)


def test_a_confidential_location_counts_at_its_public_point_only(client, around_kenora):
    card = client.get("/api/v1/response?near=Kenora").get_json()

    victim = role(card, "victim-services")
    entry = victim["nearby"][0]
    assert entry["name"] == "Hidden Harbour Victim Services"
    assert entry["city"] == "Sioux Lookout"
    assert 180 < entry["distance_km"] < 195  # its city's centre, not its own point (0.1 km)
    html = client.get("/response?near=Kenora").get_data(as_text=True)
    assert "-94.488" not in html and "49.768" not in html


def test_where_listed_roles_appear_when_one_is_near(client, db, around_kenora):
    unit = located("Lakeside Online Unit", "policing", "Kenora", 49.77, -94.48)
    ServiceFactory(organization=unit, types=[term("service_type", "online-exploitation-reporting")])
    db.session.commit()

    card = client.get("/api/v1/response?near=Kenora").get_json()

    shown = [r["role"] for r in card["roles"]]
    assert shown.index("police-specialized-unit") == shown.index("police") + 1
    unit_role = role(card, "police-specialized-unit")
    assert [e["name"] for e in unit_role["nearby"]] == ["Lakeside Online Unit"]


def test_the_direct_line_only_for_a_vetted_professional(make_client, db, around_kenora):
    vetted = UserFactory(professional_verified_at=datetime.now(UTC))
    member = UserFactory()
    db.session.commit()

    assert DIRECT_PHONE not in make_client().get("/response?near=Kenora").get_data(as_text=True)
    plain = browser_for(make_client, member).get("/response?near=Kenora")
    assert DIRECT_PHONE not in plain.get_data(as_text=True)
    assert not db.session.scalars(
        sa.select(AuditEvent).filter_by(action="restricted_contacts.viewed")
    ).all()

    html = browser_for(make_client, vetted).get("/response?near=Kenora").get_data(as_text=True)
    assert "Direct referral line, for professionals only:" in html and DIRECT_PHONE in html
    events = db.session.scalars(
        sa.select(AuditEvent).filter_by(action="restricted_contacts.viewed")
    ).all()
    assert [(e.actor_id, e.target_id) for e in events] == [(vetted.id, around_kenora.id)]
    api = browser_for(make_client, vetted).get("/api/v1/response?near=Kenora")
    assert DIRECT_PHONE not in api.get_data(as_text=True)  # the API is anonymous


def test_the_page_shows_what_the_api_gives(client, around_kenora):
    card = client.get("/api/v1/response?near=Kenora").get_json()
    html = client.get("/response?near=Kenora").get_data(as_text=True)

    headings = re.findall(r'<h2 class="response-role__title"[^>]*>([^<]+)</h2>', html)
    assert headings == [r["label"] for r in card["roles"]]
    text = page_text(html)
    for r in card["roles"]:
        for entry in r["nearby"] + r["serving"] + [r["nearest_beyond"] or {}]:
            if entry:
                assert entry["name"] in text and entry["phone"] in text
    assert text.count("Add to shortlist") >= sum(len(r["nearby"]) for r in card["roles"])


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("Xyzzyville", "We couldn’t find “Xyzzyville”. Try a city name or postal code."),
        ("Ontario", "“Ontario” is a province or territory: name a city, town or postal code"),
    ],
)
def test_a_place_without_a_card_is_a_clear_400(client, db, near, message):
    page = client.get(f"/response?near={near}")
    assert page.status_code == 400
    assert message in page_text(page) and 'aria-invalid="true"' in page.get_data(as_text=True)
    api = client.get(f"/api/v1/response?near={near}")
    assert api.status_code == 400 and message in api.get_json()["messages"][0]


def test_did_you_mean_as_search_offers_it(client, db):
    api = client.get("/api/v1/response?near=Kingston").get_json()
    assert api["place"]["name"] == "Kingston, ON"
    assert {"name": "Kingston, NS", "province": "NS"} in api["did_you_mean"]
    html = client.get("/response?near=Thunderbay").get_data(as_text=True)
    assert "Did you mean:" in html and "near=Thunder+Bay,+ON" in html


def test_no_place_is_the_form_and_the_api_asks_for_one(client, db):
    page = client.get("/response")
    assert page.status_code == 200 and 'name="near"' in page.get_data(as_text=True)
    api = client.get("/api/v1/response")
    assert api.status_code == 400 and api.get_json()["messages"] == [
        "Name a place: near is required."
    ]


def test_linked_from_search_near_a_place_and_from_profiles(client, around_kenora):
    search = client.get("/search?near=Kenora").get_data(as_text=True)
    assert '<a href="/response?near=Kenora">Local response card for Kenora, ON</a>' in search
    assert "Local response card" not in client.get("/search?q=police").get_data(as_text=True)

    profile = client.get(f"/organizations/{around_kenora.slug}").get_data(as_text=True)
    assert '<a href="/response?near=Kenora,+ON">Local response card for Kenora</a>' in profile
    assert client.get("/response?near=Kenora,+ON").status_code == 200


def test_a_card_costs_the_same_statements_however_many_are_near(client, db, count_queries):
    def statements() -> int:
        client.get("/api/v1/response?near=Kenora")  # warm: the index mirror is loaded
        with count_queries() as run:
            assert client.get("/api/v1/response?near=Kenora").status_code == 200
        return len(run)

    located("First Police", "policing", "Kenora", 49.77, -94.48)
    db.session.commit()
    few = statements()
    for n in range(12):
        sector = ("policing", "health-care", "victim-services", "survivor-led")[n % 4]
        located(f"Added Organization {n}", sector, "Kenora", 49.77 + n / 100, -94.48)
    db.session.commit()
    assert statements() == few


def test_no_direct_line_is_read_for_an_organization_the_card_does_not_show(
    make_client, db, around_kenora
):
    """A specialized unit far away fills no role (it is never a gap): its direct line is
    neither shown nor recorded as viewed."""
    far_unit = located("Far Online Unit", "policing", "Regina", 50.45, -104.6, province_code="SK")
    ServiceFactory(
        organization=far_unit, types=[term("service_type", "online-exploitation-reporting")]
    )
    ReferralContactFactory(
        organization=far_unit, phone="+1 306-555-0188", visibility=ContactVisibility.PROFESSIONALS
    )
    vetted = UserFactory(professional_verified_at=datetime.now(UTC))
    db.session.commit()

    html = browser_for(make_client, vetted).get("/response?near=Kenora").get_data(as_text=True)
    assert "Far Online Unit" not in html and "+1 306-555-0188" not in html
    viewed = db.session.scalars(
        sa.select(AuditEvent.target_id).filter_by(action="restricted_contacts.viewed")
    ).all()
    assert far_unit.id not in viewed and around_kenora.id in viewed
