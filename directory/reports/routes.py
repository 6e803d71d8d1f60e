"""Reporting a problem with a profile, and a moderator resolving the report."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from directory.extensions import db
from directory.models import Report, ReportReason
from directory.permissions import can_moderate, current_viewer, is_signed_in, requires
from directory.ratelimits import per_address
from directory.reports import bp, services
from directory.reports.forms import ReportForm, ResolveReportForm

REPORT_PER_ADDRESS = "5 per hour"


@bp.app_template_global()
def open_reports() -> list[Report]:
    """The moderation queue's "Reports" section."""
    return services.open_reports()


@bp.route("/organizations/<slug>/report", methods=["GET", "POST"])
@per_address(REPORT_PER_ADDRESS)
def report(slug: str) -> ResponseReturnValue:
    organization = services.published_organization(slug, current_viewer())
    if organization is None:
        abort(404, description=_("No published organization has this address."))
    form = ReportForm()
    if form.validate_on_submit():
        reporter = current_user if is_signed_in(current_user) else None
        services.file_report(
            organization, ReportReason(form.reason.data), form.details.data, reporter
        )
        db.session.commit()
        flash(
            _(
                "Thank you for telling us. A moderator will look at this listing; "
                "you do not need to do anything else."
            ),
            "info",
        )
        return redirect(url_for("public.organization", slug=organization.slug))
    return render_template("reports/report.html", organization=organization, form=form)


@bp.route("/moderation/reports/<int:report_id>", methods=["GET", "POST"])
@requires(can_moderate)
def review(report_id: int) -> ResponseReturnValue:
    report = db.get_or_404(Report, report_id)
    form = ResolveReportForm()
    if form.validate_on_submit():
        try:
            services.resolve(current_user, report, form.resolution.data)
        except services.AlreadyResolved:
            flash(_("This report was already resolved."), "info")
            return redirect(url_for("reports.review", report_id=report.id))
        db.session.commit()
        flash(_("Report resolved."), "info")
        return redirect(url_for("moderation.queue"))
    return render_template("reports/review.html", report=report, form=form)
