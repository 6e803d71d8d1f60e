"""A member's listings: the list, a new listing, and changes to an existing one.

New and existing listings share one form and one flow: "Add another …" re-renders with one
more block; "Save draft" checks formats only; "Submit for review" also checks what a review
needs. A save that would overwrite a newer version shows both versions instead (409).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from directory import duplicates
from directory.extensions import db
from directory.listings import bp
from directory.listings.diff import diff_payloads
from directory.listings.errors import error_items
from directory.listings.forms import ListingForm
from directory.listings.payload import (
    ListingPayload,
    form_object,
    listing_of,
    own_row_keys,
    payload_from_form,
    read_payload,
)
from directory.listings.services import (
    RevisionConflict,
    create_listing,
    listings_of,
    open_revision,
    save_revision,
)
from directory.models import Organization, Revision
from directory.permissions import can_edit_listing, deny, is_member, requires

bp.add_app_template_global(error_items)


@bp.get("/")
@requires(is_member)
def index() -> str:
    rows = listings_of(current_user)
    lookalikes = {
        row.organization.id: duplicates.lookalikes_of_proposal(
            db.session(),
            current_user,
            row.organization,
            read_payload(row.revisions[0].payload, row.organization),
        )
        for row in rows
        if not row.organization.is_published and row.revisions
    }
    return render_template("listings/index.html", rows=rows, lookalikes=lookalikes)


@bp.route("/new", methods=["GET", "POST"])
@requires(is_member)
def new() -> ResponseReturnValue:
    form = ListingForm()
    return _edit_flow(
        form,
        lambda payload, submit: create_listing(current_user, payload, submit),
        organization=None,
    )


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
@requires(is_member)
def edit(organization_id: int) -> ResponseReturnValue:
    org = db.get_or_404(Organization, organization_id)
    if not can_edit_listing(current_user, org):
        deny(current_user)
    revision = open_revision(org)
    if revision is not None:
        form = ListingForm(obj=form_object(read_payload(revision.payload, org)))
    else:
        form = ListingForm(obj=form_object(listing_of(org)))
    if not form.is_submitted():
        form.revision_id.data = revision.id if revision else ""
        form.version.data = revision.version if revision else None

    def save(payload: ListingPayload, submit: bool) -> Revision:
        revision_id = int(form.revision_id.data) if form.revision_id.data else None
        return save_revision(current_user, org, payload, submit, revision_id, form.version.data)

    return _edit_flow(form, save, organization=org)


def _edit_flow(
    form: ListingForm,
    save: Callable[[ListingPayload, bool], Revision],
    organization: Organization | None,
) -> ResponseReturnValue:
    def page() -> str:
        return render_template("listings/form.html", form=form, organization=organization)

    if not form.is_submitted() or form.added_block():
        return page()
    if not (form.save_draft.data or form.submit.data) or not form.validate():
        return page()
    payload, foreign_keys = own_row_keys(payload_from_form(form), organization)
    try:
        save(payload, bool(form.submit.data))
        db.session.commit()
    except RevisionConflict as conflict:
        db.session.rollback()
        return _conflict(conflict.revision, payload)
    except StaleDataError:
        db.session.rollback()
        return _conflict(open_revision(organization) if organization else None, payload)
    if form.submit.data:
        flash(
            _("Thank you. Your listing was sent for review; we will email you the outcome."), "info"
        )
    else:
        flash(_("Your draft is saved. Nothing is public until a moderator approves it."), "info")
    if foreign_keys:
        flash(
            _(
                "Some blocks referred to rows that are not part of this listing; "
                "they were saved as new entries."
            ),
            "info",
        )
    return redirect(url_for("listings.index"))


def _conflict(saved: Revision | None, mine: ListingPayload) -> ResponseReturnValue:
    """Both versions, side by side: what is saved now, and what this person typed."""
    theirs = read_payload(saved.payload, saved.organization) if saved is not None else None
    rows = diff_payloads(theirs, mine)
    return render_template("listings/conflict.html", saved=saved, mine=mine, rows=rows), 409
