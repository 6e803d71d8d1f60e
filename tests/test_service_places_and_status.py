"""Where a service is offered (some of its listing's locations) and its status: the listing
form, the moderation diff, approval, the profile, /api/v1 and search facets (issue 17)."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.listings.payload import listing_of, read_payload
from directory.models import Organization, Role, Service, ServiceStatus
from tests.conftest import empty_database
from tests.factories import LocationFactory, MembershipFactory, ServiceFactory, UserFactory
from tests.listing_helpers import (
    browser_for,
    listing_form,
    only_organization,
    page_text,
    revisions_of,
)

TWO_PLACES = {
    "locations-1-name": "North office",
    "locations-1-city": "Sioux Lookout",
    "locations-1-province": "ON",
    "services-1-name": "Court accompaniment",
    "services-1-referral_method": "both",
}


def _approve(make_client, db, revision):
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    browser = browser_for(make_client, moderator)
    data = {"decision": "approved", "reason": "", "version": str(revision.version)}
    assert browser.post(f"/moderation/revisions/{revision.id}", data=data).status_code == 302
    return browser


def _services(org: Organization) -> dict[str, tuple[str, list[str]]]:
    return {s.name: (s.status, [loc.city for loc in s.locations]) for s in org.services}


def test_the_form_offers_every_location_by_default(make_client, db):
    member = UserFactory()
    db.session.commit()
    page = browser_for(make_client, member).get("/listings/new?step=all").get_data(as_text=True)
    (box,) = re.findall(r'<input[^>]*name="services-0-offered_at"[^>]*type="checkbox"[^>]*>', page)
    assert "checked" in box and 'value="0"' in box
    assert 'name="services-0-status"' in page


def test_a_member_chooses_where_each_service_is_offered_and_its_status(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    form = listing_form(
        **TWO_PLACES,
        # Youth counselling: only at the North office (block 1), temporarily closed.
        **{
            "services-0-offered_at": ["1", "shown"],
            "services-0-status": "temporarily closed",
            "services-1-offered_at": ["0", "1", "shown"],
        },
    )
    assert browser.post("/listings/new", data=form).status_code == 302
    revision = revisions_of(only_organization())[0]
    moderator = _approve(make_client, db, revision)
    org = only_organization()
    assert _services(org) == {
        "Youth counselling": ("temporarily closed", ["Sioux Lookout"]),
        "Court accompaniment": ("active", ["Thunder Bay", "Sioux Lookout"]),
    }
    profile = page_text(moderator.get(f"/organizations/{org.slug}"))
    assert "Temporarily closed" in profile
    assert "Offered at North office, Sioux Lookout" in profile
    assert "Offered at Main office, Thunder Bay; North office, Sioux Lookout" in profile


def test_no_box_ticked_means_at_no_location_and_a_post_without_boxes_means_all(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    form = listing_form(**TWO_PLACES, **{"services-0-offered_at": ["shown"]})
    assert browser.post("/listings/new", data=form).status_code == 302
    payload = read_payload(revisions_of(only_organization())[0].payload, None)
    assert [s.offered_at for s in payload.services] == [[], None]


def test_the_moderation_diff_shows_where_a_service_moved_and_its_status(make_client, db):
    owner = MembershipFactory(role="owner")
    org = owner.organization
    LocationFactory(organization=org, name="Main office", city="Thunder Bay")
    LocationFactory(organization=org, name="North office", city="Sioux Lookout")
    ServiceFactory(organization=org, name="Youth counselling")
    db.session.commit()
    browser = browser_for(make_client, owner.user)
    edit = browser.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert edit.count('name="services-0-offered_at"') == 3  # two boxes, ticked, and "shown"
    form = listing_form(
        **{
            "organization-name": org.name,
            "locations-0-key": str(org.locations[0].hsds_id),
            "locations-0-name": "Main office",
            "locations-0-city": "Thunder Bay",
            "locations-1-key": str(org.locations[1].hsds_id),
            "locations-1-name": "North office",
            "locations-1-city": "Sioux Lookout",
            "locations-1-province": "ON",
            "services-0-key": str(org.services[0].hsds_id),
            "services-0-offered_at": ["1", "shown"],
            "services-0-status": "inactive",
        }
    )
    assert browser.post(f"/listings/{org.id}/edit", data=form).status_code == 302
    revision = revisions_of(org)[0]
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    page = page_text(
        browser_for(make_client, moderator).get(f"/moderation/revisions/{revision.id}")
    )
    assert "Service 1 · Offered at All its locations North office — Sioux Lookout" in page
    assert "Service 1 · Status Active Inactive" in page


def test_an_older_payload_reads_as_active_and_at_every_location(db):
    org = MembershipFactory(role="owner").organization
    LocationFactory(organization=org)
    ServiceFactory(organization=org, name="Drop-in")
    db.session.commit()
    old = listing_of(org).to_json()
    old["schema_version"] = 4
    for service in old["services"]:
        del service["status"], service["offered_at"]
    (service,) = read_payload(old, org).services
    assert (service.status, service.offered_at) == ("active", None)


def test_the_profile_and_api_hide_a_defunct_service_and_label_the_others(client, db):
    org = MembershipFactory(role="owner").organization
    regina = LocationFactory(organization=org, name="Downtown", city="Regina", province_code="SK")
    LocationFactory(organization=org, name="East", city="Moose Jaw", province_code="SK")
    ServiceFactory(organization=org, name="Drop-in", locations=[regina])
    ServiceFactory(organization=org, name="Old phone line", status=ServiceStatus.DEFUNCT)
    ServiceFactory(organization=org, name="Summer camp", status=ServiceStatus.INACTIVE)
    db.session.commit()
    profile = page_text(client.get(f"/organizations/{org.slug}"))
    assert "Drop-in" in profile and "Summer camp" in profile
    assert "Old phone line" not in profile
    assert "Inactive" in profile
    assert "Offered at Downtown, Regina" in profile

    body = client.get(f"/api/v1/organizations/{org.slug}").get_json()
    assert [(s["name"], s["status"], s["offered_at"]) for s in body["services"]] == [
        ("Drop-in", "active", [0]),
        ("Summer camp", "inactive", [0, 1]),
    ]
    assert [loc["city"] for loc in body["locations"]] == ["Regina", "Moose Jaw"]


def test_search_facets_count_only_active_services(client, db):
    org = MembershipFactory(role="owner").organization
    LocationFactory(organization=org)
    ServiceFactory(organization=org, name="Night shelter", open_24_7=True)
    db.session.commit()

    def open_24_7_count() -> int:
        body = client.get("/api/v1/search?open_24_7=1").get_json()
        return body["total"]

    assert open_24_7_count() == 1
    service = db.session.scalars(sa.select(Service).filter_by(name="Night shelter")).one()
    service.status = ServiceStatus.TEMPORARILY_CLOSED
    db.session.commit()
    assert open_24_7_count() == 0
    (card,) = client.get("/api/v1/search").get_json()["results"]
    assert card["accepting_referrals"] is False  # its one service is closed


def test_the_demo_offers_some_services_at_only_some_locations_and_pauses_a_few(app, db):
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    services = list(db.session.scalars(sa.select(Service)))
    partly = [s for s in services if set(s.locations) < set(s.organization.locations)]
    assert len(partly) >= 5
    assert all(s.locations for s in services)  # every demo service is offered somewhere
    statuses = [s.status for s in services]
    for status in ServiceStatus:
        assert statuses.count(status) >= 2, status
    assert statuses.count(ServiceStatus.ACTIVE) > 0.8 * len(statuses)
    # An outreach office stays in its organization's province, near enough to serve from.
    offices = [s.organization for s in partly]
    assert all(len({loc.province_code for loc in o.locations}) == 1 for o in offices)


@pytest.fixture
def unmigrated_app(tmp_path):
    """An app on an empty database of its own, not migrated yet (as test_migrations)."""

    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database(tmp_path, "service_places")

    app = create_app(MigrationConfig)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_the_migration_offers_existing_services_at_every_location_of_their_own(unmigrated_app):
    upgrade(revision="f2b4d6e8a1c3")
    now = "2026-01-01 00:00:00"
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO province (code, name_en, name_fr, position, bit)"
                " VALUES ('SK', 'Saskatchewan', 'Saskatchewan', 0, 0)"
            )
        )
        for org_id, cities, services in ((1, ["Regina", "Saskatoon"], 2), (2, ["Estevan"], 1)):
            conn.execute(
                sa.text(
                    "INSERT INTO organization (id, slug, name, description, status, source,"
                    " hsds_id, created_at, updated_at, version)"
                    " VALUES (:id, :slug, 'Org', '', 'published', 'submitted', :uuid, :now,"
                    " :now, 1)"
                ),
                {"id": org_id, "slug": f"org-{org_id}", "uuid": uuid.uuid4().hex, "now": now},
            )
            for city in cities:
                conn.execute(
                    sa.text(
                        "INSERT INTO location (organization_id, city, province_code, country,"
                        " confidential, hsds_id) VALUES (:org, :city, 'SK', 'CA', :no, :uuid)"
                    ),
                    {"org": org_id, "city": city, "uuid": uuid.uuid4().hex, "no": False},
                )
            for n in range(services):
                conn.execute(
                    sa.text(
                        "INSERT INTO service (organization_id, name, description,"
                        " referral_method, open_24_7, accepting_referrals, delivered_online,"
                        " hsds_id) VALUES (:org, :name, '', 'both', :no, :yes, :no, :uuid)"
                    ),
                    {
                        "org": org_id,
                        "name": f"Service {n}",
                        "uuid": uuid.uuid4().hex,
                        "no": False,
                        "yes": True,
                    },
                )
    upgrade()
    offered = db.session.execute(
        sa.text(
            "SELECT service.name, location.city, service.status FROM service_at_location"
            " JOIN service ON service.id = service_at_location.service_id"
            " JOIN location ON location.id = service_at_location.location_id"
            " WHERE service.organization_id = location.organization_id"
        )
    ).all()
    assert len(offered) == 2 * 2 + 1
    assert {status for _, _, status in offered} == {"active"}
    total = db.session.scalar(sa.text("SELECT count(*) FROM service_at_location"))
    assert total == len(offered)  # never at another organization's location


def test_a_closed_service_does_not_make_its_listing_accept_referrals(client, db):
    org = MembershipFactory(role="owner").organization
    LocationFactory(organization=org)
    ServiceFactory(organization=org, name="Night shelter", status=ServiceStatus.TEMPORARILY_CLOSED)
    ServiceFactory(organization=org, name="Old phone line", status=ServiceStatus.DEFUNCT)
    ServiceFactory(organization=org, name="Waitlisted", accepting_referrals=False, locations=[])
    db.session.commit()
    profile = page_text(client.get(f"/organizations/{org.slug}"))
    assert (
        "Waitlisted Not accepting referrals right now Counselling for youth. Offered at None"
        in (profile)
    )
    assert profile.count("Offered at") == 1  # one location: said only when not there
    assert "Not accepting referrals now" in profile
    assert "Accepting referrals" not in profile.replace("Not accepting referrals", "")
    export = client.get(f"/search.csv?q={org.name.split()[-1]}").get_data(as_text=True)
    assert "Night shelter" in export and "Old phone line" not in export


def test_a_location_added_in_the_form_is_ticked_for_services_offered_everywhere(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    form = listing_form(
        **TWO_PLACES,
        **{
            "services-0-offered_at": ["0", "1", "shown"],
            "services-1-offered_at": ["1", "shown"],
            "add_location": "Add another location",
            "submit": "",
        },
    )
    page = browser.post("/listings/new", data=form).get_data(as_text=True)

    def ticked(service: int) -> list[str]:
        boxes = re.findall(
            rf'<input[^>]*name="services-{service}-offered_at"[^>]*type="checkbox"[^>]*>', page
        )
        return [re.search(r'value="(\d)"', box)[1] for box in boxes if "checked" in box]

    assert ticked(0) == ["0", "1", "2"]
    assert ticked(1) == ["1"]
