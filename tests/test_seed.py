"""``flask seed demo|credentials|synthetic``: what a developer or a tester would notice."""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import stat
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa

from directory.auth.passwords import verify_password
from directory.models import (
    AreaKind,
    ContactVisibility,
    Guide,
    ListingSource,
    Location,
    Membership,
    MembershipRole,
    Organization,
    OrganizationStatus,
    ReferralContact,
    ReferralMethod,
    Revision,
    Role,
    Service,
    ServiceArea,
    User,
    Vocabulary,
)
from directory.taxonomy import PROVINCES, SECTORS, terms_by_slug
from seed.cities import CITIES
from seed.demo_builder import PROFILES, DemoBuilder
from seed.demo_french import french_phrases, typeset
from seed.demo_text import DIRECT_SERVICE_PRACTICE, PARTNER_PRACTICE
from seed.fictional import indigenous_peoples
from tests.factories import OrganizationFactory

FICTIONAL_PHONE = re.compile(r"^\+1 \d{3}-555-01\d{2}$")
FORBIDDEN_WORDING = re.compile(r"child porn|child prostitut|teen prostitut", re.IGNORECASE)
CITY_BY_NAME = {city.name: city for city in CITIES}
PROVINCE_NAMES = {code: name for code, name, _ in PROVINCES}
FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}
FORBIDDEN_FRENCH = re.compile(r"pornographie juv|prostitution juv|enfants? prostitu", re.IGNORECASE)
ENGLISH_WORDS = re.compile(r"\b(the|and|with|for|who|from|their)\b")
# What ``english_demo_rows`` gave before French descriptions were added to the demo. The
# English text, and through phones, addresses and contacts the whole random sequence, must stay
# as they are: other tests and the screenshots rely on the exact demo.
ENGLISH_DEMO_FINGERPRINT = "0da47dc44081a03a7ee15a58f1fbdb520c66d1e474839a31851b76369a873c06"


@pytest.fixture(autouse=True)
def credentials_file(app, tmp_path, monkeypatch):
    """Every test writes sign-ins under tmp_path, never over a developer's real file."""
    path = tmp_path / "demo-credentials.txt"
    monkeypatch.setitem(app.config, "DEMO_CREDENTIALS_PATH", str(path))
    return path


@pytest.fixture
def seed(app, db):
    def run(*args: str):
        result = app.test_cli_runner().invoke(args=["seed", *args])
        assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture
def demo(seed):
    return seed("demo")


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def published_demo(db) -> list[Organization]:
    stmt = sa.select(Organization).where(
        Organization.source == ListingSource.DEMO,
        Organization.status == OrganizationStatus.PUBLISHED,
    )
    return list(db.session.scalars(stmt))


