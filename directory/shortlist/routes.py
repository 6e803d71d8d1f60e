"""/shortlist: add and remove (plain POST forms, no script needed; CSRFProtect checks the
token of every POST), the list, the printable referral sheet and its CSV. Anyone may keep a
shortlist; what a sheet shows depends on who asks (services.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in

from directory.auth.mail import absolute_url
from directory.auth.services import is_safe_next
from directory.csv_export import csv_lines, csv_response
from directory.extensions import db
from directory.shortlist import bp, services


@bp.app_template_global()
def shortlist_ids() -> frozenset[int]:
    """The viewer's shortlisted organization ids, read once per request (for the buttons)."""
    if "shortlist_ids" not in g:
        g.shortlist_ids = frozenset(services.shortlisted_ids(current_user, session))
    return g.shortlist_ids


@user_logged_in.connect
def _merge_on_sign_in(app, user) -> None:  # noqa: ANN001 - Flask-Login's signal
    """Every sign-in passes through ``login_user`` after the sign-in's own commit, so the
    signed-out shortlist is merged here, in a commit of its own."""
    if services.merge_session_shortlist(user, session):
        db.session.commit()


def _back(default: str) -> str:
    target = request.form.get("next")
    return target if is_safe_next(target) else default


def _locale() -> str:
    return str(get_locale() or "en")


@bp.get("/shortlist")
def index() -> str:
    ids = services.shortlisted_ids(current_user, session)
    entries = services.sheet_entries(ids, current_user, _locale())
    return render_template(
        "shortlist/index.html", entries=entries, max_entries=services.MAX_ENTRIES
    )


@bp.post("/shortlist/<int:organization_id>/add")
def add(organization_id: int):  # noqa: ANN201
    organization = services.findable_organization(organization_id)
    if organization is None:
        abort(
            404,
            description=_(
                "This organization cannot be added: it is not published, or it is hidden from "
                "search until it is confirmed again."
            ),
        )
    try:
        added = services.add(current_user, session, organization)
    except services.ShortlistFull:
        flash(
            _(
                "Your shortlist is full (%(max)d organizations). Remove one before adding another.",
                max=services.MAX_ENTRIES,
            ),
            "error",
        )
    else:
        db.session.commit()
        if added:
            flash(_("%(name)s is on your shortlist.", name=organization.name), "success")
    return redirect(_back(url_for("shortlist.index")))


@bp.post("/shortlist/<int:organization_id>/remove")
def remove(organization_id: int):  # noqa: ANN201
    services.remove(current_user, session, organization_id)
    db.session.commit()
    flash(_("Removed from your shortlist."), "success")
    return redirect(_back(url_for("shortlist.index")))


@bp.post("/shortlist/clear")
def clear():  # noqa: ANN201
    services.clear(current_user, session)
    db.session.commit()
    flash(_("Your shortlist is empty."), "success")
    return redirect(url_for("shortlist.index"))


@bp.get("/shortlist/sheet")
def sheet() -> str:
    ids = services.shortlisted_ids(current_user, session)
    entries = services.sheet_entries(ids, current_user, _locale())
    services.record_export(current_user, entries, "sheet")
    db.session.commit()
    return render_template("shortlist/sheet.html", entries=entries, now=datetime.now(UTC))


@bp.get("/shortlist.csv")
def download():  # noqa: ANN201
    ids = services.shortlisted_ids(current_user, session)
    entries = services.sheet_entries(ids, current_user, _locale())
    services.record_export(current_user, entries, "csv")
    db.session.commit()

    def profile_url(slug: str) -> str:
        return absolute_url("public.organization", slug=slug)

    rows = list(services.csv_rows(entries, _locale(), profile_url))
    return csv_response(csv_lines(services.CSV_HEADER, rows), "referral-shortlist.csv")
