"""``/moderation/audit``: the audit trail, read-only, for moderators and administrators.

Nothing here writes: there is no route that edits or deletes an event. Details are shown
as JSON text (escaped by the template), so a newline or markup someone typed into a form
cannot forge a line of the log.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import render_template, request
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.models import AuditEvent
from directory.moderation import bp
from directory.permissions import can_moderate, requires

EVENTS_PER_PAGE = 50


@bp.get("/audit")
@requires(can_moderate)
def audit_log() -> str:
    action = request.args.get("action", "").strip()[:60]
    stmt = sa.select(AuditEvent).options(selectinload(AuditEvent.actor))
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
    stmt = stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    page = db.paginate(stmt, per_page=EVENTS_PER_PAGE, max_per_page=EVENTS_PER_PAGE)
    actions = db.session.scalars(
        sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    ).all()

    def page_args(number: int) -> dict[str, object]:
        return {"page": number, **({"action": action} if action else {})}

    return render_template(
        "moderation/audit.html",
        page=page,
        page_args=page_args,
        action=action,
        actions=actions,
        as_text=_as_text,
    )


def _as_text(details: dict) -> str:
    """One line of JSON: control characters escaped, nothing interpreted."""
    return json.dumps(details or {}, ensure_ascii=True, sort_keys=True, default=str)
