"""The workflow's states: every pair of statuses tried against the one table, the table in
docs/workflow.md kept equal to the code, and each guard the issue named tried through the
routes."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.listings.payload import payload_from_organization
from directory.models import (
    GuideRevision,
    ListingSource,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    Report,
    ReportStatus,
    Revision,
    RevisionStatus,
    Role,
    VettingRequest,
    VettingStatus,
)
from directory.workflow import TRANSITIONS, TransitionRefused, transition
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, result_names

# What the workflow allows, written out independently of directory/workflow.py.
ALLOWED: dict[type, set[str]] = {
    Organization: {
        "draft → draft",
        "draft → pending",
        "pending → pending",
        "pending → draft",
        "pending → published",
        "published → archived",
        "archived → published",
    },
    Revision: {
        "draft → draft",
        "draft → pending",
        "pending → pending",
        "pending → draft",
        "pending → approved",
        "pending → rejected",
        "pending → changes_requested",
        "rejected → draft",
        "rejected → pending",
        "changes_requested → draft",
        "changes_requested → pending",
    },
    Membership: {"pending → active", "active → removed", "removed → active"},
    VettingRequest: {"pending → approved", "pending → refused"},
    Report: {"open → resolved"},
}
ALLOWED[GuideRevision] = ALLOWED[Revision]  # a guide's revisions move as a listing's do
STATUSES = {
    Organization: OrganizationStatus,
    Revision: RevisionStatus,
    GuideRevision: RevisionStatus,
    Membership: MembershipStatus,
    VettingRequest: VettingStatus,
    Report: ReportStatus,
}
PAIRS = [
    pytest.param(model, old, new, id=f"{model.__name__}:{old}->{new}")
    for model, statuses in STATUSES.items()
    for old, new in itertools.product(statuses, repeat=2)
]


@pytest.mark.parametrize(("model", "old", "new"), PAIRS)
def test_every_status_pair(model, old, new):
    subject = model(status=old)
    if f"{old} → {new}" in ALLOWED[model]:
        transition(subject, new)
        assert subject.status == new
    else:
        with pytest.raises(TransitionRefused):
            transition(subject, new)
        assert subject.status == old


def test_the_documented_table_is_the_enforced_one():
    text = Path(__file__).parents[1].joinpath("docs/workflow.md").read_text()
    documented: dict[str, set[str]] = {}
    for kind, old, new in re.findall(r"^\| (\w+) \| `(\w+)` \| `(\w+)` \|", text, re.M):
        documented.setdefault(kind, set()).add(f"{old} → {new}")
    enforced = {
        model.__name__: {f"{old} → {new}" for old, new in pairs}
        for model, pairs in TRANSITIONS.items()
    }
    assert documented == enforced == {m.__name__: p for m, p in ALLOWED.items()}


def moderator(make_client, db):
    user = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    return browser_for(make_client, user)


def test_two_competing_claims_are_not_both_approved(make_client, db, outbox):
    org = OrganizationFactory(name="Harbour House", source=ListingSource.IMPORTED)
    first, second = UserFactory(), UserFactory()
    db.session.commit()
    for claimant in (first, second):
        response = browser_for(make_client, claimant).post(
            f"/listings/{org.id}/claim", data={"note": "Mine."}
        )
        assert response.status_code == 302
    claims = db.session.scalars(sa.select(Membership).order_by(Membership.id)).all()
    browser = moderator(make_client, db)
    approve = {"decision": "approve", "reason": "Phoned."}
    assert browser.post(f"/moderation/claims/{claims[0].id}", data=approve).status_code == 302
    assert browser.post(f"/moderation/claims/{claims[1].id}", data=approve).status_code == 409
    db.session.expire_all()
    assert [c.status for c in claims] == [MembershipStatus.ACTIVE, MembershipStatus.PENDING]
    assert len(outbox) == 1


def test_rejecting_an_edit_leaves_the_live_listing_published_and_searchable(
    make_client, client, db
):
    org = OrganizationFactory(name="Harbour House")
    editor = MembershipFactory(organization=org).user
    revision = Revision(
        organization=org,
        payload=payload_from_organization(org),
        status=RevisionStatus.PENDING,
        submitted_by_id=editor.id,
    )
    db.session.add(revision)
    db.session.commit()
    assert result_names(client.get("/search?q=Harbour")) == ["Harbour House"]
    data = {"decision": "rejected", "reason": "No.", "version": str(revision.version)}
    response = moderator(make_client, db).post(f"/moderation/revisions/{revision.id}", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert revision.status == RevisionStatus.REJECTED
    assert org.status == OrganizationStatus.PUBLISHED
    assert client.get(f"/organizations/{org.slug}").status_code == 200
    assert result_names(client.get("/search?q=Harbour")) == ["Harbour House"]


@pytest.mark.parametrize(
    ("status", "source"),
    [
        (OrganizationStatus.DRAFT, ListingSource.SUBMITTED),
        (OrganizationStatus.PENDING, ListingSource.IMPORTED),
        (OrganizationStatus.ARCHIVED, ListingSource.IMPORTED),
    ],
)
def test_only_published_listings_can_be_claimed(make_client, db, status, source):
    org = OrganizationFactory(status=status, source=source)
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    assert browser.get(f"/listings/{org.id}/claim").status_code == 403
    assert browser.post(f"/listings/{org.id}/claim", data={"note": "Mine."}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 0


@pytest.mark.parametrize("status", [OrganizationStatus.PENDING, OrganizationStatus.ARCHIVED])
def test_still_accurate_is_refused_for_an_unpublished_listing(make_client, db, status):
    long_ago = datetime.now(UTC) - timedelta(days=400)
    org = OrganizationFactory(status=status, verified_at=long_ago)
    owner = MembershipFactory(organization=org).user
    db.session.commit()
    response = browser_for(make_client, owner).post(f"/listings/{org.id}/still-accurate")
    assert response.status_code == 403
    db.session.expire_all()
    assert org.verified_at == long_ago


def test_an_administrator_without_two_factor_is_sent_to_set_it_up(make_client, db):
    admin = UserFactory(role=Role.ADMIN, totp_secret=None)
    db.session.commit()
    response = browser_for(make_client, admin).get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/two-factor/setup"


def test_an_edit_of_a_taken_down_listing_is_not_approved_until_restored(make_client, db):
    org = OrganizationFactory(name="Harbour House", status=OrganizationStatus.ARCHIVED)
    editor = MembershipFactory(organization=org).user
    revision = Revision(
        organization=org,
        payload=payload_from_organization(org),
        status=RevisionStatus.PENDING,
        submitted_by_id=editor.id,
    )
    db.session.add(revision)
    db.session.commit()
    data = {"decision": "approved", "reason": "Fine.", "version": str(revision.version)}
    response = moderator(make_client, db).post(f"/moderation/revisions/{revision.id}", data=data)
    assert response.status_code == 409
    db.session.expire_all()
    assert (org.status, revision.status) == (OrganizationStatus.ARCHIVED, RevisionStatus.PENDING)
