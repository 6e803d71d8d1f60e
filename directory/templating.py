"""Values and filters every template can use."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from babel.support import NullTranslations
from flask import Flask, current_app, g
from flask_babel import format_date, format_timedelta, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from directory.auth.forms import LogoutForm
from directory.extensions import db
from directory.models import Labelled, ListingSource, Organization
from directory.permissions import TEMPLATE_GLOBALS
from directory.search.mirror import database_version


def demo_data_loaded() -> bool:
    """True while fictional demo listings are in the database (drives the banner).

    Asked by every page, so answered once per version of the search index and process: a
    commit that adds, changes or removes an organization reindexes it, which moves the
    version (``search.mirror``); the version is read once per request, and any page that
    searches has read it already. An error page must render even when the database does not
    answer: then no banner.
    """
    try:
        version = database_version(db.session())
        kept = current_app.extensions.get(_DEMO_KEY)
        if kept is None or kept[0] != version:
            stmt = sa.select(sa.exists().where(Organization.source == ListingSource.DEMO))
            kept = current_app.extensions[_DEMO_KEY] = (version, bool(db.session.scalar(stmt)))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False
    return bool(kept[1])


_DEMO_KEY = "demo_data_loaded"


def request_translations() -> NullTranslations:
    """Flask-Babel's translations for the current locale, looked up once per request.

    Flask-Babel finds them again on every ``_()`` (13 µs each; a search page has 240); this
    keeps them on ``g`` with the locale they are for, so ``force_locale`` (mail in the
    recipient's language) still gets its own."""
    locale = get_locale()
    kept = g.get("_translations")
    if kept is None or kept[0] is not locale:
        kept = g._translations = (locale, get_translations())
    translations: NullTranslations = kept[1]
    return translations


# Messages without variables as templates show them, per translations and autoescaping.
_translated: dict[tuple[NullTranslations, str, bool], str] = {}
_TRANSLATED_MAX = 20_000  # a msgid is a literal in a template: this is never reached


@pass_context
def template_gettext(context: Context, string: str, **variables: Any) -> str:
    """Jinja's newstyle ``gettext`` (``_()`` and ``{% trans %}``) in one call, the result
    of a message without variables kept: a page of search results asks 300 times, and
    Jinja's own goes through two context calls and formats every message again (10 µs a
    message, 3 ms a page). Same result: the translation, as Markup when autoescaping, always
    formatted with the variables (so "%%" is "%" in every message)."""
    translations = request_translations()
    autoescape = context.eval_ctx.autoescape
    key = (translations, string, autoescape)
    if not variables:
        done = _translated.get(key)
        if done is not None:
            return done
    text = translations.ugettext(string)
    # As Jinja does: a translation is trusted as the template is (the .po files are ours;
    # the variables are escaped by Markup's %), hence the nosec.
    result: str = (Markup(text) if autoescape else text) % variables  # noqa: S704 # nosec B704
    if not variables and len(_translated) < _TRANSLATED_MAX:
        _translated[key] = result
    return result


def init_templating(app: Flask) -> None:
    # Environment.extend puts this on the environment when jinja2.ext.i18n is loaded.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
    )
    # ``_`` is an alias that looks ``gettext`` up again on every call: both are this one.
    app.jinja_env.globals.update(gettext=template_gettext, _=template_gettext)

    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        return {
            "demo_data_loaded": demo_data_loaded,
            "current_locale": str(get_locale() or "en"),
            "quick_exit_url": current_app.config["QUICK_EXIT_URL"],
            "logout_form": LogoutForm,
        }

    # The permission predicates, under the names the views use (directory/permissions.py).
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)

    @app.template_filter("date")
    def _format_date(value: datetime | None, style: str = "long") -> str:
        return format_date(value, style) if value else ""

    @app.template_filter("when")
    def _when(value: datetime | None) -> Markup:
        """A moment, in UTC on the server; ``static/js/local-time.js`` rewrites it in the
        reader's own time zone and language (without script it stays UTC, and says so)."""
        if value is None:
            return Markup("")
        utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return Markup('<time class="local-time" datetime="{}">{} UTC</time>').format(
            utc.strftime("%Y-%m-%dT%H:%M:%SZ"), utc.strftime("%Y-%m-%d %H:%M")
        )

    @app.template_filter("age")
    def _age(value: datetime) -> str:
        """How long ago, in words of the page's language: "3 days", "2 hours"."""
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        waited = datetime.now(UTC) - moment
        if waited.total_seconds() < 60:
            return str(_l("under a minute"))
        return format_timedelta(waited, threshold=1.0)

    @app.template_filter("label")
    def _label(term: Labelled | None) -> str:
        """A term's label in the page's language; nothing for none (a draft's place whose
        province is not chosen yet, in the listing form's preview)."""
        return term.label(str(get_locale() or "en")) if term is not None else ""
