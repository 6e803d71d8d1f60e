"""/moderation/partnerships: reported requests only. Moderators never see a conversation
nobody reported (docs/partnerships.md)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from directory.extensions import db
from directory.models import PartnershipRequest
from directory.partnerships import bp, services
from directory.partnerships.forms import ResolveForm
from directory.permissions import can_moderate, requires, signed_in_user


@bp.app_template_global()
def reported_partnership_count() -> int:
    """The moderation queue's "Reported partnership requests" section."""
    return services.reported_count()


@bp.route("/moderation/partnerships")
@requires(can_moderate)
def reported() -> ResponseReturnValue:
    return render_template(
        "partnerships/reported.html",
        requests=services.reported_requests(),
        form_for=lambda partnership: ResolveForm(formdata=None, prefix=f"r{partnership.id}-"),
    )


@bp.route("/moderation/partnerships/<int:request_id>/resolve", methods=["POST"])
@requires(can_moderate)
def resolve(request_id: int) -> ResponseReturnValue:
    partnership = db.get_or_404(PartnershipRequest, request_id)
    if partnership.reported_at is None or partnership.report_resolved_at is not None:
        abort(404)  # a conversation nobody reported is none of the moderators' business
    form = ResolveForm(prefix=f"r{partnership.id}-")
    if form.validate_on_submit():
        services.resolve_report(signed_in_user(), partnership, form.note.data)
        db.session.commit()
        flash(_("The report is resolved."), "info")
    else:
        flash(_("Write a note."), "error")
    return redirect(url_for("partnerships.reported"))
