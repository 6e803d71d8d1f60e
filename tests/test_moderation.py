"""Moderation: the whole journey, the diff, decisions with reasons and mail, and conflicts."""

from __future__ import annotations

import html as html_lib
import re

import pytest
import sqlalchemy as sa

from directory.listings.diff import DiffRow
from directory.models import (
    AuditEvent,
    OrganizationStatus,
    Revision,
    RevisionStatus,
    Role,
)
from tests.factories import MembershipFactory, ServiceFactory, UserFactory
from tests.listing_helpers import (
    browser_for,
    hidden_value,
    link_in,
    listing_form,
    only_organization,
    page_text,
    result_names,
    revisions_of,
    user_by_email,
)

NEW_PASSWORD = "a river of quiet lanterns"


def decide(browser, revision, decision="approved", reason="Checked by phone with the director."):
    data = {"decision": decision, "reason": reason, "version": str(revision.version)}
    return browser.post(f"/moderation/revisions/{revision.id}", data=data)


def submitted_listing(make_client, db, **overrides):
    """A member's new listing, submitted for review: (member's browser, revision)."""
    member = UserFactory(name="Mina Member")
    db.session.commit()
    browser = browser_for(make_client, member)
    assert browser.post("/listings/new", data=listing_form(**overrides)).status_code == 302
    return browser, revisions_of(only_organization())[0]


def moderator_browser(make_client, db, **attributes):
    moderator = UserFactory(role=Role.MODERATOR, **attributes)
    db.session.commit()
    return browser_for(make_client, moderator), moderator


