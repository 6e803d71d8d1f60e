"""The moderation desk: one tab at a time, every tab with its count and oldest item."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from directory.models import Revision, Role
from tests.factories import OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, listing_form, page_text, revisions_of


def moderator(make_client, db):
    user = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    return browser_for(make_client, user)


def tab_texts(html: str) -> dict[str, str]:
    """Each tab's visible text, by its ``?tab=`` key."""
    found = re.findall(r'href="/moderation/\?tab=(\w+)"[^>]*>(.*?)</a>', html, flags=re.S)
    return {key: page_text(inner) for key, inner in found}


def test_every_tab_shows_its_count_and_the_age_of_its_oldest(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser_for(make_client, member).post("/listings/new", data=listing_form())
    [revision] = db.session.query(Revision).all()
    revision.submitted_at = datetime.now(UTC) - timedelta(days=3, hours=2)
    OrganizationFactory(
        name="Long Unconfirmed", verified_at=datetime.now(UTC) - timedelta(days=400)
    )
    db.session.commit()

    html = moderator(make_client, db).get("/moderation/").get_data(as_text=True)
    tabs = tab_texts(html)
    assert list(tabs) == [
        "new",
        "edits",
        "claims",
        "verification",
        "reports",
        "partnerships",
        "guides",
        "due",
        "archived",
    ]
    assert tabs["new"] == "New listings (1) oldest: 3 days"
    assert tabs["edits"] == "Changes to published listings (0)"
    assert tabs["due"] == "Due for re-verification (1) oldest: 1 year"
    # The first tab with something waiting is open: the new listing, not the due one.
    assert 'href="/moderation/?tab=new" aria-current="page"' in html
    assert "Harbour House Youth Services" in page_text(html)
    assert "Long Unconfirmed" not in page_text(html)


def test_a_tab_shows_only_its_own_items(make_client, db):
    OrganizationFactory(
        name="Long Unconfirmed", verified_at=datetime.now(UTC) - timedelta(days=400)
    )
    OrganizationFactory(name="Freshly Confirmed")
    db.session.commit()
    browser = moderator(make_client, db)
    page = page_text(browser.get("/moderation/?tab=due"))
    assert "Due for re-verification (1)" in page and "Long Unconfirmed" in page
    assert "Freshly Confirmed" not in page
    assert "No new listings are waiting." in page_text(browser.get("/moderation/?tab=new"))


def test_an_unknown_tab_is_a_clear_400(make_client, db):
    response = moderator(make_client, db).get("/moderation/?tab=everything")
    assert response.status_code == 400
    assert "There is no such tab on the moderation desk." in page_text(response)


def test_the_desk_is_for_moderators_only(make_client, db):
    member = UserFactory()
    db.session.commit()
    assert browser_for(make_client, member).get("/moderation/?tab=due").status_code == 403
    assert make_client().get("/moderation/?tab=due").status_code == 302


def test_queue_tables_reflow_and_label_each_cell(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser_for(make_client, member).post("/listings/new", data=listing_form())
    assert revisions_of(db.session.query(Revision).one().organization)
    html = moderator(make_client, db).get("/moderation/?tab=new").get_data(as_text=True)
    assert '<table class="table table--reflow">' in html
    assert '<td data-label="Submitted by">' in html


def test_something_just_submitted_waits_under_a_minute(make_client, db):
    member = UserFactory()
    db.session.commit()
    browser_for(make_client, member).post("/listings/new", data=listing_form())
    html = moderator(make_client, db).get("/moderation/").get_data(as_text=True)
    assert tab_texts(html)["new"] == "New listings (1) oldest: under a minute"
