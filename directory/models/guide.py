"""Sector guides (recognize → respond → refer) and each province's duty to report.

A guide is content, not code: its published text lives in ``Guide.sections`` (Markdown per
section and language, with the section's sources and the date it was last reviewed), and
only changes when a moderator approves a ``GuideRevision`` that a guide editor proposed —
the same four-eyes moderation as listings (docs/guides.md).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model, db
from directory.models.moderation import ModeratedProposal
from directory.models.taxonomy import Province, TaxonomyTerm
from directory.models.types import UTCDateTime
from directory.models.user import User


class GuideKind(enum.StrEnum):
    SECTOR = "sector"  # recognize, respond, refer: for the professionals of one sector
    DUTY = "duty"  # one province's or territory's duty to report


# The sections of each kind of guide, in the order they are shown.
SECTIONS: dict[str, tuple[str, ...]] = {
    GuideKind.SECTOR: ("recognize", "respond", "refer"),
    GuideKind.DUTY: ("duty",),
}

guide_revision_author = sa.Table(
    "guide_revision_author",
    db.metadata,
    sa.Column(
        "guide_revision_id",
        sa.ForeignKey("guide_revision.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "user_id",
        sa.ForeignKey("user_account.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Guide(Model):
    """The published guide of one sector or one province. ``slug`` is the sector's slug, or
    ``duty-to-report-<code>`` for a province.

    ``sections`` maps a section name to ``{"en", "fr", "sources", "reviewed_on"}`` (Markdown,
    Markdown, a Markdown list of cited public sources, an ISO date). ``refer_sectors`` are
    the slugs of the sectors the Refer part links to. ``sample`` marks demo text that people
    of the sector have not written yet: every page says so.
    """

    __tablename__ = "guide"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    sector_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("taxonomy_term.id", ondelete="CASCADE"), unique=True
    )
    province_code: Mapped[str | None] = mapped_column(
        sa.ForeignKey("province.code", ondelete="CASCADE"), unique=True
    )
    sections: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    refer_sectors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    sample: Mapped[bool] = mapped_column(default=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    sector: Mapped[TaxonomyTerm | None] = relationship()
    province: Mapped[Province | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def section_names(self) -> tuple[str, ...]:
        return SECTIONS[self.kind]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def __repr__(self) -> str:
        return f"<Guide {self.slug}>"


class GuideRevision(ModeratedProposal, Model):
    """A full proposed version of a guide (``payload``: ``sections`` without dates,
    ``refer_sectors``, ``sample``). The guide changes only when a moderator approves it.

    ``submitted_by`` is the last person who saved it; ``authors`` everyone who ever saved or
    submitted it: none of them may decide on it (``directory.conflicts``).
    """

    __tablename__ = "guide_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(sa.ForeignKey("guide.id", ondelete="CASCADE"), index=True)

    guide: Mapped[Guide] = relationship()
    authors: Mapped[list[User]] = relationship(secondary=guide_revision_author)

    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
