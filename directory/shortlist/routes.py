"""/shortlist: add and remove (plain POST forms, no script needed; CSRFProtect checks the
token of every POST), the list, the printable referral sheet and its CSV. Anyone may keep a
shortlist; what a sheet shows depends on who asks (services.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from flask import (
    Flask,
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in
from markupsafe import Markup

from directory.auth.mail import absolute_url
from directory.auth.services import is_safe_next
from directory.csv_export import csv_lines, csv_response
from directory.extensions import db
from directory.models import Organization, User
from directory.qr import qr_svg
from directory.shortlist import bp, services


@bp.app_template_global()
def shortlist_ids() -> frozenset[int]:
    """The viewer's shortlisted organization ids, read once per request (for the buttons)."""
    if "shortlist_ids" not in g:
        g.shortlist_ids = frozenset(services.shortlisted_ids(current_user, session))
    return g.shortlist_ids


@user_logged_in.connect
def _merge_on_sign_in(app: Flask, user: User) -> None:
    """Every sign-in passes through ``login_user`` after the sign-in's own commit, so the
    signed-out shortlist is merged here, in a commit of its own."""
    if services.merge_session_shortlist(user, session):
        db.session.commit()


def _back(default: str) -> str:
    target = request.form.get("next")
    return target if is_safe_next(target) else default


def _wants_json() -> bool:
    """The page's script asked (js/shortlist.js): answer with the button, not a redirect."""
    best = request.accept_mimetypes.best_match(("text/html", "application/json"))
    return best == "application/json"


def _button_json(
    organization: Organization | None, message: str, status: int = 200
) -> tuple[Response, int]:
    """The shortlist button rendered again for the page it came from (none for an organization
    search no longer finds: it cannot be added again), and what to announce."""
    html = ""
    if organization is not None:
        html = render_template(
            "shortlist/_button.html",
            organization=SimpleNamespace(id=organization.id, name=organization.name),
            back_to=_back(url_for("shortlist.index")),
        )
    return jsonify(html=html, message=message), status


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
def add(organization_id: int) -> ResponseReturnValue:
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
        full = _(
            "Your shortlist is full (%(max)d organizations). Remove one before adding another.",
            max=services.MAX_ENTRIES,
        )
        if _wants_json():
            return _button_json(organization, full, 409)
        flash(full, "error")
    else:
        db.session.commit()
        done = _("%(name)s is on your shortlist.", name=organization.name)
        if _wants_json():
            return _button_json(organization, done)
        if added:
            flash(done, "success")
    return redirect(_back(url_for("shortlist.index")))


@bp.post("/shortlist/<int:organization_id>/remove")
def remove(organization_id: int) -> ResponseReturnValue:
    services.remove(current_user, session, organization_id)
    db.session.commit()
    if _wants_json():
        organization = services.findable_organization(organization_id)
        return _button_json(organization, _("Removed from your shortlist."))
    flash(_("Removed from your shortlist."), "success")
    return redirect(_back(url_for("shortlist.index")))


@bp.post("/shortlist/clear")
def clear() -> ResponseReturnValue:
    services.clear(current_user, session)
    db.session.commit()
    flash(_("Your shortlist is empty."), "success")
    return redirect(url_for("shortlist.index"))


SHEET_TEMPLATES = {
    services.Audience.FAMILY: "shortlist/sheet_family.html",
    services.Audience.FILE: "shortlist/sheet.html",
}


@bp.get("/shortlist/sheet")
def sheet() -> str:
    """``?for=family`` (the default: the one safe to hand over) or ``?for=file``; the family's
    sheet has a QR code to each public profile unless ``qr=0``."""
    try:
        audience = services.Audience(request.args.get("for", services.Audience.FAMILY))
    except ValueError:
        abort(
            400, description=_("Choose a sheet for the young person or family, or for your file.")
        )
    ids = services.shortlisted_ids(current_user, session)
    entries = services.sheet_entries(ids, current_user, _locale(), audience)
    services.record_export(current_user, entries, "sheet")
    db.session.commit()
    with_qr = audience is services.Audience.FAMILY and request.args.get("qr") != "0"
    return render_template(
        SHEET_TEMPLATES[audience],
        entries=entries,
        now=datetime.now(UTC),
        audience=audience,
        with_qr=with_qr,
        qr_codes=_profile_qr_codes(entries) if with_qr else {},
    )


def _profile_qr_codes(entries: list[services.SheetEntry]) -> dict[int, Markup]:
    """Organization id → a QR code of its public profile's address (``SITE_URL`` when set,
    else this host), drawn here: the sheet loads nothing from elsewhere."""
    return {
        entry.organization.id: qr_svg(
            absolute_url("public.organization", slug=entry.organization.slug),
            _("QR code: the page of %(name)s in the directory", name=entry.organization.name),
            css_class="sheet-qr__image",
        )
        for entry in entries
    }


@bp.get("/shortlist.csv")
def download() -> ResponseReturnValue:
    ids = services.shortlisted_ids(current_user, session)
    entries = services.sheet_entries(ids, current_user, _locale())
    services.record_export(current_user, entries, "csv")
    db.session.commit()

    def profile_url(slug: str) -> str:
        return absolute_url("public.organization", slug=slug)

    rows = list(services.csv_rows(entries, _locale(), profile_url))
    return csv_response(csv_lines(services.CSV_HEADER, rows), "referral-shortlist.csv")
