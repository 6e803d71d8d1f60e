"""Guide rules: which guides exist, saving a proposed version, deciding on it.

No request objects; callers commit. Like a listing, a guide changes only when a moderator
who did not write the revision approves it (``directory.conflicts``); every save and
decision is audited.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.conflicts import ensure_may_decide
from directory.extensions import db
from directory.guides.content import Payload, empty_payload, publish, published_payload
from directory.models import (
    Guide,
    GuideKind,
    GuideRevision,
    Province,
    RevisionStatus,
    TaxonomyTerm,
    User,
    Vocabulary,
)
from directory.models.types import utcnow
from directory.workflow import transition

OPEN_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.PENDING, RevisionStatus.CHANGES_REQUESTED)


class GuideRevisionConflict(Exception):
    """The revision changed (saved by someone else, or decided) since the page was loaded."""


def duty_slug(code: str) -> str:
    return f"duty-to-report-{code.lower()}"


def sectors() -> list[TaxonomyTerm]:
    stmt = sa.select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == Vocabulary.SECTOR)
    return list(db.session.scalars(stmt.order_by(TaxonomyTerm.position)))


def provinces() -> list[Province]:
    return list(db.session.scalars(sa.select(Province).order_by(Province.position)))


def guides_by_slug() -> dict[str, Guide]:
    return {guide.slug: guide for guide in db.session.scalars(sa.select(Guide))}


def find_guide(slug: str) -> Guide | None:
    """The guide of ``slug``: every sector and province has one, written or not. One not
    saved yet comes back new and unsaved (a page view writes nothing); ``save`` adds it."""
    guide = db.session.scalar(sa.select(Guide).where(Guide.slug == slug))
    if guide is not None:
        return guide
    sector = db.session.scalar(
        sa.select(TaxonomyTerm).filter_by(vocabulary=Vocabulary.SECTOR, slug=slug)
    )
    if sector is not None:
        return Guide(slug=slug, kind=GuideKind.SECTOR, sector=sector, **_EMPTY)
    province = next((p for p in provinces() if duty_slug(p.code) == slug), None)
    if province is not None:
        return Guide(slug=slug, kind=GuideKind.DUTY, province=province, **_EMPTY)
    return None


_EMPTY: dict = {"sections": {}, "refer_sectors": [], "sample": True}


def open_revision(guide: Guide) -> GuideRevision | None:
    """The revision editors are working on (draft, waiting, or sent back), if any."""
    if guide.id is None:
        return None
    stmt = (
        sa.select(GuideRevision)
        .where(GuideRevision.guide_id == guide.id, GuideRevision.status.in_(OPEN_STATUSES))
        .order_by(GuideRevision.id.desc())
    )
    return db.session.scalars(stmt).first()


def starting_payload(guide: Guide, revision: GuideRevision | None) -> Payload:
    if revision is not None:
        return revision.payload
    return published_payload(guide) if guide.is_published else empty_payload(guide.kind)


def save(
    editor: User,
    guide: Guide,
    payload: Payload,
    submit: bool,
    revision_id: int | None,
    version: int | None,
) -> GuideRevision:
    """Save ``payload`` as the guide's open revision (a new one when there is none), and
    submit it for review when ``submit``. Raises ``GuideRevisionConflict`` when the revision
    the editor loaded changed since."""
    if guide.id is None:
        db.session.add(guide)
        db.session.flush()
    revision = open_revision(guide)
    if (revision.id if revision else None) != revision_id or (
        revision is not None and revision.version != version
    ):
        raise GuideRevisionConflict()
    status = RevisionStatus.PENDING if submit else RevisionStatus.DRAFT
    if revision is None:  # created in its first state; from then on, only through transition
        revision = GuideRevision(guide=guide, status=status)
        db.session.add(revision)
    else:
        transition(revision, status)
    revision.payload = payload
    revision.submitted_by_id = editor.id
    if all(author.id != editor.id for author in revision.authors):
        revision.authors.append(editor)
    if submit:
        revision.submitted_at = utcnow()
    db.session.flush()
    action = "guide_revision.submitted" if submit else "guide_revision.saved"
    audit.record(editor, action, revision, guide=guide.slug)
    return revision


def pending_revisions() -> list[GuideRevision]:
    stmt = (
        sa.select(GuideRevision)
        .where(GuideRevision.status == RevisionStatus.PENDING)
        .options(selectinload(GuideRevision.guide), selectinload(GuideRevision.authors))
        .order_by(GuideRevision.submitted_at, GuideRevision.id)
    )
    return list(db.session.scalars(stmt))


def pending_count() -> int:
    stmt = sa.select(sa.func.count()).where(GuideRevision.status == RevisionStatus.PENDING)
    return db.session.scalar(stmt) or 0


def decide(
    moderator: User, revision: GuideRevision, decision: RevisionStatus, reason: str, version: int
) -> None:
    """Record ``decision``; on approval the guide shows the revision's text at once.

    Raises ``GuideRevisionConflict`` if the revision changed or was decided since the
    moderator loaded it, ``ConflictOfInterest`` when the moderator wrote it."""
    if revision.status != RevisionStatus.PENDING or revision.version != version:
        raise GuideRevisionConflict()
    ensure_may_decide(moderator, revision)
    now = utcnow()
    transition(revision, decision)
    revision.reason = reason
    revision.moderator_id = moderator.id
    revision.decided_at = now
    guide = revision.guide
    if decision == RevisionStatus.APPROVED:
        publish(guide, revision.payload, now.date())
        guide.published_at = now
    db.session.flush()
    audit.record(
        moderator, f"guide_revision.{decision.value}", revision, guide=guide.slug, reason=reason
    )
