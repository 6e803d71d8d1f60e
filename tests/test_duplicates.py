"""Likely duplicates: shown to the submitter ("already listed? claim it") and the moderator."""

from __future__ import annotations

import sqlalchemy as sa

from directory import duplicates
from directory.models import (
    ContactVisibility,
    DuplicateKey,
    Organization,
    OrganizationStatus,
    Role,
)
from directory.search.bulk import rebuild_index
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    UserFactory,
)
from tests.listing_helpers import (
    browser_for,
    listing_form,
    page_text,
    revisions_of,
)

# The listing form's defaults (tests/listing_helpers.py): Harbour House Youth Services,
# https://harbour.example.org, (807) 555-0142, 12 Example Street P7B 1A1, contact 807 555 0143.
NOTHING_ALIKE = {
    "organization-website": "https://other.example.net",
    "organization-phone": "(807) 555-0900",
    "contacts-0-phone": "807 555 0901",
    "locations-0-address": "9 Unrelated Road",
}


def submitted(make_client, db, **fields):
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    assert (
        browser.post("/listings/new", data=listing_form(**(NOTHING_ALIKE | fields))).status_code
        == 302
    )
    return browser


def lookalike_lines(browser) -> list[str]:
    page = browser.get("/listings/").text
    if "lookalikes" not in page:
        return []
    block = page.split('class="notice lookalikes"', 1)[1].split("</div>", 1)[0]
    return [page_text(item) for item in block.split("<li>")[1:]]


def test_keys_are_normalised():
    traits = duplicates.Traits(
        "The Bridgeway Victim Services Inc.",
        "https://www.Bridgeway.example.ca/about",
        ["+1 (807) 555-0100", "555-01", None],
        [("12 Example St.", "p7b 1a1"), (None, "P7B 1A1")],
    )
    assert traits.keys() == {
        ("name", "bridgeway victim"),
        ("word", "bridgeway"),
        ("word", "victim"),
        ("host", "bridgeway.example.ca"),
        ("phone", "8075550100"),
        ("address", "12 example st|p7b1a1"),
    }


def test_a_submitter_is_asked_whether_the_listing_exists_with_a_claim_link(make_client, db):
    org = OrganizationFactory(name="Harbour House Youth Services Society")
    db.session.commit()
    browser = submitted(make_client, db)
    [line] = lookalike_lines(browser)
    assert line == "Harbour House Youth Services Society (the same name) · Claim it"
    assert f'href="/listings/{org.id}/claim"' in browser.get("/listings/").text


def test_each_shared_trait_is_named(make_client, db):
    org = OrganizationFactory(
        name="Lakehead Outreach", phone="807-555-0142", website="https://harbour.example.org/"
    )
    LocationFactory(organization=org, address="12 Example Street", postal_code="P7B 1A1")
    db.session.commit()
    browser = submitted(
        make_client,
        db,
        **{
            "organization-website": "https://harbour.example.org",
            "organization-phone": "(807) 555-0142",
            "locations-0-address": "12 Example Street",
        },
    )
    assert lookalike_lines(browser) == [
        "Lakehead Outreach (the same phone number, the same website, the same address) · Claim it"
    ]


def test_a_similar_name_counts_and_one_shared_word_does_not(make_client, db):
    OrganizationFactory(name="Harbour Youth Drop-in")  # harbour, youth, drop, in: 2 of 3 shared
    OrganizationFactory(name="Northern Youth Shelter")  # only "youth"
    db.session.commit()
    lines = lookalike_lines(submitted(make_client, db))
    assert lines == ["Harbour Youth Drop-in (a similar name) · Claim it"]


def test_confidential_addresses_and_restricted_phones_are_never_matched(make_client, db):
    shelter = OrganizationFactory(name="Safe Harbour Shelter Program")
    LocationFactory(
        organization=shelter, address="12 Example Street", postal_code="P7B 1A1", confidential=True
    )
    ReferralContactFactory(
        organization=shelter, phone="807 555 0143", visibility=ContactVisibility.PROFESSIONALS
    )
    db.session.commit()
    browser = submitted(
        make_client,
        db,
        **{
            "locations-0-address": "12 Example Street",
            "contacts-0-phone": "807 555 0143",
            "contacts-0-visibility": "public",
        },
    )
    assert lookalike_lines(browser) == []


def test_a_professionals_only_lookalike_is_shown_to_the_moderator_not_the_submitter(
    make_client, db
):
    OrganizationFactory(name="Harbour House Youth Services", professionals_only=True)
    db.session.commit()
    assert lookalike_lines(submitted(make_client, db)) == []
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    pending = db.session.scalars(
        sa.select(Organization).where(Organization.status != OrganizationStatus.PUBLISHED)
    ).one()
    [revision] = revisions_of(pending)
    page = page_text(
        browser_for(make_client, moderator).get(f"/moderation/revisions/{revision.id}")
    )
    assert "Likely duplicate of Harbour House Youth Services (the same name)" in page


def test_keys_follow_edits_and_takedowns(db):
    org = OrganizationFactory(name="Bridgeway Victim Services")
    db.session.commit()
    traits = duplicates.Traits("Bridgeway Victim Services", None, [], [])
    assert [m.organization.id for m in duplicates.likely_duplicates(db.session(), traits)] == [
        org.id
    ]
    org.name = "Lakeview Counselling"
    db.session.commit()
    assert duplicates.likely_duplicates(db.session(), traits) == []
    org.name = "Bridgeway Victim Services"
    org.status = OrganizationStatus.ARCHIVED
    db.session.commit()
    assert duplicates.likely_duplicates(db.session(), traits) == []


def test_a_full_rebuild_writes_the_keys(db):
    OrganizationFactory(name="Bridgeway Victim Services", phone="807 555 0100")
    db.session.commit()
    db.session.execute(sa.delete(DuplicateKey))
    db.session.commit()
    rebuild_index(db.session())
    db.session.commit()
    kinds = set(db.session.scalars(sa.select(DuplicateKey.kind)))
    assert kinds == {"name", "word", "phone"}


def test_a_claim_shows_its_lookalikes_and_an_address_off_the_website(make_client, db):
    org = OrganizationFactory(name="Harbour House", website="https://harbour.example.org")
    twin = OrganizationFactory(name="Harbour House Society", website="https://other.example.net")
    member = UserFactory(email="ada@gmail.com")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    browser_for(make_client, member).post(f"/listings/{org.id}/claim", data={"note": "I run it."})
    [claim] = [m for m in member.memberships]
    page = page_text(browser_for(make_client, moderator).get(f"/moderation/claims/{claim.id}"))
    assert (
        "Submitted from a webmail address (gmail.com), not from the website’s domain"
        " (harbour.example.org)." in page
    )
    assert f"Likely duplicate of {twin.name} (the same name)" in page


def test_common_words_alone_find_nothing_and_nothing_to_go_by_finds_nothing(db, monkeypatch):
    for town in ("Kenora", "Dryden", "Sioux Lookout", "Red Lake"):
        OrganizationFactory(name=f"Youth Outreach {town}")
    db.session.commit()
    assert duplicates.likely_duplicates(db.session(), duplicates.Traits("", None, [], [])) == []
    # "youth" and "outreach" in 4 listings: with COMMON_WORD at 3 they are too common to count.
    monkeypatch.setattr(duplicates, "COMMON_WORD", 3)
    traits = duplicates.Traits("Youth Outreach", None, [], [])
    assert duplicates.likely_duplicates(db.session(), traits) == []
    monkeypatch.setattr(duplicates, "COMMON_WORD", 200)
    assert len(duplicates.likely_duplicates(db.session(), traits)) == 4
