"""Listing rules: create a listing, save a revision of it, find what a member may work on.

No request objects here; the caller commits. A saved revision is either a ``draft`` or
``pending`` (submitted for review); the published organization is never touched here.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from slugify import slugify

from directory import audit
from directory.extensions import db
from directory.listings.payload import ListingPayload
from directory.models import (
    ListingSource,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    Revision,
    RevisionStatus,
    User,
)
from directory.models.types import utcnow
from directory.workflow import transition

# A member may keep working on these; approved revisions are history.
OPEN_STATUSES = (
    RevisionStatus.DRAFT,
    RevisionStatus.PENDING,
    RevisionStatus.CHANGES_REQUESTED,
    RevisionStatus.REJECTED,
)


class RevisionConflict(Exception):
    """The revision changed (or was decided) since the form was loaded."""

    def __init__(self, revision: Revision | None) -> None:
        """``revision``: the one the form now conflicts with (None: it was deleted)."""
        super().__init__(f"revision {revision.id if revision else None} changed")
        self.revision = revision


@dataclass(frozen=True)
class ListingRow:
    organization: Organization
    revisions: list[Revision]


def unique_slug(name: str) -> str:
    base = slugify(name, max_length=100) or "listing"
    slug, n = base, 1
    while db.session.scalar(sa.select(Organization.id).where(Organization.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_listing(user: User, payload: ListingPayload, submit: bool) -> Revision:
    """A new organization (draft or pending), its submitter as owner, and its first revision."""
    org = Organization(
        name=payload.organization.name,
        slug=unique_slug(payload.organization.name),
        description="",
        status=OrganizationStatus.PENDING if submit else OrganizationStatus.DRAFT,
        source=ListingSource.SUBMITTED,
    )
    db.session.add(org)
    db.session.add(
        Membership(
            user=user,
            organization=org,
            role=MembershipRole.OWNER,
            status=MembershipStatus.ACTIVE,
        )
    )
    revision = _new_revision(user, org, payload, submit)
    db.session.flush()
    audit.record(user, "listing.create", org, revision_id=revision.id, submitted=submit)
    return revision


def open_revision(org: Organization) -> Revision | None:
    """The revision a member is working on (the newest one not yet approved), if any."""
    stmt = (
        sa.select(Revision)
        .where(Revision.organization_id == org.id, Revision.status.in_(OPEN_STATUSES))
        .order_by(Revision.id.desc())
    )
    return db.session.scalars(stmt).first()


def save_revision(
    user: User,
    org: Organization,
    payload: ListingPayload,
    submit: bool,
    revision_id: int | None,
    loaded_version: int | None,
) -> Revision:
    """Save the member's edit. ``revision_id``/``loaded_version`` say what the form was loaded
    from; if that revision moved on since (another editor saved, a moderator decided), or a
    new one was opened meanwhile, raise ``RevisionConflict`` instead of overwriting it."""
    current = open_revision(org)
    if revision_id is None:
        if current is not None:
            raise RevisionConflict(current)
        revision = _new_revision(user, org, payload, submit)
    else:
        saved = db.session.get(Revision, revision_id)
        if (
            saved is None
            or saved.organization_id != org.id
            or saved.status not in OPEN_STATUSES
            or saved.version != loaded_version
        ):
            raise RevisionConflict(saved or current)
        revision = saved
        revision.payload = payload.to_json()
        revision.submitted_by_id = user.id
        _add_author(revision, user)
        transition(revision, RevisionStatus.PENDING if submit else RevisionStatus.DRAFT)
        _stamp_submission(revision, submit)
    if org.status in (OrganizationStatus.DRAFT, OrganizationStatus.PENDING):
        org.name = payload.organization.name
        transition(org, OrganizationStatus.PENDING if submit else OrganizationStatus.DRAFT)
    db.session.flush()
    audit.record(user, "listing.save", org, revision_id=revision.id, submitted=submit)
    return revision


def _new_revision(user: User, org: Organization, payload: ListingPayload, submit: bool) -> Revision:
    revision = Revision(
        organization=org,
        submitted_by_id=user.id,
        payload=payload.to_json(),
        status=RevisionStatus.PENDING if submit else RevisionStatus.DRAFT,
    )
    db.session.add(revision)
    _add_author(revision, user)
    _stamp_submission(revision, submit)
    return revision


def _add_author(revision: Revision, user: User) -> None:
    """Everyone who saves a revision is one of its authors, for good: none of them may
    decide on it, even after someone else saved it last (``directory.conflicts``)."""
    if user not in revision.authors:
        revision.authors.append(user)


def _stamp_submission(revision: Revision, submit: bool) -> None:
    if submit:
        revision.submitted_at = utcnow()


def listings_of(user: User) -> list[ListingRow]:
    """The member's organizations, each with its revisions, newest first."""
    orgs = db.session.scalars(
        sa.select(Organization)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Membership.status == MembershipStatus.ACTIVE)
        .order_by(Organization.name)
    ).all()
    revisions: dict[int, list[Revision]] = {org.id: [] for org in orgs}
    if orgs:
        stmt = (
            sa.select(Revision)
            .where(Revision.organization_id.in_(revisions))
            .order_by(Revision.id.desc())
        )
        for revision in db.session.scalars(stmt):
            revisions[revision.organization_id].append(revision)
    return [ListingRow(org, revisions[org.id]) for org in orgs]
