"""Claiming a listing (members) and deciding a claim (moderators). Thin views."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from directory import duplicates
from directory.claims import bp, mail, services
from directory.claims.forms import ClaimDecisionForm, ClaimForm
from directory.extensions import db
from directory.models import Membership, MembershipStatus, Organization
from directory.moderation import checks
from directory.permissions import can_moderate, deny, is_member, is_signed_in, requires

bp.add_app_template_global(services.pending_claims)


@bp.app_template_global()
def may_claim(organization: Organization) -> bool:
    """Show "Is this your organization?" to visitors (who sign in first) and eligible members."""
    if not is_signed_in(current_user):
        return not services.has_active_owner(organization)
    return is_member(current_user) and services.can_claim(current_user, organization)


@bp.route("/listings/<int:organization_id>/claim", methods=["GET", "POST"])
@requires(is_member)
def claim(organization_id: int) -> ResponseReturnValue:
    org = db.get_or_404(Organization, organization_id)
    if not services.can_claim(current_user, org):
        deny(current_user)
    form = ClaimForm()
    if form.validate_on_submit():
        services.claim(current_user, org, form.note.data)
        db.session.commit()
        flash(_("Thank you. A moderator will review your claim; we will email you."), "info")
        return redirect(url_for("public.organization", slug=org.slug))
    return render_template("claims/claim.html", organization=org, form=form)


@bp.route("/moderation/claims/<int:membership_id>", methods=["GET", "POST"])
@requires(can_moderate)
def review(membership_id: int) -> ResponseReturnValue:
    membership = db.get_or_404(Membership, membership_id)
    if membership.status != MembershipStatus.PENDING:
        abort(404, description=_("No claim is waiting here."))
    form = ClaimDecisionForm()
    if form.validate_on_submit():
        approve = form.decision.data == "approve"
        user, org = membership.user, membership.organization
        try:
            services.decide(current_user, membership, approve, form.reason.data)
        except services.ClaimDecided:
            abort(409, description=_("This claim was already decided."))
        message = mail.decision_message(user, org, approve, form.reason.data)
        db.session.commit()
        message.send()
        flash(_("Decision recorded; the member was emailed the reason."), "info")
        return redirect(url_for("moderation.queue"))
    note = services.claim_note(membership)
    org = membership.organization
    return render_template(
        "claims/review.html",
        membership=membership,
        note=note,
        form=form,
        flags=list(checks.domain_flags(membership.user.email, org.website)),
        lookalikes=duplicates.likely_duplicates(
            db.session(), duplicates.traits_of(org), exclude_id=org.id
        ),
    )
