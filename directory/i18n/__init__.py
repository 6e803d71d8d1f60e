"""English and French: which language a page or a mail is in, and the language switch.

The rules (docs/i18n.md): a signed-in person's saved choice (``User.locale``), then this
browser's choice (the ``lang`` cookie set by the switch), then the browser's
``Accept-Language``, then English. Mails follow their recipient (``recipient_locale``).
"""

from flask import Blueprint

bp = Blueprint("i18n", __name__)

from directory.i18n import routes  # noqa: E402, F401
