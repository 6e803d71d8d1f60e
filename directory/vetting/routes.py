"""A member asks to be vetted; a moderator approves or refuses, with a reason."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from directory.auth.mail import send
from directory.extensions import db
from directory.models import VettingRequest, VettingStatus
from directory.permissions import can_moderate, is_member, requires
from directory.vetting import bp, mail, services
from directory.vetting.evidence import evidence_for
from directory.vetting.forms import VettingDecisionForm, VettingRequestForm


@bp.app_template_global()
def pending_vetting_requests() -> list[VettingRequest]:
    """The moderation queue's "Vetting requests" section."""
    return services.pending_requests()


@bp.route("/account/vetting", methods=["GET", "POST"])
@requires(is_member)
def request_vetting() -> ResponseReturnValue:
    form = VettingRequestForm()
    waiting = services.open_request(current_user)
    if form.validate_on_submit():
        if current_user.is_vetted_professional:
            flash(_("You are already a verified professional."), "info")
        elif waiting is not None:
            flash(_("Your request is already waiting for a moderator."), "info")
        else:
            data = form.data
            services.ask(
                current_user,
                data["organization_name"],
                data["role"],
                data["work_email"],
                data["note"],
            )
            db.session.commit()
            flash(_("Thank you. A moderator will review your request and email you."), "info")
        return redirect(url_for("vetting.request_vetting"))
    return render_template(
        "vetting/request.html",
        form=form,
        waiting=waiting,
        latest=services.latest_request(current_user),
    )


@bp.route("/moderation/vetting/<int:vetting_id>", methods=["GET", "POST"])
@requires(can_moderate)
def review(vetting_id: int) -> ResponseReturnValue:
    vetting = db.get_or_404(VettingRequest, vetting_id)
    form = VettingDecisionForm()
    if form.validate_on_submit():
        try:
            services.decide(
                current_user, vetting, VettingStatus(form.decision.data), form.reason.data
            )
        except services.AlreadyDecided:
            flash(_("This request was already decided."), "info")
            return redirect(url_for("vetting.review", vetting_id=vetting.id))
        message = mail.decision_message(vetting)
        db.session.commit()
        send(message)
        flash(_("Decision recorded; the member was emailed the reason."), "info")
        return redirect(url_for("moderation.queue"))
    return render_template(
        "vetting/review.html", vetting=vetting, form=form, evidence=evidence_for(vetting)
    )