def km_between(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    dx = (lng2 - lng1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(lat2 - lat1, dx)


def test_cities_include_remote_and_northern_communities():
    names = set(CITY_BY_NAME)
    assert len(CITIES) >= 60
    assert {"Thunder Bay", "Sioux Lookout", "Moose Factory", "Iqaluit", "Rankin Inlet"} <= names
    assert {"Inuvik", "Whitehorse", "La Ronge", "Thompson", "Happy Valley-Goose Bay"} <= names
    assert {city.province for city in CITIES} == {code for code, _, _ in PROVINCES}
    assert CITY_BY_NAME["Thunder Bay"].latitude == pytest.approx(48.38, abs=0.01)
    assert CITY_BY_NAME["Iqaluit"].longitude == pytest.approx(-68.52, abs=0.01)


def test_demo_data_is_the_same_every_time(db):
    terms = {vocabulary: terms_by_slug(vocabulary) for vocabulary in Vocabulary}

    def snapshot() -> list[tuple]:
        listings = DemoBuilder(terms, datetime.now(UTC)).build()
        return [
            (org.slug, org.locations[0].city, org.phone, [s.name for s in org.services])
            for org in (listing.organization for listing in listings)
        ]

    assert snapshot() == snapshot()


def test_demo_covers_every_sector_and_every_province_and_territory(demo, db):
    organizations = published_demo(db)
    sectors = {sector.slug for org in organizations for sector in org.sectors}
    provinces = {location.province_code for org in organizations for location in org.locations}
    assert sectors == {slug for slug, _, _ in SECTORS}
    assert provinces == {code for code, _, _ in PROVINCES}


def test_demo_loads_at_least_120_organizations_in_every_state_of_freshness(demo, db):
    organizations = list(db.session.scalars(sa.select(Organization)))
    assert len(organizations) >= 120
    assert {org.source for org in organizations} == {ListingSource.DEMO}
    statuses = {org.status for org in organizations}
    assert {OrganizationStatus.PUBLISHED, OrganizationStatus.PENDING, OrganizationStatus.DRAFT} <= (
        statuses
    )
    now = datetime.now(UTC)
    ages = [now - org.verified_at for org in published_demo(db)]
    assert any(age < timedelta(days=365) for age in ages)
    assert any(timedelta(days=365) < age < timedelta(days=540) for age in ages)
    assert any(timedelta(days=548) < age < timedelta(days=640) for age in ages)


def test_demo_twice_adds_and_changes_nothing(demo, seed, db, credentials_file):
    tables = (Organization, Service, Location, ServiceArea, ReferralContact, User, Membership)
    before = {model: count(db, model) for model in tables}
    hashes = dict(db.session.execute(sa.select(User.email, User.password_hash)).all())
    sign_ins = credentials_file.read_text()

    again = seed("demo")

    assert "0 organizations added" in again.output
    assert {model: count(db, model) for model in tables} == before
    assert dict(db.session.execute(sa.select(User.email, User.password_hash)).all()) == hashes
    assert credentials_file.read_text() == sign_ins


def test_demo_contact_details_are_fictional(demo, db):
    phones = db.session.scalars(sa.select(Organization.phone)).all()
    phones += db.session.scalars(sa.select(ReferralContact.phone)).all()
    emails = db.session.scalars(sa.select(Organization.email)).all()
    emails += db.session.scalars(sa.select(ReferralContact.email)).all()
    emails += db.session.scalars(sa.select(User.email)).all()
    websites = db.session.scalars(sa.select(Organization.website)).all()
    assert all(FICTIONAL_PHONE.match(phone) for phone in phones), phones
    assert all(email.endswith("@example.org") for email in emails)
    assert all(re.match(r"^https://[a-z0-9-]+\.example\.org$", site) for site in websites)


def test_demo_has_confidential_locations_every_area_kind_and_both_visibilities(demo, db):
    assert db.session.scalar(sa.select(sa.func.count()).where(Location.confidential))
    kinds = set(db.session.scalars(sa.select(ServiceArea.kind).distinct()))
    visibilities = set(db.session.scalars(sa.select(ReferralContact.visibility).distinct()))
    assert kinds == {kind.value for kind in AreaKind}
    assert visibilities == {visibility.value for visibility in ContactVisibility}


def test_demo_locations_sit_at_real_city_coordinates(demo, db):
    for location in db.session.scalars(sa.select(Location)):
        city = CITY_BY_NAME[location.city]
        assert location.province_code == city.province
        assert km_between(location.latitude, location.longitude, city.latitude, city.longitude) < 1
        assert location.address and location.postal_code.startswith(city.fsa)


def test_demo_services_say_whom_they_serve_and_how_to_refer(demo, db):
    organizations = published_demo(db)
    assert all(2 <= len(org.services) <= 4 for org in organizations)
    services = [service for org in organizations for service in org.services]
    assert all(s.types and s.populations and s.languages for s in services)
    assert {s.referral_method for s in services} == {method.value for method in ReferralMethod}
    assert any(s.open_24_7 for s in services) and not all(s.open_24_7 for s in services)
    assert any(not s.accepting_referrals for s in services)
    assert any(s.delivered_online for s in services)
    languages = {language.slug for s in services for language in s.languages}
    assert {"en", "fr", "iu", "cr", "oj"} <= languages


def test_indigenous_led_demo_organizations_offer_an_indigenous_language(demo, db):
    indigenous_codes = {"cr", "oj", "ojs", "iu", "mic", "chp"}
    indigenous_led = [
        org for org in published_demo(db) if any(s.slug == "indigenous" for s in org.sectors)
    ]
    assert indigenous_led
    for org in indigenous_led:
        offered = {language.slug for s in org.services for language in s.languages}
        assert offered & indigenous_codes, org.name


def test_demo_wording_is_trauma_informed(demo, db):
    text_columns = [
        column
        for model in (Organization, Service, Location, ReferralContact, ServiceArea)
        for column in model.__table__.columns
        if isinstance(column.type, sa.String)
    ]
    for column in text_columns:
        for value in db.session.scalars(sa.select(column)):
            assert not FORBIDDEN_WORDING.search(value or ""), (column, value)
    descriptions = " ".join(db.session.scalars(sa.select(Organization.description)))
    assert "child sexual abuse material" in descriptions


def test_demo_sign_ins_one_per_role_in_a_private_file(demo, db, credentials_file):
    assert stat.S_IMODE(credentials_file.stat().st_mode) == 0o600
    lines = [line for line in credentials_file.read_text().splitlines() if line[:1] != "#"]
    fields = (line.split("\t") for line in lines)
    sign_ins = {label: (email, password) for label, email, password, *_key in fields}
    assert set(sign_ins) == {
        "admin",
        "moderator",
        "organization member",
        "vetted professional",
        "unvetted member",
        "guide editor",
    }
    users = {user.email: user for user in db.session.scalars(sa.select(User))}
    for email, password in sign_ins.values():
        assert verify_password(users[email].password_hash, password)
        assert password not in users[email].password_hash
    assert users[sign_ins["admin"][0]].role == Role.ADMIN
    assert users[sign_ins["moderator"][0]].role == Role.MODERATOR
    assert users[sign_ins["moderator"][0]].has_two_factor  # required of staff
    member = users[sign_ins["organization member"][0]]
    assert member.role == Role.MEMBER
    assert [(m.role, m.organization.source) for m in member.memberships] == [
        (MembershipRole.OWNER, ListingSource.DEMO)
    ]
    assert users[sign_ins["vetted professional"][0]].is_vetted_professional
    assert not users[sign_ins["unvetted member"][0]].is_vetted_professional
    assert users[sign_ins["guide editor"][0]].guide_editor
    assert [u.email for u in users.values() if u.guide_editor] == ["guide-editor@example.org"]
    assert all(password not in demo.output for _, password in sign_ins.values())


def test_credentials_command_prints_the_sign_ins(demo, seed, credentials_file):
    output = seed("credentials").output
    staff = 0
    for line in credentials_file.read_text().splitlines():
        if not line.startswith("#"):
            label, email, password, *key = line.split("\t")
            assert label in output and email in output and password in output
            if key:  # staff: their two-factor key and a code that works now
                staff += 1
                code = re.search(rf"{re.escape(email)} +key {key[0]} +code now (\d{{6}})", output)
                assert pyotp.TOTP(key[0]).verify(code.group(1), valid_window=1)
    assert staff == 2  # the demo admin and moderator
    assert "Sign in at http://127.0.0.1:5000/auth/login" in output


def test_credentials_command_without_demo_data_says_so(seed):
    assert "No demo sign-ins" in seed("credentials").output


def test_demo_if_empty_leaves_a_database_with_organizations_alone(seed, db, credentials_file):
    OrganizationFactory()
    db.session.commit()

    result = seed("demo", "--if-empty")

    assert "not loaded" in result.output
    assert count(db, Organization) == 1
    assert count(db, User) == 0
    assert not credentials_file.exists()


def test_demo_if_empty_loads_an_empty_database(seed, db):
    seed("demo", "--if-empty")
    assert count(db, Organization) >= 120


def test_synthetic_adds_published_listings_with_their_parts(seed, db):
    result = seed("synthetic", "--count", "200", "--batch-size", "64")

    assert "Inserting synthetic listings" in result.output
    assert "Added 200 synthetic listings" in result.output
    organizations = list(db.session.scalars(sa.select(Organization)))
    assert len(organizations) == 200
    assert {(org.source, org.status) for org in organizations} == {
        (ListingSource.SYNTHETIC, OrganizationStatus.PUBLISHED)
    }
    now = datetime.now(UTC)
    for org in organizations:
        assert 1 <= len(org.sectors) <= 3 and 1 <= len(org.services) <= 3
        assert len(org.locations) == 1 and len(org.service_areas) == 1
        assert now - org.verified_at < timedelta(days=365)
        assert all(s.types and s.populations and s.languages for s in org.services)
        assert FICTIONAL_PHONE.match(org.phone) and org.email.endswith("@example.org")
    kinds = {org.service_areas[0].kind for org in organizations}
    assert kinds == {kind.value for kind in AreaKind}
    services = [s for org in organizations for s in org.services]
    assert 0.5 < sum(1 for s in services if s.hours) / len(services) < 0.95  # benchmarks: hours


def test_synthetic_listings_cluster_around_real_cities(seed, db):
    seed("synthetic", "--count", "300")
    locations = list(db.session.scalars(sa.select(Location)))
    for location in locations:
        city = CITY_BY_NAME[location.city]
        assert km_between(location.latitude, location.longitude, city.latitude, city.longitude) < 50
    big_city_share = sum(CITY_BY_NAME[loc.city].population > 500_000 for loc in locations)
    assert big_city_share > len(locations) / 3


def test_synthetic_mentions_counselling_in_about_a_fifth_of_descriptions(seed, db):
    seed("synthetic", "--count", "500")
    descriptions = db.session.scalars(sa.select(Organization.description)).all()
    share = sum("counselling" in d for d in descriptions) / len(descriptions)
    assert 0.12 < share < 0.28


def test_synthetic_run_again_adds_more_with_new_slugs(seed, db):
    seed("synthetic", "--count", "30")
    seed("synthetic", "--count", "20")
    slugs = db.session.scalars(sa.select(Organization.slug)).all()
    assert len(slugs) == len(set(slugs)) == 50
    # The sequences moved past the ids the generator chose: the ORM can still insert.
    OrganizationFactory()
    db.session.commit()
    assert count(db, Organization) == 51


def test_pending_demo_listings_wait_in_the_moderation_queue(demo, db):
    pending = db.session.scalars(
        sa.select(Organization).where(
            Organization.source == "demo", Organization.status == "pending"
        )
    ).all()
    assert pending
    for org in pending:
        revision = db.session.scalar(sa.select(Revision).where(Revision.organization_id == org.id))
        assert revision.status == "pending" and revision.submitted_at is not None
        assert revision.submitted_by.email == "member@example.org"
        assert revision.payload["organization"]["name"] == org.name


def english_demo_rows(organizations: list[Organization]) -> list[list]:
    return [
        [
            org.slug,
            org.description,
            org.phone,
            org.locations[0].city,
            org.locations[0].address,
            [service.name for service in org.services],
            [contact.email for contact in org.contacts],
            org.status == OrganizationStatus.PUBLISHED,
        ]
        for org in organizations
    ]


def test_french_descriptions_leave_the_english_demo_as_it_was(db):
    terms = {vocabulary: terms_by_slug(vocabulary) for vocabulary in Vocabulary}
    organizations = [
        listing.organization for listing in DemoBuilder(terms, datetime.now(UTC)).build()
    ]

    assert organizations[0].description == (
        "Investigates online luring, sextortion and the distribution of child sexual abuse "
        "material in and around Prince Albert, and identifies children shown in it. The team "
        "works closely with local police, health and child-protection partners so that a young "
        "person is supported from the first disclosure onward. Survivors helped design the "
        "program and sit on its advisory circle."
    )
    assert organizations[-1].description.startswith("Helps sports clubs in Yellowknife keep ")
    rows = json.dumps(english_demo_rows(organizations))
    assert hashlib.sha256(rows.encode()).hexdigest() == ENGLISH_DEMO_FINGERPRINT


def test_at_least_a_third_of_the_demo_describes_itself_in_french(demo, db):
    organizations = published_demo(db)
    in_french = [
        org
        for org in organizations
        if (org.description_fr or "").strip() and org.description_fr != org.description
    ]

    assert len(in_french) * 3 >= len(organizations)
    for org in organizations:
        # The rule: an organization that serves people in French describes itself in French.
        serves_french = any(lang.slug == "fr" for s in org.services for lang in s.languages)
        assert bool(org.description_fr) == serves_french, org.name
        if org.locations[0].province_code in ("QC", "NB"):
            assert org in in_french, org.name


def test_demo_french_descriptions_are_finished_french(demo, db):
    organizations = [org for org in published_demo(db) if org.description_fr]
    assert organizations
    for org in organizations:
        text = org.description_fr.replace(org.locations[0].city, "")  # "Val-d'Or" keeps its '
        assert "{" not in text and "}" not in text, text
        assert "'" not in text, text  # the typographic apostrophe: l’enfance
        assert not re.search(r"[^\N{NO-BREAK SPACE}]:", text), text  # « jeunes\xa0: »
        assert not FORBIDDEN_FRENCH.search(text), text
        assert not ENGLISH_WORDS.search(text), text
    texts = " ".join(org.description_fr for org in organizations)
    assert "matériel d’abus pédosexuel" in texts and "survivantes et survivants" in texts
    assert "\N{NO-BREAK SPACE}:" in texts


def test_demo_french_says_what_the_english_says(demo, db):
    """The same variant and the same closing sentences, in the same order, for the same place."""
    practice = DIRECT_SERVICE_PRACTICE + PARTNER_PRACTICE
    organizations = [org for org in published_demo(db) if org.description_fr]
    for org in organizations:
        city = CITY_BY_NAME[org.locations[0].city]
        english_args = {
            "place": city.name,
            "province": PROVINCE_NAMES[city.province],
            "peoples": indigenous_peoples(city),
        }
        intros = [
            (english.format(**english_args), typeset(french.format(**french_phrases(city))))
            for profile in PROFILES
            for _, english, french in profile.variants
        ]
        english_intro, french_intro = next(
            pair for pair in intros if org.description.startswith(pair[0])
        )
        assert org.description_fr.startswith(french_intro), org.name
        english_rest = org.description[len(english_intro) :].strip()
        closing = []
        while english_rest:
            pair = next(pair for pair in practice if english_rest.startswith(pair[0]))
            closing.append(pair)
            english_rest = english_rest[len(pair[0]) :].strip()
        assert 1 <= len(closing) <= 2
        expected = " ".join(typeset(french) for _, french in closing)
        assert org.description_fr[len(french_intro) :].strip() == expected, org.name


def test_profile_shows_the_demo_description_in_the_visitors_language(demo, db, make_client):
    recent = datetime.now(UTC) - timedelta(days=300)
    organizations = [org for org in published_demo(db) if org.verified_at > recent]
    french_one = next(org for org in organizations if org.locations[0].province_code == "QC")
    english_only = next(org for org in organizations if not org.description_fr)
    assert french_one.description_fr

    french = html.unescape(
        make_client().get(f"/organizations/{french_one.slug}", headers=FRENCH).text
    )
    assert '<div class="profile-description" lang="fr">' in french
    assert french_one.description_fr in french and french_one.description not in french

    english = html.unescape(make_client().get(f"/organizations/{french_one.slug}").text)
    assert '<div class="profile-description" lang="en">' in english
    assert french_one.description in english and french_one.description_fr not in english

    # No French description: the English one, marked as English, on the French page.
    fallback = html.unescape(
        make_client().get(f"/organizations/{english_only.slug}", headers=FRENCH).text
    )
    assert '<div class="profile-description" lang="en">' in fallback
    assert english_only.description in fallback


def test_demo_has_a_sample_guide_per_sector_and_a_duty_to_report_per_province(demo, db):
    guides = db.session.scalars(sa.select(Guide)).all()
    assert sorted(g.slug for g in guides if g.kind == "sector") == sorted(s for s, *_ in SECTORS)
    assert len([g for g in guides if g.kind == "duty"]) == len(PROVINCES) == 13
    assert all(g.sample and g.is_published for g in guides)
