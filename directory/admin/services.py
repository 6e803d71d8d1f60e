"""User administration: roles, deactivation, professional verification.

Every change is one ``AuditEvent`` (actor, action, target user, details without secrets), in
the same commit as the change. Rules refused here raise ``AdminRuleError`` with a message for
the administrator.

There is always at least one active administrator: nobody can demote or deactivate the last
one (themselves included), and nobody deactivates their own account. The active
administrators are read ``FOR UPDATE`` on PostgreSQL, so that two administrators demoting each
other at the same moment cannot both succeed; SQLite allows one writer at a time anyway.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from directory import audit
from directory.extensions import db
from directory.models import Role, User
from directory.models.user import new_session_token


class AdminRuleError(Exception):
    """A change the rules refuse; the message is shown to the administrator."""


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def find_users(query: str, page: int, per_page: int) -> Pagination:
    """Users by name, optionally those whose name or email contains ``query``."""
    stmt = sa.select(User).order_by(sa.func.lower(User.name), User.id)
    if query.strip():
        pattern = _like_pattern(query.strip())
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(User.name).like(pattern, escape="\\"),
                sa.func.lower(User.email).like(pattern, escape="\\"),
            )
        )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def _ensure_another_admin_remains(target: User) -> None:
    if target.role != Role.ADMIN or not target.active:
        return
    # Lock every active administrator, the target too and always in the same order: a
    # concurrent change waits, then sees this one's result.
    stmt = (
        sa.select(User.id)
        .where(User.role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
        .with_for_update()
    )
    if not [admin_id for admin_id in db.session.scalars(stmt) if admin_id != target.id]:
        raise AdminRuleError(
            _("%(name)s is the last active administrator. Make someone else one first.")
            % {"name": target.name}
        )


def change_role(actor: User, target: User, role: Role) -> None:
    if target.role == role:
        return
    if role != Role.ADMIN:
        _ensure_another_admin_remains(target)
    previous = target.role
    target.role = role
    audit.record(actor, "user.role_changed", target, previous=str(previous), new=str(role))


def deactivate(actor: User, target: User) -> None:
    """Signs the user out everywhere at once: a new session token invalidates every cookie."""
    if target.id == actor.id:
        raise AdminRuleError(_("You cannot deactivate your own account."))
    if not target.active:
        return
    _ensure_another_admin_remains(target)
    target.active = False
    target.session_token = new_session_token()
    audit.record(actor, "user.deactivated", target)


def reactivate(actor: User, target: User) -> None:
    if target.active:
        return
    target.active = True
    audit.record(actor, "user.reactivated", target)


def set_vetted_professional(actor: User, target: User, vetted: bool) -> None:
    if vetted == target.is_vetted_professional:
        return
    target.professional_verified_at = datetime.now(UTC) if vetted else None
    audit.record(actor, "user.vetted" if vetted else "user.unvetted", target)


def set_guide_editor(actor: User, target: User, editor: bool) -> None:
    """Guide editors draft sector guides; moderators publish them (docs/guides.md)."""
    if editor == target.guide_editor:
        return
    target.guide_editor = editor
    audit.record(
        actor, "user.guide_editor_given" if editor else "user.guide_editor_removed", target
    )
