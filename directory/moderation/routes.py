"""The moderation queue and the review of one revision (diff, then a reasoned decision)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from directory import conflicts, duplicates
from directory.extensions import db
from directory.listings.diff import diff_payloads
from directory.listings.payload import listing_of, read_payload
from directory.listings.services import RevisionConflict
from directory.models import Revision, RevisionStatus
from directory.moderation import bp, checks, desk, mail, services
from directory.moderation.forms import DecisionForm
from directory.permissions import can_moderate, requires


@bp.app_template_global()
def pending_review_count() -> int:
    return services.pending_count()


@bp.app_template_global()
def decision_conflict(subject: conflicts.Subject) -> str | None:
    """Why the signed-in moderator may not decide on ``subject`` (None: they may)."""
    return conflicts.explain(current_user, subject)


@bp.get("/")
@requires(can_moderate)
def queue() -> str:
    """The desk: one tab's items (``?tab=``; without it the first tab with something
    waiting), and every tab's count and oldest item."""
    tabs = desk.desk_tabs()
    tab = desk.chosen_tab(tabs, request.args.get("tab"))
    if tab is None:
        abort(400, description=_("There is no such tab on the moderation desk."))
    return render_template("moderation/queue.html", tabs=tabs, tab=tab)


@bp.route("/revisions/<int:revision_id>", methods=["GET", "POST"])
@requires(can_moderate)
def review(revision_id: int) -> ResponseReturnValue:
    revision = db.get_or_404(Revision, revision_id)
    org = revision.organization
    proposed = read_payload(revision.payload, org)
    audience = proposed.organization.professionals_only
    form = DecisionForm(version=revision.version, professionals_only=audience)
    if form.validate_on_submit():
        decision = RevisionStatus(form.decision.data)
        try:
            services.decide(
                current_user,
                revision,
                decision,
                form.reason.data,
                form.version.data,
                professionals_only=form.professionals_only.data,
            )
            message = mail.decision_message(revision)
            db.session.commit()
        except (RevisionConflict, StaleDataError):
            db.session.rollback()
            return _conflict(revision_id, form)
        if message is not None:
            message.send()
        if form.reason.data:
            flash(_("Decision recorded; the submitter was emailed the reason."), "info")
        else:
            flash(_("Decision recorded; the submitter was emailed."), "info")
        return redirect(url_for("moderation.queue"))
    published = listing_of(org) if org.is_published else None
    return render_template(
        "moderation/review.html",
        revision=revision,
        organization=org,
        rows=diff_payloads(published, proposed),
        flags=checks.revision_flags(revision, published, proposed),
        lookalikes=duplicates.likely_duplicates(
            db.session(), duplicates.traits_of_payload(proposed), exclude_id=org.id
        ),
        form=form,
    )


def _conflict(revision_id: int, form: DecisionForm) -> ResponseReturnValue:
    """Someone else decided, or the submitter changed the revision, since this page loaded."""
    revision = db.session.get(Revision, revision_id)
    return render_template("moderation/conflict.html", revision=revision, form=form), 409
