"""The home page answers first: keywords and a place side by side, and each sector as a
button of the same search form, so place + need is one click."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import sqlalchemy as sa

from directory.models import TaxonomyTerm, Vocabulary
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    term,
)


def home_form(html: str) -> str:
    main = html[html.index('<main id="main"') :]
    match = re.search(r"<form [^>]*>.*?</form>", main, re.S)
    assert match, "no form in main"
    return match.group(0)


def test_the_first_thing_in_main_is_the_search_form_with_keywords_and_place(client):
    html = client.get("/").get_data(as_text=True)
    main = html[html.index('<main id="main"') :]
    form = home_form(html)
    # Only the heading stands before it.
    before = re.sub(r"<[^>]+>", " ", main[: main.index(form)])
    assert " ".join(before.split()).startswith("Find partners against child sex trafficking")
    assert 'action="/search" method="get"' in form
    assert form.index('name="q"') < form.index('name="near"') < form.index('name="sector"')
    # The plain "Search" button comes first: Enter in a field submits without a sector.
    assert form.index('type="submit">Search</button>') < form.index('name="sector"')


def test_each_sector_is_a_submit_button_of_that_form_with_its_count(client, db):
    OrganizationFactory(sectors=[term("sector", "health-care")])
    OrganizationFactory(sectors=[term("sector", "health-care"), term("sector", "policing")])
    db.session.commit()
    form = home_form(client.get("/").get_data(as_text=True))
    buttons = re.findall(
        r'<button class="quick-pick[^"]*" type="submit" name="sector" value="([^"]+)">'
        r"(.*?)</button>",
        form,
        re.S,
    )
    sectors = sa.select(sa.func.count()).where(TaxonomyTerm.vocabulary == Vocabulary.SECTOR)
    assert len(buttons) == db.session.scalar(sectors)
    labels = {slug: unescape(" ".join(re.sub(r"<[^>]+>", " ", b).split())) for slug, b in buttons}
    assert labels["health-care"] == "Health care 2 organizations"
    assert labels["policing"] == "Policing & law enforcement 1 organization"


def test_a_sector_button_keeps_the_place_typed(client, db):
    """What the browser sends when a sector is pressed after typing a place."""
    near = OrganizationFactory(name="Lakehead Clinic", sectors=[term("sector", "health-care")])
    LocationFactory(organization=near)
    far = OrganizationFactory(name="Coastal Clinic", sectors=[term("sector", "health-care")])
    LocationFactory(
        organization=far, city="Halifax", province_code="NS", latitude=44.65, longitude=-63.57
    )
    police = OrganizationFactory(name="Lakehead Police", sectors=[term("sector", "policing")])
    LocationFactory(organization=police)
    db.session.commit()
    html = client.get("/search?q=&near=Thunder+Bay&sector=health-care").get_data(as_text=True)
    cards = re.findall(r'<h\d class="org-card__name">\s*<a [^>]*>([^<]+)</a>', html)
    assert cards == ["Lakehead Clinic"]  # near the place, in the sector
    assert 'value="Thunder Bay"' in html  # the place stays in the search form


def test_recently_verified_cards_answer_first_too(client, db):
    org = OrganizationFactory(
        name="Fresh Listing", phone="+1 807-555-0123", verified_at=datetime.now(UTC)
    )
    ServiceFactory(organization=org, accepting_referrals=True, referral_method="self")
    ReferralContactFactory(organization=org, phone="+1 807-555-0999", visibility="professionals")
    OrganizationFactory(name="Older Listing", verified_at=datetime.now(UTC) - timedelta(days=9))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    recent = html[html.index('id="recent-heading"') :]
    assert 'href="tel:+18075550123"' in recent
    assert "Accepting referrals" in recent and "Self-referral" in recent
    assert "555-0999" not in html  # the professionals' line: not for the public
