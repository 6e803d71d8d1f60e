"""The audit trail: one ``AuditEvent`` per change that matters, added to the caller's commit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa

from directory.extensions import db
from directory.models import AuditEvent, User


class Auditable(Protocol):
    """A row an event can point at: any model with an integer id."""

    __tablename__: str

    @property
    def id(self) -> int: ...


def record(
    actor: User | None, action: str, target: Auditable | None = None, **details: Any
) -> None:
    """Note that ``actor`` did ``action`` to ``target`` (a user, an organization, a revision).

    ``details`` are stored as JSON and shown to administrators: never pass a password, a
    token, a hash or anything else secret.
    """
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor is not None else None,
            action=action,
            target_type=_target_type(target),
            target_id=target.id if target is not None else None,
            details=details,
        )
    )


def _target_type(target: Auditable | None) -> str | None:
    if target is None:
        return None
    return "user" if isinstance(target, User) else target.__tablename__


def record_each(
    actor: User | None, action: str, targets: Sequence[Auditable], **details: Any
) -> None:
    """``record`` for several targets of one kind in one statement (a page of search results
    showing restricted contacts: the page's statement count must not grow with its size).
    Written at once, not at the caller's commit: the caller commits (or rolls back) after."""
    if not targets:
        return
    db.session.execute(
        sa.insert(AuditEvent),
        [
            {
                "actor_id": actor.id if actor is not None else None,
                "action": action,
                "target_type": _target_type(target),
                "target_id": target.id,
                "details": details,
            }
            for target in targets
        ],
    )
