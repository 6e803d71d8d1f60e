"""Keeping listings fresh: re-verification due, hidden from search, "still accurate", reminders.

A published listing is *due* for re-verification ``REVERIFY_AFTER_MONTHS`` after
``verified_at`` and leaves search ``HIDE_AFTER_MONTHS`` after it (``search.engine``). Its
owners and editors confirm it with one button, which restarts both clocks. Reminders are
idempotent: an ``AuditEvent`` ``listing.reminder_sent`` records the ``verified_at`` each was
sent for, and no second reminder goes out for the same one. No request objects; callers commit.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import ngettext

from directory import audit
from directory.extensions import db
from directory.models import (
    AuditEvent,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    User,
)
from directory.models.types import utcnow
from directory.search.documents import confirmation_clock
from directory.search.engine import MONTH_DAYS, hide_before
from directory.search.findable import hidden_before

REMINDER_SENT = "listing.reminder_sent"


class Freshness(enum.StrEnum):
    CURRENT = "current"
    DUE = "due"  # needs re-verification, still in search
    HIDDEN = "hidden"  # needs re-verification, out of search


def freshness(organization: Organization, now: datetime | None = None) -> Freshness:
    """How fresh a published listing is, on search's clock (``confirmation_clock``): an
    imported listing nobody has verified has nothing to re-verify, but leaves search
    ``HIDE_AFTER_MONTHS`` after its import as search says. (A search result card has no
    ``created_at``: it is only asked about once verified, and ``or`` stops there.)"""
    clock = confirmation_clock(organization)
    verified = organization.verified_at
    if clock is None:  # not saved yet
        return Freshness.CURRENT
    if clock < hidden_before(now):
        return Freshness.HIDDEN
    if verified is not None and verified < hide_before(
        now, current_app.config["REVERIFY_AFTER_MONTHS"]
    ):
        return Freshness.DUE
    return Freshness.CURRENT


def months_unconfirmed(organization: Organization, now: datetime | None = None) -> int:
    """Whole months since the listing's clock, counted as ``hide_before`` counts them (so a
    listing due after 12 months says at least 12)."""
    clock = confirmation_clock(organization)
    if clock is None:
        return 0
    now = now or utcnow()
    months = int((now - clock) / timedelta(days=MONTH_DAYS))
    if clock < hide_before(now, months + 1):  # hide_before rounds months to whole days
        months += 1
    return months


def last_confirmed_note(organization: Organization) -> str:
    """The warning a stale listing carries instead of "Verified on" (cards and profiles)."""
    return ngettext(
        "Last confirmed %(num)d month ago — check before referring",
        "Last confirmed %(num)d months ago — check before referring",
        months_unconfirmed(organization),
    )


def confirm_still_accurate(user: User, organization: Organization, via: str = "button") -> None:
    """The member vouches for the published listing as it stands: both clocks restart.
    ``via``: the "Still accurate" button, or the reminder's "mail link"."""
    now = utcnow()
    previous = organization.verified_at
    organization.verified_at = organization.last_reviewed_at = now
    audit.record(
        user,
        "listing.reverified",
        organization,
        previous_verified_at=previous.isoformat() if previous else None,
        via=via,
    )


def _due(now: datetime | None) -> sa.ColumnElement[bool]:
    cutoff = hide_before(now, current_app.config["REVERIFY_AFTER_MONTHS"])
    return sa.and_(
        Organization.status == OrganizationStatus.PUBLISHED,
        Organization.verified_at.is_not(None),
        Organization.verified_at < cutoff,
    )


def listings_due(now: datetime | None = None) -> list[Organization]:
    """Published listings needing re-verification, oldest verification first."""
    stmt = (
        sa.select(Organization).where(_due(now)).order_by(Organization.verified_at, Organization.id)
    )
    return list(db.session.scalars(stmt))


def due_count_and_oldest(now: datetime | None = None) -> tuple[int, datetime | None]:
    """How many listings are due, and the oldest verification among them: one aggregate
    (the moderation desk's tab, which must not load thousands of listings to count them)."""
    count, oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(Organization.verified_at)).where(_due(now))
    ).one()
    return count, oldest


def already_reminded(organization: Organization) -> bool:
    """True when a reminder went out for the listing's current ``verified_at``."""
    stmt = sa.select(AuditEvent.details).where(
        AuditEvent.action == REMINDER_SENT,
        AuditEvent.target_type == Organization.__tablename__,
        AuditEvent.target_id == organization.id,
    )
    stamp = _stamp(organization)
    return any((details or {}).get("verified_at") == stamp for details in db.session.scalars(stmt))


def owners_of(organization: Organization) -> Iterator[User]:
    """Active owners with a confirmed address: the people a reminder is for."""
    stmt = (
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.organization_id == organization.id,
            Membership.role == MembershipRole.OWNER,
            Membership.status == MembershipStatus.ACTIVE,
            User.active.is_(True),
            User.email_confirmed_at.is_not(None),
        )
        .order_by(User.id)
    )
    yield from db.session.scalars(stmt)


def record_reminder(organization: Organization, recipients: list[User]) -> None:
    """Audited: which listing, for which verification, and who was mailed (by account id)."""
    audit.record(
        None,
        REMINDER_SENT,
        organization,
        organization_id=organization.id,
        verified_at=_stamp(organization),
        recipients=len(recipients),
        recipient_ids=[user.id for user in recipients],
    )


def _stamp(organization: Organization) -> str | None:
    verified = organization.verified_at
    return verified.isoformat() if verified else None
