"""Automatic checks on a revision: flags a moderator reads above the diff (issue 18)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from directory.models import RevisionStatus, Role
from tests.factories import UserFactory
from tests.listing_helpers import (
    browser_for,
    hidden_value,
    listing_form,
    only_organization,
    page_text,
    revisions_of,
)


def moderator(make_client, db):
    user = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    return browser_for(make_client, user)


def submit(make_client, db, email="mina@harbour.example.org", **fields):
    member = UserFactory(email=email)
    db.session.commit()
    browser = browser_for(make_client, member)
    assert browser.post("/listings/new", data=listing_form(**fields)).status_code == 302
    return browser


def revisions_of_all() -> list:
    from directory.extensions import db
    from directory.models import Revision

    return list(db.session.scalars(sa.select(Revision)))


def flags_on(make_client, db) -> list[str]:
    revision = revisions_of(only_organization())[-1]
    html = moderator(make_client, db).get(f"/moderation/revisions/{revision.id}").text
    return [page_text(item) for item in re.findall(r'<li class="flag flag--\w+">(.*?)</li>', html)]


def publish_and_edit(make_client, db, browser, **changes):
    """Approve the submitted listing, then the member edits it with ``changes``."""
    revision = revisions_of(only_organization())[0]
    version = str(revision.version)
    data = {"decision": "approved", "reason": "", "version": version}
    assert (
        moderator(make_client, db)
        .post(f"/moderation/revisions/{revision.id}", data=data)
        .status_code
        == 302
    )
    assert revisions_of(only_organization())[0].status == RevisionStatus.APPROVED
    org = only_organization()
    page = browser.get(f"/listings/{org.id}/edit?step=all").text
    keys = {
        f"{block}-0-key": hidden_value(page, f"{block}-0-key")
        for block in ("services", "locations", "contacts")
    }
    data = listing_form(**keys, **changes) | {"version": hidden_value(page, "version")}
    data.pop("revision_id", None)
    assert browser.post(f"/listings/{org.id}/edit", data=data).status_code == 302


def test_a_sound_listing_has_no_flags(make_client, db):
    submit(make_client, db)
    assert flags_on(make_client, db) == []


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        (
            "mina@gmail.com",
            "Submitted from a webmail address (gmail.com), not from the website’s domain"
            " (harbour.example.org).",
        ),
        (
            "mina@other.example.net",
            "The submitter’s address is on other.example.net; the website is on"
            " harbour.example.org.",
        ),
    ],
)
def test_a_submitter_off_the_websites_domain_is_flagged(make_client, db, email, expected):
    submit(make_client, db, email=email)
    assert flags_on(make_client, db) == [expected]


NO_PUBLIC_WAY = {"organization-website": "", "organization-email": "", "organization-phone": ""}
REASON = "We take referrals from professionals only; call Victim Services to reach us."


def test_no_public_way_to_reach_them_needs_a_reason_and_the_moderator_reads_it(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    refused = browser.post("/listings/new", data=listing_form(**NO_PUBLIC_WAY))
    assert refused.status_code == 200
    assert "Give at least one way the public can reach you" in page_text(refused)
    assert revisions_of_all() == []
    data = listing_form(**NO_PUBLIC_WAY, **{"organization-no_public_contact_reason": REASON})
    assert browser.post("/listings/new", data=data).status_code == 302
    assert flags_on(make_client, db) == [
        f"No public way to reach this organization; the reason given: {REASON}"
    ]


def test_the_reason_is_on_the_public_listing(make_client, db):
    browser = submit(
        make_client, db, **NO_PUBLIC_WAY, **{"organization-no_public_contact_reason": REASON}
    )
    del browser
    revision = revisions_of(only_organization())[0]
    data = {"decision": "approved", "reason": "", "version": str(revision.version)}
    moderator(make_client, db).post(f"/moderation/revisions/{revision.id}", data=data)
    profile = make_client().get(f"/organizations/{only_organization().slug}")
    assert REASON in page_text(profile)


def test_a_draft_may_be_saved_without_a_way_to_reach_them(make_client, db):
    member = UserFactory()
    db.session.commit()
    data = listing_form(**NO_PUBLIC_WAY) | {"save_draft": "1"}
    data.pop("submit", None)
    assert browser_for(make_client, member).post("/listings/new", data=data).status_code == 302


def test_a_preferred_way_the_contact_does_not_give_is_refused_by_the_form(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    data = listing_form(**{"contacts-0-preferred_method": "email", "contacts-0-email": ""})
    response = browser.post("/listings/new", data=data)
    assert response.status_code == 200
    assert "Give this contact's email, or choose phone as the preferred way." in page_text(response)
    assert revisions_of_all() == []


def test_the_form_warns_when_no_referral_contact_is_public(make_client, db):
    browser = submit(make_client, db)  # the form's contact is for vetted professionals only
    assert "the public will see no referral contact" in page_text(browser.get("/listings/"))
    public = submit(
        make_client, db, email="x@harbour.example.org", **{"contacts-0-visibility": "public"}
    )
    assert "the public will see no referral contact" not in page_text(public.get("/listings/"))


def test_a_new_confidential_location_is_flagged(make_client, db):
    submit(make_client, db, **{"locations-0-confidential": "y"})
    assert flags_on(make_client, db) == ["A confidential location is added (Thunder Bay)."]


def test_a_confidential_location_made_public_is_flagged(make_client, db):
    browser = submit(make_client, db, **{"locations-0-confidential": "y"})
    publish_and_edit(make_client, db, browser)  # the same form, without the box ticked
    assert flags_on(make_client, db) == [
        "A confidential location becomes public: its address will be shown (Thunder Bay)."
    ]


def test_a_confidential_location_that_moves_is_flagged(make_client, db):
    browser = submit(make_client, db, **{"locations-0-confidential": "y"})
    publish_and_edit(
        make_client,
        db,
        browser,
        **{"locations-0-confidential": "y", "locations-0-address": "40 Other Road"},
    )
    assert flags_on(make_client, db) == ["A confidential location moves (Thunder Bay)."]


def test_changed_phones_are_flagged(make_client, db):
    browser = submit(make_client, db)
    publish_and_edit(
        make_client,
        db,
        browser,
        **{"organization-phone": "(807) 555-0190", "contacts-0-phone": "807 555 0191"},
    )
    assert flags_on(make_client, db) == [
        "The organization’s phone number changes.",
        "The referral phone of Intake coordinator changes.",
    ]


def test_turning_professionals_only_on_is_flagged(make_client, db):
    submit(make_client, db, **{"organization-professionals_only": "y"})
    assert flags_on(make_client, db) == ["Visible to vetted professionals only: turned on."]
