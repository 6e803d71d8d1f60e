"""People who sign in, and which organizations they may edit."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from directory.models.organization import Organization


class Role(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


class AccountKind(enum.StrEnum):
    """What a person said about themselves when registering (not a permission by itself)."""

    PROFESSIONAL = "professional"  # a nurse, teacher, detective, caseworker...
    ORGANIZATION = "organization"  # represents an organization and keeps its listing


class MembershipRole(enum.StrEnum):
    OWNER = "owner"
    EDITOR = "editor"


class MembershipStatus(enum.StrEnum):
    PENDING = "pending"  # a claim waiting for a moderator
    ACTIVE = "active"
    REMOVED = "removed"  # an owner took the editor off; kept: a former member never decides


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def _locale_at_creation() -> str | None:
    from directory.i18n.locale import locale_at_creation  # the i18n package imports models

    return locale_at_creation()


class User(UserMixin, Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.MEMBER)
    account_kind: Mapped[str] = mapped_column(
        sa.String(20),
        default=AccountKind.PROFESSIONAL,
        server_default=AccountKind.PROFESSIONAL.value,
    )
    professional_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (directory/auth/two_factor.py): the base32 TOTP secret, when it was
    # switched on, and the last time step accepted, so that a code works only once.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # A secret being set up, kept here until a code proves the app has it (never in the
    # session cookie, which is signed but readable); it expires (two_factor.SETUP_SECONDS).
    totp_pending_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_pending_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    # May draft and submit sector guides (docs/guides.md); given by an administrator.
    guide_editor: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Rotated at logout, password change and deactivation: Flask-Login's alternative id, so
    # that every cookie issued before the rotation stops working at once.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "en" or "fr": the pages, once signed in, and every mail to this person (docs/i18n.md).
    # Set by the language switch; at creation, the language of the page it was created from.
    locale: Mapped[str | None] = mapped_column(sa.String(8), default=_locale_at_creation)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    # In the order they were issued (PostgreSQL returns an updated row wherever it now lies).
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="RecoveryCode.id"
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def is_vetted_professional(self) -> bool:
        return self.professional_verified_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class AnonymousViewer(AnonymousUserMixin):
    """A visitor who has not signed in: Flask-Login's anonymous user under a name of our own
    (``login_manager.anonymous_user``), so that signatures can say ``Viewer``."""


# Whoever is looking: ``current_user`` is one of these (``permissions.current_viewer``).
Viewer = User | AnonymousViewer


class Membership(Model):
    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(20), default=MembershipRole.EDITOR)
    status: Mapped[str] = mapped_column(sa.String(20), default=MembershipStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship()


class RecoveryCode(Model):
    """A one-time code that stands in for the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(256))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")
