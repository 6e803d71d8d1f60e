"""A member's listings: the list, a new listing, and changes to an existing one.

New and existing listings share one form and one flow, by steps (``steps``, ``step_routes``)
or, with ``?step=all``, on one page: "Add another …" and "Remove" re-render with one block
more or less; "Save draft" checks formats only; "Submit for review" also checks what a review
needs. A save that would overwrite a newer version shows both versions instead (409).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from directory import duplicates
from directory.extensions import db
from directory.listings import bp, step_routes, steps
from directory.listings.errors import error_items
from directory.listings.form_blocks import blank_block, blank_phone, has_input
from directory.listings.forms import ListingForm
from directory.listings.payload import (
    EMPTY_PAYLOAD,
    ListingPayload,
    form_object,
    listing_of,
    own_row_keys,
    payload_from_form,
    read_payload,
)
from directory.listings.saving import FOREIGN_KEYS, ONLY_PROFESSIONALS, Save, save_and_commit
from directory.listings.services import (
    create_listing,
    listings_of,
    open_revision,
    save_revision,
)
from directory.models import Organization, Revision
from directory.permissions import can_edit_listing, deny, is_member, requires

bp.add_app_template_global(error_items)
bp.add_app_template_global(blank_block)
bp.add_app_template_global(blank_phone)
bp.add_app_template_global(has_input)


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


def requested_step() -> steps.Step | None:
    """The step of this request: posted with the form, else ``?step=`` (the first step when
    absent). None: the whole form on one page (``?step=all``, or a post without a step)."""
    if request.method == "POST":
        slug = request.form.get("step")
        if slug is None or slug == steps.ALL:
            return None
    else:
        slug = request.args.get("step", steps.FIRST)
        if slug == steps.ALL:
            return None
    step = steps.step_named(slug)
    if step is None:
        abort(400, description=_("This form has no step called “%(step)s”.", step=slug[:40]))
    return step


@bp.route("/new", methods=["GET", "POST"])
@requires(is_member)
def new() -> ResponseReturnValue:
    def save(payload: ListingPayload, submit: bool) -> Revision:
        return create_listing(current_user, payload, submit)

    step = requested_step()
    if step is not None:
        return step_routes.step_flow(step, None, EMPTY_PAYLOAD, None, save)
    return _edit_flow(ListingForm(), save, organization=None)


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
@requires(is_member)
def edit(organization_id: int) -> ResponseReturnValue:
    org = db.get_or_404(Organization, organization_id)
    if not can_edit_listing(current_user, org):
        deny(current_user)
    revision = open_revision(org)
    saved = read_payload(revision.payload, org) if revision is not None else listing_of(org)
    step = requested_step()
    form = ListingForm(obj=form_object(saved)) if step is None else None

    def save(payload: ListingPayload, submit: bool) -> Revision:
        posted = form if form is not None else ListingForm()
        revision_id = int(posted.revision_id.data) if posted.revision_id.data else None
        return save_revision(current_user, org, payload, submit, revision_id, posted.version.data)

    if step is not None:
        return step_routes.step_flow(step, org, saved, revision, save)
    assert form is not None
    if not form.is_submitted():
        form.revision_id.data = revision.id if revision else ""
        form.version.data = revision.version if revision else None
    return _edit_flow(form, save, organization=org)


def _edit_flow(
    form: ListingForm,
    save: Save,
    organization: Organization | None,
) -> ResponseReturnValue:
    def page() -> str:
        return render_template("listings/form.html", form=form, organization=organization)

    if not form.is_submitted() or form.added_block():
        return page()
    if not (form.save_draft.data or form.submit.data) or not form.validate():
        return page()
    payload, foreign_keys = own_row_keys(payload_from_form(form), organization)
    saved = save_and_commit(save, payload, bool(form.submit.data), organization)
    if not isinstance(saved, Revision):
        return saved
    if form.submit.data:
        flash(
            _("Thank you. Your listing was sent for review; we will email you the outcome."), "info"
        )
    else:
        flash(_("Your draft is saved. Nothing is public until a moderator approves it."), "info")
    if form.only_professionals_reach_them():
        flash(ONLY_PROFESSIONALS, "warning")
    if foreign_keys:
        flash(FOREIGN_KEYS, "info")
    return redirect(url_for("listings.index"))
