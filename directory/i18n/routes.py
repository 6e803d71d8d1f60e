"""``POST /language``: the switch in every page's header (a form, never a link: it changes
state). The choice is remembered on this browser and, signed in, on the account."""

from flask import Response, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from directory.auth.services import is_safe_next
from directory.extensions import db
from directory.i18n import bp
from directory.i18n.forms import LanguageForm
from directory.i18n.locale import (
    LANGUAGE_NAMES,
    current_locale,
    remember_choice,
    supported_locales,
)
from directory.i18n.presenters import error_description, localized_description
from directory.permissions import current_viewer, is_signed_in


@bp.post("/language")
def switch() -> ResponseReturnValue:
    form = LanguageForm()
    if not form.validate_on_submit() or form.locale.data not in supported_locales():
        abort(400, description=_("Choose English or French."))
    target = form.next.data if is_safe_next(form.next.data) else url_for("public.home")
    response = redirect(target, code=303)
    viewer = current_viewer()
    user = viewer if is_signed_in(viewer) else None
    remember_choice(response, form.locale.data, user)
    if user is not None:
        db.session.commit()
    return response


@bp.app_context_processor
def inject_language_names() -> dict:
    return {"language_names": LANGUAGE_NAMES, "language_form": LanguageForm}


bp.add_app_template_filter(error_description, "error_description")
bp.add_app_template_global(localized_description, "localized_description")
# Text kept in one language only is marked when the page is in the other (_macros/language.html).
bp.add_app_template_global(current_locale, "page_language")


@bp.after_app_request
def vary_by_language(response: Response) -> Response:
    """A page's language depends on Accept-Language and the cookies: caches must know."""
    if request.endpoint != "static":
        response.vary.update(("Accept-Language", "Cookie"))
    return response
