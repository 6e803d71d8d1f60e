"""Keeping a listing's people and freshness: "Still accurate", a service's capacity, inviting,
removing an editor, revoking an invitation, accepting one.

Thin views: form → one service call → one commit → mail after the commit → redirect.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from directory import capacity
from directory.extensions import db
from directory.listings import bp, confirm_link, freshness, invitations, members
from directory.listings.member_forms import (
    AcceptInvitationForm,
    CapacityForm,
    ConfirmByLinkForm,
    InviteEditorForm,
    MemberActionForm,
    StillAccurateForm,
)
from directory.models import CapacityStatus, Invitation, Membership, Organization, Service
from directory.permissions import (
    can_edit_listing,
    can_manage_members,
    can_update_capacity,
    deny,
    is_member,
    requires,
)
from directory.ratelimits import CAPACITY_UPDATES_PER_ACCOUNT, per_signed_in_account

bp.add_app_template_global(freshness.freshness, "listing_freshness")
bp.add_app_template_global(freshness.months_unconfirmed, "months_unconfirmed")
bp.add_app_template_global(freshness.last_confirmed_note, "last_confirmed_note")
bp.add_app_template_global(StillAccurateForm, "still_accurate_form")
bp.add_app_template_global(CapacityForm, "capacity_form")
bp.add_app_template_global(capacity.capacity_of, "capacity_of")
bp.add_app_template_global(capacity.capacity_note, "capacity_note")
bp.add_app_template_global(InviteEditorForm, "invite_editor_form")
bp.add_app_template_global(MemberActionForm, "member_action_form")
bp.add_app_template_global(members.active_members, "listing_members")
bp.add_app_template_global(invitations.open_invitations, "open_invitations")


@bp.post("/<int:organization_id>/still-accurate")
@requires(is_member)
def still_accurate(organization_id: int) -> Response:
    org = db.get_or_404(Organization, organization_id)
    if not can_edit_listing(current_user, org) or not org.is_published:
        deny(current_user)
    form = StillAccurateForm()
    if form.validate_on_submit():
        freshness.confirm_still_accurate(current_user, org)
        db.session.commit()
        flash(_("Thank you. The listing is marked as verified today."), "info")
    if form.back.data == "profile":
        return redirect(url_for("public.organization", slug=org.slug))
    return redirect(url_for("listings.index"))


@bp.post("/<int:organization_id>/services/<int:service_id>/capacity")
@requires(is_member)
@per_signed_in_account(CAPACITY_UPDATES_PER_ACCOUNT)
def update_capacity(organization_id: int, service_id: int) -> Response:
    org = db.get_or_404(Organization, organization_id)
    if not can_update_capacity(current_user, org):
        deny(current_user)
    service = db.get_or_404(Service, service_id)
    if service.organization_id != org.id:
        abort(404, description=_("This organization lists no such service."))
    form = CapacityForm()
    if form.validate_on_submit():
        capacity.update_capacity(
            current_user, service, CapacityStatus(form.status.data), form.places.data
        )
        db.session.commit()
        flash(_("Capacity of %(service)s saved.", service=service.name), "info")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for("listings.index", _anchor=f"service-{service.id}"))


@bp.route("/still-accurate/<token>", methods=["GET", "POST"])
def confirm_by_link(token: str) -> ResponseReturnValue:
    """The reminder's link: signed out too; a GET shows, only the POST confirms."""
    try:
        link = confirm_link.open_link(token)
    except confirm_link.LinkRefused as refused:
        page = render_template(
            "listings/confirm_link.html",
            refused=refused.reason,
            organization=refused.organization,
            form=None,
        )
        return page, 400, {"Cache-Control": "no-store"}
    form = ConfirmByLinkForm()
    done = False
    if form.validate_on_submit():
        freshness.confirm_still_accurate(link.user, link.organization, via="mail link")
        db.session.commit()
        done = True
    page = render_template(
        "listings/confirm_link.html",
        refused=None,
        organization=link.organization,
        form=form,
        done=done,
    )
    return page, {"Cache-Control": "no-store"}


@bp.post("/<int:organization_id>/invite")
@requires(is_member)
def invite(organization_id: int) -> Response:
    org = db.get_or_404(Organization, organization_id)
    if not can_manage_members(current_user, org):
        deny(current_user)
    form = InviteEditorForm()
    if not form.validate_on_submit():
        for error in form.email.errors:
            flash(str(error), "error")
        return redirect(url_for("listings.index"))
    message = invitations.invite_editor(current_user, org, form.email.data)
    db.session.commit()
    message.send()
    flash(
        _(
            "If %(email)s can be reached, an invitation is on its way. It works for 7 days.",
            email=form.email.data,
        ),
        "info",
    )
    return redirect(url_for("listings.index"))


@bp.post("/<int:organization_id>/members/<int:membership_id>/remove")
@requires(is_member)
def remove_editor(organization_id: int, membership_id: int) -> Response:
    org = db.get_or_404(Organization, organization_id)
    if not can_manage_members(current_user, org):
        deny(current_user)
    membership = db.get_or_404(Membership, membership_id)
    if MemberActionForm().validate_on_submit():
        try:
            members.remove_editor(current_user, org, membership)
        except members.NotRemovable:
            abort(404, description=_("This person is not an editor of this listing."))
        db.session.commit()
        flash(_("%(name)s can no longer edit this listing.", name=membership.user.name), "info")
    return redirect(url_for("listings.index"))


@bp.post("/<int:organization_id>/invitations/<int:invitation_id>/revoke")
@requires(is_member)
def revoke_invitation(organization_id: int, invitation_id: int) -> Response:
    org = db.get_or_404(Organization, organization_id)
    if not can_manage_members(current_user, org):
        deny(current_user)
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.organization_id != org.id or not invitation.is_open:
        abort(404, description=_("No open invitation has this address."))
    if MemberActionForm().validate_on_submit():
        invitations.revoke(current_user, invitation)
        db.session.commit()
        flash(_("The invitation to %(email)s no longer works.", email=invitation.email), "info")
    return redirect(url_for("listings.index"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(is_member)
def invitation(token: str) -> ResponseReturnValue:
    found = invitations.read_invitation(token)
    if found is None:
        abort(404, description=_("This invitation link is invalid or has expired."))
    form = AcceptInvitationForm()
    mine = invitations.is_for(found, current_user)
    if mine and form.validate_on_submit():
        invitations.accept(current_user, found)
        db.session.commit()
        flash(_("You are now an editor of %(name)s.", name=found.organization.name), "info")
        return redirect(url_for("listings.index"))
    return render_template("listings/invitation.html", invitation=found, form=form, mine=mine)
