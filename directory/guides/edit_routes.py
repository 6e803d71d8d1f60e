"""Guide editors draft a guide's next version and submit it for review."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from directory.extensions import db
from directory.guides import bp, services
from directory.guides.content import SECTION_TITLES, guide_title
from directory.guides.forms import GuideForm
from directory.i18n.locale import current_locale
from directory.permissions import can_edit_guides, requires, signed_in_user


@bp.route("/guides/<guide_slug>/edit", methods=["GET", "POST"])
@requires(can_edit_guides)
def edit(guide_slug: str) -> ResponseReturnValue:
    guide = services.find_guide(guide_slug)
    if guide is None:
        abort(404, description=_("There is no guide at this address."))
    revision = services.open_revision(guide)
    form = GuideForm()
    locale = current_locale()
    form.refer_sectors.choices = [SelectChoice(s.slug, s.label(locale)) for s in services.sectors()]
    if not form.is_submitted():
        form.load(services.starting_payload(guide, revision))
        form.revision_id.data = str(revision.id) if revision else ""
        form.version.data = revision.version if revision else None
    elif form.validate() and (not form.submit.data or form.complete_for_submission(guide.kind)):
        revision_id = int(form.revision_id.data) if form.revision_id.data.isdigit() else None
        try:
            services.save(
                signed_in_user(),
                guide,
                form.payload(guide.kind),
                bool(form.submit.data),
                revision_id,
                form.version.data,
            )
            db.session.commit()
        except (services.GuideRevisionConflict, StaleDataError):
            db.session.rollback()
            flash(
                _(
                    "Someone else saved this guide since you opened it. Nothing was "
                    "overwritten: here is their version; add your changes again."
                ),
                "error",
            )
            return redirect(url_for("guides.edit", guide_slug=guide_slug)), 303
        if form.submit.data:
            flash(_("Submitted: a moderator who did not write it will review it."), "info")
        else:
            flash(_("Draft saved. Nothing is published until a moderator approves it."), "info")
        return redirect(url_for("guides.edit", guide_slug=guide_slug))
    return render_template(
        "guides/edit.html",
        guide=guide,
        title=guide_title(guide),
        revision=revision,
        form=form,
        section_titles=SECTION_TITLES,
    ), 422 if form.errors else 200
