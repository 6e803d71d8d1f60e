"""``/moderation/listings/<id>``: a moderator takes a published listing down, or restores it.

Thin views: a reasoned, CSRF-carrying POST → one call into ``takedown`` → one commit →
redirect. Refusals (a stake in the listing, a status that does not allow it) are answered by
the handlers of ``directory.errors``, audited, with nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.extensions import db
from directory.models import Organization, User
from directory.moderation import bp, takedown
from directory.moderation.forms import TakedownForm
from directory.permissions import can_moderate, requires

bp.add_app_template_global(takedown.archive_reason, "archive_reason")
bp.add_app_template_global(takedown.archived_listings, "archived_listings")


@bp.get("/listings/<int:organization_id>")
@requires(can_moderate)
def listing_status(organization_id: int) -> str:
    organization = db.get_or_404(Organization, organization_id)
    return render_template(
        "moderation/listing_status.html",
        organization=organization,
        form=TakedownForm(),
        reason=takedown.archive_reason(organization),
    )


@bp.post("/listings/<int:organization_id>/archive")
@requires(can_moderate)
def archive(organization_id: int) -> Response | tuple[str, int]:
    return _decide(
        organization_id,
        takedown.archive,
        _("The listing is taken down: it no longer appears anywhere public."),
    )


@bp.post("/listings/<int:organization_id>/restore")
@requires(can_moderate)
def restore(organization_id: int) -> Response | tuple[str, int]:
    return _decide(organization_id, takedown.restore, _("The listing is published again."))


def _decide(
    organization_id: int, action: Callable[[User, Organization, str], None], done: str
) -> Response | tuple[str, int]:
    """Take down or restore: a reason is required; one call, one commit, back to the page."""
    organization = db.get_or_404(Organization, organization_id)
    form = TakedownForm()
    if not form.validate_on_submit():
        return _invalid(organization, form)
    action(current_user, organization, form.reason.data)
    db.session.commit()
    flash(done, "info")
    return redirect(url_for("moderation.listing_status", organization_id=organization.id))


def _invalid(organization: Organization, form: TakedownForm) -> tuple[str, int]:
    page = render_template(
        "moderation/listing_status.html",
        organization=organization,
        form=form,
        reason=takedown.archive_reason(organization),
    )
    return page, 400
