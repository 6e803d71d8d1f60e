"""Choosing the language of a request, remembering a choice, and mailing in the recipient's.

No request object is needed by ``recipient_locale`` and ``in_locale_of``: the CLI (reminders)
uses them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app, has_request_context, request
from flask_babel import force_locale, get_locale
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from directory.extensions import db
from directory.models import User

COOKIE_NAME = "lang"
COOKIE_MAX_AGE = timedelta(days=365)
# Each language under its own name, on the switch: never translated.
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def default_locale() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _valid(locale: str | None) -> str | None:
    return locale if locale in supported_locales() else None


def _signed_in_user_locale() -> str | None:
    """The saved choice of the signed-in person, if any.

    An error page must render even when the database is what failed: then no user, no choice.
    """
    try:
        if current_user and current_user.is_authenticated:
            return _valid(current_user.locale)
    except SQLAlchemyError:
        db.session.rollback()
    return None


def select_locale() -> str:
    """Flask-Babel's locale selector: saved choice > this browser's choice >
    Accept-Language > English."""
    if not has_request_context():
        return default_locale()
    return (
        _signed_in_user_locale()
        or _valid(request.cookies.get(COOKIE_NAME))
        or request.accept_languages.best_match(supported_locales())
        or default_locale()
    )


def current_locale() -> str:
    return str(get_locale() or default_locale())


def locale_at_creation() -> str | None:
    """``User.locale``'s default: the language of the page the account was created from, so
    that the confirmation and every later mail go out in it. None outside a request (accounts
    made from the command line): their mail follows whoever acts, until they choose."""
    if not has_request_context():
        return None
    return _valid(current_locale())


def remember_choice(response: Response, locale: str, user: User | None) -> None:
    """Keep an explicit choice: a year-long cookie on this browser, and on the account."""
    response.set_cookie(
        COOKIE_NAME,
        locale,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    if user is not None:
        user.locale = locale


def recipient_locale(user: User | None) -> str:
    """The language of a mail to ``user``: their saved choice, else the current page's."""
    return (user is not None and _valid(user.locale)) or current_locale()


@contextmanager
def in_locale_of(user: User | None) -> Iterator[None]:
    """Compose a mail (subject, body, dates) in its recipient's language."""
    with force_locale(recipient_locale(user)):
        yield
