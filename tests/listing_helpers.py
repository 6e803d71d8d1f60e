"""Shared by the listing and moderation tests: a signed-in browser and a complete form."""

from __future__ import annotations

import html as html_lib
import re

import sqlalchemy as sa

from directory.extensions import db
from directory.models import Organization, Revision, User


def browser_for(make_client, user):
    """A separate browser signed in as ``user`` (commit before calling)."""
    client = make_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True
    return client


def listing_form(**overrides: str) -> dict[str, object]:
    """A complete listing as the browser posts it; ``overrides`` replace single fields."""
    data: dict[str, object] = {
        "organization-name": "Harbour House Youth Services",
        "organization-alternate_name": "HHYS",
        "organization-description": "Counselling for youth.\n\nWe also run a drop-in.",
        "organization-website": "https://harbour.example.org",
        "organization-email": "info@harbour.example.org",
        "organization-phone": "(807) 555-0142",
        "sectors": ["mental-health", "social-family"],
        "services-0-name": "Youth counselling",
        "services-0-description": "Trauma-informed counselling for youth 12 to 17.",
        "services-0-types": ["counselling"],
        "services-0-populations": ["youth-12-17"],
        "services-0-languages": ["en", "fr"],
        "services-0-referral_method": "both",
        "services-0-accepting_referrals": "y",
        "locations-0-name": "Main office",
        "locations-0-address": "12 Example Street",
        "locations-0-city": "Thunder Bay",
        "locations-0-province": "ON",
        "locations-0-postal_code": "p7b1a1",
        "service_areas-0-kind": "region",
        "service_areas-0-province": "ON",
        "service_areas-0-region_name": "Thunder Bay",
        "contacts-0-name": "Intake coordinator",
        "contacts-0-email": "intake@harbour.example.org",
        "contacts-0-phone": "807 555 0143",
        "contacts-0-preferred_method": "phone",
        "contacts-0-visibility": "professionals",
        "submit": "Submit for review",
    }
    data.update(overrides)
    return data


def only_organization() -> Organization:
    db.session.expire_all()
    return db.session.scalars(sa.select(Organization)).one()


def revisions_of(org: Organization) -> list[Revision]:
    db.session.expire_all()
    stmt = sa.select(Revision).where(Revision.organization_id == org.id).order_by(Revision.id)
    return list(db.session.scalars(stmt))


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, f"no hidden {name}"
    return match[1]


def page_text(response_or_html) -> str:
    """The visible text of a page: tags removed, entities decoded, whitespace collapsed."""
    html = response_or_html
    if not isinstance(html, str):
        html = response_or_html.get_data(as_text=True)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def result_names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'class="org-card__name">\s*<a href="[^"]+">([^<]+)</a>', html)


def link_in(message, prefix: str) -> str:
    """The path of the one absolute link in a mail that starts with ``prefix``."""
    links = re.findall(r"http://localhost(/\S+)", message.body)
    matching = [link for link in links if link.startswith(prefix)]
    assert len(matching) == 1, message.body
    return matching[0]


def user_by_email(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))
