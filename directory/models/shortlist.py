"""A signed-in professional's referral shortlist: organizations saved for a referral sheet.

Signed-out visitors keep theirs in the session instead (``directory.shortlist.services``);
it moves here when they sign in.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.organization import Organization
from directory.models.types import UTCDateTime, utcnow


class ShortlistEntry(Model):
    """One organization on one user's shortlist (at most once), in the order added."""

    __tablename__ = "shortlist_entry"
    __table_args__ = (sa.UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship()
