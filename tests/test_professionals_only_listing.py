"""Marking a listing visible to vetted professionals only: the listing form, the revision
payload (version 3; older payloads read as public), the moderation diff and the moderator's
own say on approval."""

from __future__ import annotations

import sqlalchemy as sa

from directory.extensions import db as _db
from directory.listings.payload import SCHEMA_VERSION, payload_from_organization, read_payload
from directory.models import AuditEvent, Organization
from tests.factories import OrganizationFactory
from tests.listing_helpers import only_organization
from tests.test_moderation import decide, moderator_browser, submitted_listing

BADGE = "Visible to vetted professionals only"


def _approve(browser, revision, **extra):
    data = {"decision": "approved", "reason": "Checked with the unit.", **extra}
    data["version"] = str(revision.version)
    return browser.post(f"/moderation/revisions/{revision.id}", data=data)


def test_a_member_marks_it_and_the_moderator_sees_it_in_the_diff(make_client, db):
    member, revision = submitted_listing(
        make_client, db, **{"organization-professionals_only": "y"}
    )
    assert revision.payload["organization"]["professionals_only"] is True
    moderator, _ = moderator_browser(make_client, db)
    review = moderator.get(f"/moderation/revisions/{revision.id}").get_data(as_text=True)
    assert BADGE in review
    box = review.split('name="professionals_only"')[0].rsplit("<input", 1)[1]
    assert "checked" in box  # filled from the revision
    assert _approve(moderator, revision, professionals_only="y").status_code == 302
    organization = only_organization()
    assert organization.is_published and organization.professionals_only
    assert organization.name not in make_client().get("/search").get_data(as_text=True)
    assert make_client().get(f"/organizations/{organization.slug}").status_code == 404
    # Its member still sees it, with the badge.
    own = member.get(f"/organizations/{organization.slug}")
    assert own.status_code == 200 and BADGE in own.get_data(as_text=True)


def test_the_form_shows_the_box_and_keeps_it(make_client, db):
    member, revision = submitted_listing(
        make_client, db, **{"organization-professionals_only": "y"}
    )
    form = member.get(f"/listings/{revision.organization_id}/edit").get_data(as_text=True)
    assert BADGE in form
    assert 'id="organization-professionals_only"' in form and "checked" in form


def test_a_moderator_can_set_it_on_approval(make_client, db):
    _, revision = submitted_listing(make_client, db)
    assert revision.payload["organization"]["professionals_only"] is False
    moderator, _ = moderator_browser(make_client, db)
    assert _approve(moderator, revision, professionals_only="y").status_code == 302
    organization = only_organization()
    assert organization.professionals_only
    assert read_payload(revision.payload, organization).organization.professionals_only
    event = _db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "revision.approved")
    )
    assert event is not None and event.details["professionals_only"] is True


def test_a_moderator_can_clear_it_on_approval(make_client, db):
    _, revision = submitted_listing(make_client, db, **{"organization-professionals_only": "y"})
    moderator, _ = moderator_browser(make_client, db)
    assert _approve(moderator, revision).status_code == 302  # the box left unticked
    assert not only_organization().professionals_only


def test_a_decision_other_than_approval_leaves_the_payload_alone(make_client, db):
    _, revision = submitted_listing(make_client, db)
    moderator, _ = moderator_browser(make_client, db)
    response = decide(moderator, revision, "changes_requested")
    assert response.status_code == 302
    assert revision.payload["organization"]["professionals_only"] is False


def test_an_older_payload_reads_as_public(db):
    organization = OrganizationFactory(professionals_only=True)
    db.session.commit()
    stored = payload_from_organization(organization)
    assert SCHEMA_VERSION >= 4 and stored["organization"]["professionals_only"] is True
    older = {**stored, "schema_version": 2}
    older["organization"] = {
        k: v for k, v in stored["organization"].items() if k != "professionals_only"
    }
    assert read_payload(older, organization).organization.professionals_only is False
    assert db.session.get(Organization, organization.id).professionals_only
