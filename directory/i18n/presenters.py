"""Text that exists in one language only, shown in the reader's: Werkzeug's stock error
descriptions, and an organization's description (English and, optionally, French)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from directory.i18n.locale import current_locale

if TYPE_CHECKING:
    from directory.models import Organization

# Shown instead of Werkzeug's English text when a view aborts without a description.
STOCK_DESCRIPTIONS = {
    400: _l("What was sent could not be understood. Please check it and try again."),
    401: _l("Please sign in to see this page."),
    403: _l("You do not have permission to open this page."),
    404: _l("The address may be mistyped, or the page may have moved or been removed."),
    405: _l("This address does not accept that kind of request."),
    409: _l("Someone else changed this at the same time. Please reload the page and try again."),
    410: _l("This page has been removed."),
    413: _l("What was sent is too large."),
    429: _l("Too many requests from your connection. Please wait a few minutes, then try again."),
}
CSRF_DESCRIPTION = _l(
    "This form has expired or did not come from this site. Please go back, reload the page "
    "and send it again."
)


def error_description(error: HTTPException) -> str:
    """The error's own description when a view gave one (already translated), else ours."""
    if isinstance(error, CSRFError):
        return str(CSRF_DESCRIPTION)
    if error.description and error.description != type(error).description:
        return str(error.description)
    return str(STOCK_DESCRIPTIONS.get(error.code or 0, ""))


@dataclass(frozen=True)
class LocalizedText:
    text: str
    lang: str  # the language the text is in: the `lang` attribute of its element


def localized_description(organization: Organization) -> LocalizedText | None:
    """The description in the reader's language, else in the other one (say so with ``lang``).

    ``description`` is the English one, ``description_fr`` the optional French one.
    """
    english = (organization.description or "").strip()
    french = (organization.description_fr or "").strip()
    if current_locale() == "fr" and french:
        return LocalizedText(french, "fr")
    if english:
        return LocalizedText(english, "en")
    return LocalizedText(french, "fr") if french else None
