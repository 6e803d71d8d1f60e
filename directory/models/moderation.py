"""Proposed changes, reports from visitors, and the audit trail."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from directory.extensions import Model, db
from directory.models.organization import Organization
from directory.models.types import UTCDateTime, utcnow
from directory.models.user import User


class RevisionStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"


class ReportReason(enum.StrEnum):
    OUTDATED = "outdated"
    WRONG_CONTACT = "wrong_contact"
    UNSAFE = "unsafe"
    OTHER = "other"


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


revision_author = sa.Table(
    "revision_author",
    db.metadata,
    sa.Column("revision_id", sa.ForeignKey("revision.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "user_id",
        sa.ForeignKey("user_account.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class ModeratedProposal:
    """What a proposal moderators decide on shares (a listing's ``Revision``, a guide's
    ``GuideRevision``): the proposed version, its status, who saved it last and who decided,
    the reason and its times. Each class adds its ``version`` (optimistic locking: the
    mapper's ``version_id_col``)."""

    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default=RevisionStatus.DRAFT, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def submitted_by(cls: type[Any]) -> Mapped[User | None]:
        return relationship(User, foreign_keys=f"{cls.__name__}.submitted_by_id")

    @declared_attr
    def moderator(cls: type[Any]) -> Mapped[User | None]:
        return relationship(User, foreign_keys=f"{cls.__name__}.moderator_id")


class Revision(ModeratedProposal, Model):
    """A full proposed version of a listing. The published listing changes only on approval.

    ``submitted_by`` is the last person who saved it; ``authors`` is everyone who ever
    created, saved or submitted it: none of them may decide on it (``directory.conflicts``).
    """

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )

    organization: Mapped[Organization] = relationship()
    authors: Mapped[list[User]] = relationship(secondary=revision_author)

    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Report(Model):
    """Anyone may flag a listing as wrong or unsafe; moderators resolve it."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.String(20))
    details: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default=ReportStatus.OPEN, index=True)
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolution: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()


class AuditEvent(Model):
    """Who did what to which record, when (UTC). ``details`` never holds secret values."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(sa.String(40))
    target_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()