def test_register_submit_approve_then_found_in_search(make_client, db, outbox):
    browser = make_client()
    browser.post(
        "/auth/register",
        data={
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "account_kind": "organization",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert browser.get(link_in(outbox[0], "/auth/confirm/")).status_code == 302
    response = browser.post(
        "/auth/login", data={"email": "ada@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert browser.get("/listings/new").status_code == 200
    response = browser.post("/listings/new", data=listing_form())
    assert response.headers["Location"] == "/listings/"
    assert "Waiting for review" in page_text(browser.get("/listings/"))
    org = only_organization()
    assert org.status == OrganizationStatus.PENDING and org.source == "submitted"
    assert [
        (m.user.email, m.role, m.status) for m in user_by_email("ada@example.org").memberships
    ] == [("ada@example.org", "owner", "active")]
    assert result_names(make_client().get("/search?q=Harbour")) == []

    moderator, _ = moderator_browser(make_client, db)
    queue = page_text(moderator.get("/moderation/"))
    assert "New listings (1)" in queue and "Harbour House Youth Services" in queue
    revision = revisions_of(org)[0]
    review = page_text(moderator.get(f"/moderation/revisions/{revision.id}"))
    assert "A new listing: everything below is new." in review
    # Nothing is published yet: the proposed fields only, and no empty ones.
    assert "Service 1 · Name Youth counselling" in review
    assert "Published now" not in review and "(none)" not in review and " — " not in review
    response = decide(moderator, revision, reason="Verified with the executive director.")
    assert response.status_code == 302

    org = only_organization()
    assert org.status == OrganizationStatus.PUBLISHED
    assert org.verified_at is not None and org.last_reviewed_at is not None
    assert [s.name for s in org.services] == ["Youth counselling"]
    assert org.locations[0].postal_code == "P7B 1A1" and org.locations[0].latitude
    assert org.phone == "+1 807-555-0142"
    revision = revisions_of(org)[0]
    assert revision.status == RevisionStatus.APPROVED and revision.decided_at is not None
    assert revision.moderator_id is not None
    visitor = make_client()
    assert result_names(visitor.get("/search?q=Harbour")) == ["Harbour House Youth Services"]
    profile = visitor.get(f"/organizations/{org.slug}")
    assert profile.status_code == 200 and "Youth counselling" in page_text(profile)
    decision_mail = outbox[-1]
    assert decision_mail.to == ["ada@example.org"]
    assert decision_mail.subject == "Your listing is published"
    assert "Verified with the executive director." in decision_mail.body
    assert "http://localhost/listings/" in decision_mail.body
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "listing.create" in actions and "revision.approved" in actions


def test_queue_times_are_marked_for_the_readers_time_zone(make_client, db):
    _, revision = submitted_listing(make_client, db)
    moderator, _ = moderator_browser(make_client, db)
    html = moderator.get("/moderation/").get_data(as_text=True)
    moment = revision.submitted_at
    iso, shown = moment.strftime("%Y-%m-%dT%H:%M:%SZ"), moment.strftime("%Y-%m-%d %H:%M UTC")
    assert f'<time class="local-time" datetime="{iso}">{shown}</time>' in html
    assert "/static/js/local-time.js" in html


def test_queue_lists_oldest_first_with_counts_and_nav_badge(make_client, db):
    submitted_listing(make_client, db)
    moderator, _ = moderator_browser(make_client, db)
    html = moderator.get("/moderation/").get_data(as_text=True)
    assert "Changes to published listings (0)" in page_text(html)
    assert 'class="badge"' in html and "1 waiting" in html


def test_diff_shows_only_changed_fields_escaped(make_client, db):
    owner = MembershipFactory(role="owner")
    org = owner.organization
    ServiceFactory(organization=org, name="Drop-in")
    db.session.commit()
    browser = browser_for(make_client, owner.user)
    data = listing_form(
        **{
            "organization-name": org.name,
            "organization-description": "<script>alert(1)</script> New text",
            "services-0-name": "Drop-in",
        }
    )
    assert browser.post(f"/listings/{org.id}/edit", data=data).status_code == 302
    revision = revisions_of(org)[0]
    moderator, _ = moderator_browser(make_client, db)
    html = moderator.get(f"/moderation/revisions/{revision.id}").get_data(as_text=True)
    text = page_text(html)
    assert "Proposed changes to a published listing." in text
    assert "Organization · Description" in text and "Organization · Name" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Service 1 · Name" not in text  # unchanged


def marked(html: str, tag: str) -> list[str]:
    """The text of each word-level change of that tag, without its screen-reader words."""
    found = re.findall(rf'<{tag} class="diff__word">(.*?)</{tag}>', html, flags=re.S)
    return [
        html_lib.unescape(re.sub(r'<span class="visually-hidden">.*?</span>', "", f)) for f in found
    ]


def test_a_phrase_inserted_in_long_text_is_marked_word_by_word(make_client, db):
    owner = MembershipFactory(role="owner")
    org = owner.organization
    org.description = "We offer counselling to young people who were exploited, in Kenora."
    ServiceFactory(organization=org, name="Drop-in")
    db.session.commit()
    browser = browser_for(make_client, owner.user)
    changed = "We offer free counselling to young people & their families who were exploited."
    data = listing_form(
        **{
            "organization-name": org.name,
            "organization-description": changed,
            "services-0-name": "Drop-in",
        }
    )
    assert browser.post(f"/listings/{org.id}/edit", data=data).status_code == 302
    moderator, _ = moderator_browser(make_client, db)
    page = moderator.get(f"/moderation/revisions/{revisions_of(org)[0].id}").get_data(as_text=True)
    html = page.split("Organization · Description", 1)[1].split("</tr>", 1)[0]
    assert [m.strip() for m in marked(html, "ins")] == ["free", "& their families"]
    assert [m.strip() for m in marked(html, "del")] == [", in Kenora"]
    assert "[added:" in page_text(html) and "[removed:" in page_text(html)
    # The unchanged words are there once on each side, outside any mark.
    assert page_text(html).count("counselling to young people") == 2


def test_short_values_are_shown_whole(make_client, db):
    row = DiffRow("Phone", "807-555-0101", "807-555-0199")
    assert row.words is None and row.change == "changed"
    long_row = DiffRow("Notes", "a" * 20 + " one", "a" * 20 + " two " + "b" * 20)
    before, after = long_row.words
    assert [p.text for p in before if p.changed] == ["one"]
    assert [p.text for p in after if p.changed] == ["two " + "b" * 20]
    rewritten = DiffRow(
        "Description",
        "Counselling for young people in Kenora, by appointment.",
        "A drop-in centre (evenings) run by survivors, for anyone under 25.",
    )
    assert rewritten.words is None  # too little in common: read whole, not as confetti
    joined = DiffRow(
        "Notes",
        "Call the intake line first, then send the form.",
        "Call us, the intake line first, then send the signed form.",
    )
    before, after = joined.words
    assert [p.text.strip() for p in after if p.changed] == ["us,", "signed"]


def test_rejection_and_changes_requested_go_back_with_the_reason(make_client, db, outbox):
    member, revision = submitted_listing(make_client, db)
    moderator, _ = moderator_browser(make_client, db)
    assert (
        decide(moderator, revision, "changes_requested", "Add an intake phone.").status_code == 302
    )
    org = only_organization()
    assert org.status == OrganizationStatus.DRAFT
    assert revisions_of(org)[0].status == RevisionStatus.CHANGES_REQUESTED
    assert outbox[-1].subject == "Changes requested to your listing"
    assert "Add an intake phone." in outbox[-1].body
    listings = page_text(member.get("/listings/"))
    assert "Changes requested" in listings and "Add an intake phone." in listings

    edit = member.get(f"/listings/{org.id}/edit").get_data(as_text=True)
    assert "Harbour House Youth Services" in edit
    data = listing_form(revision_id=str(revision.id), version=hidden_value(edit, "version"))
    assert member.post(f"/listings/{org.id}/edit", data=data).status_code == 302
    revision = revisions_of(org)[0]
    assert revision.status == RevisionStatus.PENDING
    assert decide(moderator, revision, "rejected", "Out of scope.").status_code == 302
    assert revisions_of(org)[0].status == RevisionStatus.REJECTED
    assert outbox[-1].subject == "Your listing was not approved"
    assert "Not approved" in page_text(member.get("/listings/"))


@pytest.mark.parametrize("decision", ["rejected", "changes_requested"])
def test_rejecting_or_asking_for_changes_needs_a_reason(make_client, db, decision):
    _, revision = submitted_listing(make_client, db)
    moderator, _ = moderator_browser(make_client, db)
    response = decide(moderator, revision, decision, reason="  ")
    assert response.status_code == 200
    assert "Give a reason to reject or to ask for changes." in page_text(response)
    assert revisions_of(only_organization())[0].status == RevisionStatus.PENDING


def test_approving_needs_no_reason(make_client, db, outbox):
    _, revision = submitted_listing(make_client, db)
    moderator, _ = moderator_browser(make_client, db)
    response = decide(moderator, revision, "approved", reason="")
    assert response.status_code == 302
    assert "the submitter was emailed." in page_text(moderator.get(response.location))
    assert revisions_of(only_organization())[0].status == RevisionStatus.APPROVED
    assert only_organization().status == OrganizationStatus.PUBLISHED
    body = outbox[-1].body
    assert "It is now published" in body and "reason" not in body


def test_a_moderator_cannot_approve_their_own_submission(make_client, db):
    moderator, me = moderator_browser(make_client, db)
    moderator.post("/listings/new", data=listing_form())
    revision = revisions_of(only_organization())[0]
    page = page_text(moderator.get(f"/moderation/revisions/{revision.id}"))
    assert "another moderator must decide" in page
    assert decide(moderator, revision).status_code == 403
    assert revisions_of(only_organization())[0].status == RevisionStatus.PENDING


def test_two_moderators_deciding_the_same_revision(make_client, db, outbox):
    _, revision = submitted_listing(make_client, db)
    first, _ = moderator_browser(make_client, db)
    second, _ = moderator_browser(make_client, db)
    loaded_version = revision.version
    assert decide(first, revision, "approved", "Looks right.").status_code == 302
    mails = len(outbox)
    stale = Revision(id=revision.id, version=loaded_version)
    response = decide(second, stale, "rejected", "Not vetted.")
    assert response.status_code == 409
    text = page_text(response)
    assert "another moderator decided" in text and "Looks right." in text
    revision = revisions_of(only_organization())[0]
    assert revision.status == RevisionStatus.APPROVED and revision.reason == "Looks right."
    assert len(outbox) == mails
    assert only_organization().status == OrganizationStatus.PUBLISHED


def test_a_decision_on_a_revision_changed_since_loading_is_refused(make_client, db):
    member, revision = submitted_listing(make_client, db)
    moderator, _ = moderator_browser(make_client, db)
    loaded = Revision(id=revision.id, version=revision.version)
    data = listing_form(
        revision_id=str(revision.id), version=str(revision.version), **{"services-0-fees": "None"}
    )
    assert member.post(f"/listings/{revision.organization_id}/edit", data=data).status_code == 302
    assert decide(moderator, loaded).status_code == 409
    assert revisions_of(only_organization())[0].status == RevisionStatus.PENDING


def test_the_moderation_badge_counts_everything_waiting(db):
    from directory.models import Membership, Report
    from directory.models.vetting import VettingRequest
    from directory.moderation.services import pending_count
    from tests.factories import OrganizationFactory, UserFactory

    org = OrganizationFactory()
    member = UserFactory()
    db.session.add_all(
        [
            Report(organization=org, reason="outdated"),
            Membership(user=member, organization=org, role="owner", status="pending"),
            VettingRequest(
                user=member,
                organization_name="Clinic",
                role="Nurse",
                work_email="nurse@example.org",
            ),
        ]
    )
    db.session.commit()
    assert pending_count() == 3
