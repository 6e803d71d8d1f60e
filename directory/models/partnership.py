"""Partnership notices ("seeking partners") and the private requests between organizations.

A request is a conversation between two organizations, not between two people: every active
member of either organization reads it, and nobody's email address is ever shown. Moderators
read a conversation only once its receiving side reported it (docs/partnerships.md).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model, db
from directory.models.organization import Organization
from directory.models.taxonomy import Province, TaxonomyTerm
from directory.models.types import UTCDateTime, utcnow
from directory.models.user import User


class PartnershipPurpose(enum.StrEnum):
    JOINT_PROTOCOL = "joint-protocol"
    REFERRALS = "referrals"
    TRAINING = "training"
    CASE_COORDINATION = "case-coordination"
    OTHER = "other"


class PartnershipStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


partnership_notice_sector = sa.Table(
    "partnership_notice_sector",
    db.metadata,
    sa.Column(
        "notice_id", sa.ForeignKey("partnership_notice.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("term_id", sa.ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True),
)


class PartnershipNotice(Model):
    """An organization seeking partners: which sectors, where, for what, until when."""

    __tablename__ = "partnership_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    purpose: Mapped[str] = mapped_column(sa.String(30))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    province_code: Mapped[str | None] = mapped_column(
        sa.ForeignKey("province.code", ondelete="SET NULL")
    )
    place: Mapped[str | None] = mapped_column(sa.String(120))
    radius_km: Mapped[int | None]
    until: Mapped[date] = mapped_column(sa.Date, index=True)
    withdrawn: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    organization: Mapped[Organization] = relationship()
    author: Mapped[User | None] = relationship()
    province: Mapped[Province | None] = relationship()
    sectors: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=partnership_notice_sector, order_by=TaxonomyTerm.position
    )

    def is_open(self, today: date) -> bool:
        return not self.withdrawn and self.until >= today


class PartnershipRequest(Model):
    """One organization asking another to work together; its messages are the thread."""

    __tablename__ = "partnership_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    from_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    to_organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    notice_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partnership_notice.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(sa.String(20), default=PartnershipStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Set when the receiving side reports the request as abuse; moderators see it from then.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    report_reason: Mapped[str | None] = mapped_column(sa.Text)
    report_resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_resolution: Mapped[str | None] = mapped_column(sa.Text)

    from_organization: Mapped[Organization] = relationship(foreign_keys=[from_organization_id])
    to_organization: Mapped[Organization] = relationship(foreign_keys=[to_organization_id])
    from_user: Mapped[User | None] = relationship()
    notice: Mapped[PartnershipNotice | None] = relationship()
    messages: Mapped[list[PartnershipMessage]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="PartnershipMessage.id"
    )


class PartnershipMessage(Model):
    """One message of a request's thread, signed by its organization (and its author's name)."""

    __tablename__ = "partnership_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partnership_request.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    author_organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE")
    )
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[PartnershipRequest] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()
    author_organization: Mapped[Organization] = relationship()
