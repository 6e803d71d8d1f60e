"""Search result cards answer first: the number to call, whether they take referrals now, whom
they serve, how to refer, in which languages — and, only for a viewer entitled to it, the
direct referral line reserved for professionals (absent from everyone else's HTML)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.models import AuditEvent, ContactVisibility, ReferralMethod
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for

PUBLIC_PHONE = "+1 807-555-0142"
DIRECT_PHONE = "+1 807-555-0177"
DIRECT_NAME = "Quillon Intake Desk"


def card_html(html: str, name: str) -> str:
    """The <article> of the card whose heading links to ``name``."""
    for card in re.findall(r'<article class="card org-card".*?</article>', html, re.S):
        if f">{name}</a>" in card:
            return card
    raise AssertionError(f"no card for {name}")


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


@pytest.fixture
def harbour(db):
    org = OrganizationFactory(name="Harbour House", phone=PUBLIC_PHONE)
    ServiceFactory(
        organization=org,
        accepting_referrals=False,
        referral_method=ReferralMethod.PROFESSIONAL,
        populations=[term("population", "youth-12-17")],
        languages=[term("language", "en"), term("language", "oj")],
    )
    ServiceFactory(
        organization=org,
        accepting_referrals=True,
        referral_method=ReferralMethod.SELF,
        populations=[term("population", "first-nations")],
        languages=[term("language", "fr")],
    )
    LocationFactory(organization=org)
    ReferralContactFactory(organization=org, name="Front desk", phone="+1 807-555-0100")
    ReferralContactFactory(
        organization=org,
        name=DIRECT_NAME,
        phone=DIRECT_PHONE,
        email="quillon@harbour.example.org",
        visibility=ContactVisibility.PROFESSIONALS,
    )
    earlier = datetime.now(UTC) - timedelta(days=1)  # Harbour House first on the home page
    closed = OrganizationFactory(name="Closed Door Clinic", verified_at=earlier)
    ServiceFactory(organization=closed, accepting_referrals=False)
    LocationFactory(organization=closed)
    # One open service is enough, whichever of its services comes first.
    open_first = OrganizationFactory(name="Open First Clinic", verified_at=earlier)
    ServiceFactory(organization=open_first, accepting_referrals=True)
    ServiceFactory(organization=open_first, accepting_referrals=False)
    LocationFactory(organization=open_first)
    db.session.commit()
    return org


def test_a_card_answers_whom_to_call_and_whether_they_take_referrals(client, harbour):
    html = client.get("/search").get_data(as_text=True)
    card = card_html(html, "Harbour House")
    assert f'href="tel:+18075550142">{PUBLIC_PHONE}</a>' in card
    text = text_of(card)
    assert "Accepting referrals" in text  # one of its services takes them now
    assert "Self-referral or professional referral" in text  # self + professional together
    assert "Serves Youth 12–17, First Nations" in text
    assert "Also in French, Ojibwe" in text  # languages other than English
    assert "English" not in text
    assert "Verified on" in text
    # The phone and the referral status come before whom they serve and where.
    assert card.index("tel:") < card.index("Accepting referrals") < card.index("Serves")
    closed = text_of(card_html(html, "Closed Door Clinic"))
    assert "Not accepting referrals now" in closed and "Accepting referrals" not in closed
    assert "Not accepting" not in text_of(card_html(html, "Open First Clinic"))


def test_a_card_without_services_claims_nothing_about_referrals(client, db):
    OrganizationFactory(name="Quiet Listing")
    db.session.commit()
    text = text_of(card_html(client.get("/search").get_data(as_text=True), "Quiet Listing"))
    assert "referrals" not in text.lower() and "Serves" not in text


def direct_line_events(db) -> list[AuditEvent]:
    db.session.expire_all()
    stmt = sa.select(AuditEvent).where(AuditEvent.action == "restricted_contacts.viewed")
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


@pytest.mark.parametrize("kind", ["anonymous", "unvetted member", "other organization's member"])
def test_the_direct_line_never_reaches_anyone_else(make_client, db, harbour, kind):
    user = {
        "anonymous": lambda: None,
        "unvetted member": lambda: UserFactory(),
        "other organization's member": lambda: (
            MembershipFactory(
                organization=OrganizationFactory(verified_at=datetime.now(UTC) - timedelta(days=2))
            ).user
        ),
    }[kind]()
    db.session.commit()
    client = make_client() if user is None else browser_for(make_client, user)
    for path in ("/search", "/"):
        html = client.get(path).get_data(as_text=True)
        assert "Harbour House" in html
        assert "555-0177" not in html and "5550177" not in html and DIRECT_NAME not in html
        assert "for professionals only" not in html
    assert direct_line_events(db) == []


@pytest.mark.parametrize("kind", ["vetted professional", "own organization's member"])
def test_the_direct_line_is_on_the_card_for_those_entitled_and_audited(
    make_client, db, harbour, kind
):
    user = {
        "vetted professional": lambda: UserFactory(professional_verified_at=datetime.now(UTC)),
        "own organization's member": lambda: MembershipFactory(organization=harbour).user,
    }[kind]()
    db.session.commit()
    html = browser_for(make_client, user).get("/search").get_data(as_text=True)
    card = card_html(html, "Harbour House")
    assert f'href="tel:+18075550177">{DIRECT_PHONE}</a>' in card
    assert DIRECT_NAME in card
    assert "for professionals only" in text_of(card)
    assert "555-0177" not in card_html(html, "Closed Door Clinic")
    (event,) = direct_line_events(db)
    assert (event.actor_id, event.target_id) == (user.id, harbour.id)
    assert event.details == {"contacts": 1, "channel": "card"}


def test_the_api_never_carries_the_direct_line(make_client, db, harbour):
    user = UserFactory(professional_verified_at=datetime.now(UTC))
    db.session.commit()
    body = browser_for(make_client, user).get("/api/v1/search").get_data(as_text=True)
    assert "Harbour House" in body and "555-0177" not in body
    assert direct_line_events(db) == []


def test_the_api_result_carries_what_the_card_shows(client, harbour):
    results = client.get("/api/v1/search?q=harbour").get_json()["results"]
    (result,) = results
    assert result["phone"] == PUBLIC_PHONE
    assert result["accepting_referrals"] is True
    assert result["populations"] == ["youth-12-17", "first-nations"]  # taxonomy order
    assert result["referral_methods"] == ["self", "professional"]
    assert result["languages"] == ["en", "fr", "oj"]


def test_the_api_result_of_an_organization_without_services(client, db):
    OrganizationFactory(name="Quiet Listing")
    db.session.commit()
    (result,) = client.get("/api/v1/search").get_json()["results"]
    assert result["phone"] is None and result["accepting_referrals"] is None
    assert result["populations"] == result["referral_methods"] == result["languages"] == []


def _listings(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        org = OrganizationFactory(name=f"Listing {n}", phone=f"+1 807-555-01{n:02d}")
        for accepting in (True, False):
            ServiceFactory(
                organization=org,
                accepting_referrals=accepting,
                populations=[term("population", "youth-12-17")],
                languages=[term("language", "fr"), term("language", "oj")],
            )
        LocationFactory(organization=org)
        ReferralContactFactory(
            organization=org, phone=f"+1 807-555-02{n:02d}", visibility="professionals"
        )


@pytest.mark.parametrize("who", ["public", "vetted professional"])
def test_a_page_of_cards_costs_the_same_statements_however_many(
    make_client, db, count_queries, who
):
    user = UserFactory(professional_verified_at=datetime.now(UTC))
    _listings(3)
    db.session.commit()
    client = make_client() if who == "public" else browser_for(make_client, user)

    def statements() -> int:
        client.get("/search")  # the first search after a write refreshes the index mirror
        with count_queries() as run:
            html = client.get("/search").get_data(as_text=True)
        assert html.count('class="card org-card"') == len(html_names(html))
        return len(run)

    few = statements()
    _listings(12, start=3)
    db.session.commit()
    many = statements()
    assert many == few


def html_names(html: str) -> list[str]:
    return re.findall(r'<h\d class="org-card__name">\s*<a [^>]*>([^<]+)</a>', html)
