"""/saved: save a search (from the search page), list them, stop alerts, delete; and the
unsubscribe link of the alert mails, which works without signing in (docs/alerts.md)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from directory import audit
from directory.extensions import csrf, db
from directory.models import SavedSearch
from directory.permissions import is_member, requires, signed_in_user
from directory.saved import bp, services
from directory.saved.forms import SaveSearchForm
from directory.saved.services import BadToken, SaveRefused


def _own(saved_search_id: int) -> SavedSearch:
    saved = services.owned(signed_in_user(), saved_search_id)
    if saved is None:
        abort(404, description=_("You have no saved search with this address."))
    return saved


@bp.get("/saved")
@requires(is_member)
def index() -> str:
    user = signed_in_user()
    return render_template(
        "saved/index.html",
        searches=services.saved_searches(user),
        max_saved=services.MAX_SAVED,
    )


@bp.post("/saved")
@requires(is_member)
def create() -> ResponseReturnValue:
    form = SaveSearchForm()
    query = services.normalise_query((form.query.data or "")[: services.MAX_QUERY_LENGTH])
    back = url_for("public.search") + (f"?{query}" if query else "")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(back)
    try:
        saved = services.save(signed_in_user(), form.name.data or "", query)
    except SaveRefused as refusal:
        flash(str(refusal), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Search saved as “%(name)s”. New matches will be mailed to you.", name=saved.name))
    return redirect(url_for("saved.index"))


@bp.post("/saved/<int:saved_search_id>/alerts")
@requires(is_member)
def alerts(saved_search_id: int) -> ResponseReturnValue:
    saved = _own(saved_search_id)
    services.set_alerts(saved, request.form.get("alerts") == "on")
    db.session.commit()
    if saved.alerts:
        flash(_("Alerts resumed for “%(name)s”.", name=saved.name))
    else:
        flash(_("Alerts stopped for “%(name)s”.", name=saved.name))
    return redirect(url_for("saved.index"))


@bp.post("/saved/<int:saved_search_id>/delete")
@requires(is_member)
def delete(saved_search_id: int) -> ResponseReturnValue:
    saved = _own(saved_search_id)
    name = saved.name
    services.delete(signed_in_user(), saved)
    db.session.commit()
    flash(_("Saved search “%(name)s” deleted.", name=name))
    return redirect(url_for("saved.index"))


@bp.route("/saved/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; RFC 8058 one-click POSTs carry no CSRF token
def unsubscribe(token: str) -> ResponseReturnValue:
    try:
        saved = services.search_to_unsubscribe(token)
    except BadToken:
        abort(400, description=_("This unsubscribe link is damaged. Copy the whole link."))
    done = request.method == "POST"
    if done and saved is not None and saved.alerts:
        services.set_alerts(saved, False)
        audit.record(None, "saved_search.unsubscribed", saved)
        db.session.commit()
    page = render_template("saved/unsubscribe.html", saved=saved, token=token, done=done)
    # The link names someone's saved search: no shared cache keeps the page.
    return page, {"Cache-Control": "no-store"}
