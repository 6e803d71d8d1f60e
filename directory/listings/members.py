"""Who edits a listing: owners remove an editor (the caller commits).

A removed editor's membership is kept with status ``removed`` rather than deleted: their
session can no longer edit (``can_edit_listing`` needs an active membership), and as a
former member they may never decide on the listing (``directory.conflicts``). An owner can
invite them again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.extensions import db
from directory.models import Membership, MembershipRole, MembershipStatus, Organization, User
from directory.workflow import transition


class NotRemovable(Exception):
    """Only an active editor of this very listing can be removed (not an owner)."""


def active_members(organization: Organization) -> list[Membership]:
    stmt = (
        sa.select(Membership)
        .where(
            Membership.organization_id == organization.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .options(selectinload(Membership.user))
        .order_by(Membership.role.desc(), Membership.created_at, Membership.id)
    )
    return list(db.session.scalars(stmt))


def remove_editor(owner: User, organization: Organization, membership: Membership) -> None:
    if membership.organization_id != organization.id or membership.role != MembershipRole.EDITOR:
        raise NotRemovable
    transition(membership, MembershipStatus.REMOVED)
    audit.record(
        owner,
        "membership.removed",
        organization,
        user_id=membership.user_id,
        role=membership.role,
    )
