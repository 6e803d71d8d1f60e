"""Phone numbers of a service or of a location, each with what it is for ("Intake",
"After hours"), and the fixed vocabulary of a location's accessibility features."""

from __future__ import annotations

import enum
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model


class PhoneType(enum.StrEnum):
    """HSDS ``phone.type`` values we use."""

    VOICE = "voice"
    FAX = "fax"
    TEXT = "text"
    TTY = "tty"


class AccessibilityFeature(enum.StrEnum):
    """What a location offers people with disabilities (``Location.accessibility``)."""

    STEP_FREE_ENTRANCE = "step_free_entrance"
    ACCESSIBLE_WASHROOM = "accessible_washroom"
    ACCESSIBLE_PARKING = "accessible_parking"
    ELEVATOR = "elevator"
    ASL_ON_SITE = "asl_on_site"
    LSQ_ON_SITE = "lsq_on_site"
    HEARING_LOOP = "hearing_loop"
    QUIET_ROOM = "quiet_room"


class Phone(Model):
    """One number of a service (``service_id``) or of a location (``location_id``), never
    both. A confidential location's phones are public nowhere (``directory.privacy``)."""

    __tablename__ = "phone"
    __table_args__ = (
        sa.CheckConstraint(
            "(service_id IS NULL) <> (location_id IS NULL)", name="phone_has_one_owner"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(sa.String(40))
    extension: Mapped[str | None] = mapped_column(sa.String(20))
    description: Mapped[str | None] = mapped_column(sa.String(200))
    type: Mapped[str] = mapped_column(sa.String(10), default=PhoneType.VOICE)
    language: Mapped[str | None] = mapped_column(sa.String(60))  # a language term's slug
    hsds_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)
