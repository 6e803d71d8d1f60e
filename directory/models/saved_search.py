"""A signed-in person's saved searches, and the log that makes their alerts go out once.

A saved search keeps its query string normalised by the search parameters' own parser
(``directory.search.params``): only known parameters, known values, no page. The alert log
has one row per (saved search, approved revision of an organization) that was mailed, so
``flask alerts send`` never mails the same change twice for the same search (docs/alerts.md).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.types import UTCDateTime, utcnow
from directory.models.user import User


class SavedSearch(Model):
    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))
    query: Mapped[str] = mapped_column(sa.String(2000), default="")
    alerts: Mapped[bool] = mapped_column(default=True)  # "Stop alerts" sets it False
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SavedSearchAlert(Model):
    """One approved revision of one organization, mailed for one saved search."""

    __tablename__ = "saved_search_alert"
    __table_args__ = (sa.UniqueConstraint("saved_search_id", "revision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        sa.ForeignKey("saved_search.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revision.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
