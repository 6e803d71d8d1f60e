"""Opening hours in the listing form: rows of days and times, closures, notes; through the
draft, the moderation diff, approval, an old payload and /api/v1."""

from __future__ import annotations

import pytest

from directory.listings.payload import read_payload
from directory.models import Role
from tests.factories import UserFactory
from tests.listing_helpers import (
    browser_for,
    hidden_value,
    listing_form,
    only_organization,
    page_text,
    revisions_of,
)
from tests.test_revision_payload import approve

HOURS = {
    "services-0-hours-rules-0-days": ["0", "1", "2", "3", "4"],
    "services-0-hours-rules-0-opens": "09:00",
    "services-0-hours-rules-0-closes": "17:00",
    "services-0-hours-rules-1-days": ["4", "5"],
    "services-0-hours-rules-1-opens": "20:00:00",  # a browser may send seconds
    "services-0-hours-rules-1-closes": "02:00",
    "services-0-hours-closures-0-date": "2026-12-25",
    "services-0-hours-closures-0-note": "Christmas Day",
    "services-0-hours-notes": "Call ahead on statutory holidays.",
}


@pytest.fixture
def member(make_client, db):
    user = UserFactory()
    db.session.commit()
    return browser_for(make_client, user)


def test_hours_rows_are_saved_shown_again_with_a_spare_row_and_removed(member, db):
    member.post("/listings/new", data=listing_form(submit="", save_draft="1", **HOURS))
    org = only_organization()
    [revision] = revisions_of(org)
    assert revision.payload["services"][0]["hours"] == {
        "rules": [
            {"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"},
            {"days": [4, 5], "opens": "20:00", "closes": "02:00"},
        ],
        "closures": [{"date": "2026-12-25", "note": "Christmas Day"}],
        "notes": "Call ahead on statutory holidays.",
    }
    html = member.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert 'name="services-0-hours-rules-1-closes" type="time" value="02:00"' in html
    assert 'name="services-0-hours-rules-2-opens"' in html  # one blank row to add another
    removed = {
        **HOURS,
        "services-0-hours-rules-1-remove": "y",
        "revision_id": hidden_value(html, "revision_id"),
        "version": hidden_value(html, "version"),
    }
    member.post(f"/listings/{org.id}/edit", data=listing_form(submit="", save_draft="1", **removed))
    [revision] = revisions_of(org)
    assert [r["opens"] for r in revision.payload["services"][0]["hours"]["rules"]] == ["09:00"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("services-0-hours-rules-0-opens", "9am", "Enter the opening time as HH:MM"),
        ("services-0-hours-rules-0-closes", "25:00", "Enter the closing time as HH:MM"),
        ("services-0-hours-rules-0-days", [], "Choose at least one day."),
        ("services-0-hours-closures-0-date", "2026-02-30", "Enter the date as YYYY-MM-DD."),
    ],
)
def test_bad_hours_are_explained(member, db, field, value, message):
    response = member.post("/listings/new", data=listing_form(**{**HOURS, field: value}))
    assert response.status_code == 200
    assert message in page_text(response)


def test_moderator_sees_the_hours_in_the_diff_and_approval_publishes_them(make_client, db):
    owner = UserFactory()
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    browser_for(make_client, owner).post("/listings/new", data=listing_form(**HOURS))
    org = only_organization()
    [revision] = revisions_of(org)
    moderation = browser_for(make_client, moderator)
    review = page_text(moderation.get(f"/moderation/revisions/{revision.id}"))
    assert "Monday–Friday: 09:00–17:00; Friday, Saturday: 20:00–02:00" in review
    assert "closed 2026-12-25 (Christmas Day)" in review
    assert approve(moderation, revision).status_code == 302
    org = only_organization()
    assert org.services[0].hours["rules"][1] == {
        "days": [4, 5],
        "opens": "20:00",
        "closes": "02:00",
    }
    api = make_client().get(f"/api/v1/organizations/{org.slug}").get_json()
    assert api["services"][0]["hours"]["closures"] == [
        {"date": "2026-12-25", "note": "Christmas Day"}
    ]
    assert api["services"][0]["hours"]["time_zone"] == "America/Toronto"


def test_a_version_4_payload_reads_as_no_hours(member, db):
    member.post("/listings/new", data=listing_form(submit="", save_draft="1", **HOURS))
    [revision] = revisions_of(only_organization())
    old = {**revision.payload, "schema_version": 4}
    old["services"] = [
        {k: v for k, v in item.items() if k != "hours"} for item in revision.payload["services"]
    ]
    assert read_payload(old, None).services[0].hours is None
