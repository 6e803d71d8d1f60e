"""Moderators review a guide revision: what would change, field by field, then a reasoned
decision. Four eyes: whoever saved or submitted it may not decide (``directory.conflicts``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from directory.extensions import db
from directory.guides import bp, services
from directory.guides.content import guide_title, published_payload
from directory.guides.diff import diff_guide_payloads
from directory.guides.forms import GuideDecisionForm
from directory.models import GuideRevision, RevisionStatus
from directory.permissions import can_moderate, requires, signed_in_user

bp.add_app_template_global(services.pending_revisions, "pending_guide_revisions")
bp.add_app_template_global(guide_title)


@bp.route("/moderation/guides/<int:guide_revision_id>", methods=["GET", "POST"])
@requires(can_moderate)
def review(guide_revision_id: int) -> ResponseReturnValue:
    revision = db.get_or_404(GuideRevision, guide_revision_id)
    guide = revision.guide
    form = GuideDecisionForm(version=revision.version)
    if form.validate_on_submit():
        try:
            services.decide(
                signed_in_user(),
                revision,
                RevisionStatus(form.decision.data),
                form.reason.data,
                form.version.data,
            )
            db.session.commit()
        except (services.GuideRevisionConflict, StaleDataError):
            db.session.rollback()
            flash(_("This revision changed since you opened it; nothing was recorded."), "error")
            return redirect(url_for("guides.review", guide_revision_id=guide_revision_id)), 303
        flash(_("Decision recorded."), "info")
        return redirect(url_for("moderation.queue"))
    before = published_payload(guide) if guide.is_published else None
    return render_template(
        "guides/review.html",
        revision=revision,
        guide=guide,
        rows=diff_guide_payloads(before, revision.payload),
        form=form,
    )
