"""The listing form by steps (``steps``): one step on each page, the draft saved on leaving it.

``/listings/new?step=…`` and ``/listings/<id>/edit?step=…`` (the routes in ``routes``) both
come here. Leaving a step by Next, Back, the step index or Save draft checks its formats,
saves the draft and goes on; "Add another …" and "Remove" re-render the step without saving.
The review step lists what would stop the submission and previews the profile.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import HiddenField, IntegerField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from directory import duplicates
from directory.extensions import db
from directory.forms import DirectoryForm
from directory.listings import steps
from directory.listings.block_base import place_label
from directory.listings.errors import error_items
from directory.listings.form_blocks import REPEATED
from directory.listings.forms import ListingForm
from directory.listings.payload import (
    EMPTY_PAYLOAD,
    ListingPayload,
    own_row_keys,
    payload_from_form,
)
from directory.listings.preview import Audience, preview_profile
from directory.listings.saving import FOREIGN_KEYS, ONLY_PROFESSIONALS, Save, save_and_commit
from directory.models import Organization, Revision

SERVICES = "services"


class ReviewForm(DirectoryForm):
    """The review step posts no listing fields: which draft it read, and the button."""

    revision_id = HiddenField()
    version = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    submit = SubmitField()


def step_flow(
    step: steps.Step,
    organization: Organization | None,
    saved: ListingPayload,
    revision: Revision | None,
    save: Save,
) -> ResponseReturnValue:
    if step.slug == steps.REVIEW:
        return _review(organization, saved, revision, save)
    if request.method == "GET":
        form = steps.step_form(saved)
        _prepare(form, step, saved)
        form.revision_id.data = revision.id if revision else ""
        form.version.data = revision.version if revision else None
        return _page(form, step, organization, revision)
    form = ListingForm()
    _prepare(form, step, saved)
    if form.added_block() or not form.validate():
        return _page(form, step, organization, revision)
    places = len(saved.locations) if step.slug == SERVICES else None
    posted = payload_from_form(form, places)
    if organization is None and posted == EMPTY_PAYLOAD:
        # Nothing typed yet: going elsewhere in a new listing creates no empty draft.
        return redirect(url_for("listings.new", step=_target(step).slug))
    payload, foreign_keys = own_row_keys(steps.merged(saved, posted, step, form), organization)
    result = save_and_commit(save, payload, False, organization)
    if not isinstance(result, Revision):
        return result
    target = _target(step)
    if target is step:
        flash(_("Your draft is saved. Nothing is public until a moderator approves it."), "info")
    if (
        target.slug != steps.REVIEW
        and "contacts" in step.parts
        and form.only_professionals_reach_them()
    ):
        flash(ONLY_PROFESSIONALS, "warning")
    if foreign_keys:
        flash(FOREIGN_KEYS, "info")
    return redirect(_step_url(result.organization_id, target))


def _prepare(form: ListingForm, step: steps.Step, saved: ListingPayload) -> None:
    """What only this step's page holds: its own blocks' keys, and on the services step the
    saved locations a service may be offered at."""
    form.shown_sections = tuple(part for part in step.parts if part in REPEATED)
    if step.slug == SERVICES:
        form.saved_places = [
            SelectChoice(str(n), place_label(row.name, row.city, n))
            for n, row in enumerate(saved.locations)
        ]
        form.offer_places()


def _target(step: steps.Step) -> steps.Step:
    """Where the pressed button goes: a step (Next, Back, the index), else this step."""
    return _goto() or step


def _goto() -> steps.Step | None:
    """The step a pressed Next, Back or index button names (None: no such button)."""
    slug = request.form.get("goto")
    return steps.BY_SLUG.get(slug) if slug else None


def _step_url(organization_id: int, step: steps.Step) -> str:
    return url_for("listings.edit", organization_id=organization_id, step=step.slug)


def _page(
    form: ListingForm,
    step: steps.Step,
    organization: Organization | None,
    revision: Revision | None,
) -> str:
    return render_template(
        "listings/step.html",
        form=form,
        step=step,
        organization=organization,
        revision=revision,
        **_chrome(step),
    )


def _chrome(step: steps.Step) -> dict[str, object]:
    before, after = steps.neighbours(step)
    return {
        "steps": steps.STEPS,
        "before": before,
        "after": after,
        "position": steps.index_of(step) + 1,
    }


def _review(
    organization: Organization | None,
    saved: ListingPayload,
    revision: Revision | None,
    save: Save,
) -> ResponseReturnValue:
    step = steps.BY_SLUG[steps.REVIEW]
    audience_name = request.args.get("view", Audience.PUBLIC.value)
    if audience_name not in Audience.__members__.values():
        abort(400, description=_("Preview the listing as the public or as a professional."))
    audience = Audience(audience_name)
    form = ReviewForm()
    if request.method == "GET":
        form.revision_id.data = revision.id if revision else ""
        form.version.data = revision.version if revision else None
    whole = steps.whole_form(saved)
    complete = whole.validate()
    if request.method == "POST":
        target = _goto()
        if target is not None and target is not step and organization is not None:
            return redirect(_step_url(organization.id, target))
        if target is not None and organization is None:
            return redirect(url_for("listings.new", step=target.slug))
        if form.submit.data and complete and organization is not None:
            payload, _dropped = own_row_keys(saved, organization)
            result = save_and_commit(save, payload, True, organization)
            if not isinstance(result, Revision):
                return result
            flash(
                _("Thank you. Your listing was sent for review; we will email you the outcome."),
                "info",
            )
            return redirect(url_for("listings.index"))
    preview = None
    if organization is not None:
        preview = preview_profile(saved, organization, audience, current_user)
    alike = []
    if organization is not None and not organization.is_published:
        alike = duplicates.lookalikes_of_proposal(db.session(), current_user, organization, saved)
    return render_template(
        "listings/review.html",
        form=form,
        step=step,
        organization=organization,
        revision=revision,
        problems=list(steps.problems_by_step(error_items(whole))),
        advice=steps.advice(saved),
        only_professionals=whole.only_professionals_reach_them(),
        preview=preview,
        audience=audience.value,
        alike=alike,
        tried=request.method == "POST",
        **_chrome(step),
    )
