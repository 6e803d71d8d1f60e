"""Where a guide's Refer part sends the reader: searches near their place, and the local
response card."""

from __future__ import annotations

from urllib.parse import quote

from flask import url_for
from werkzeug.routing import BuildError


def response_card_url(near: str) -> str:
    """The local response card for ``near`` (the ``response`` blueprint's ``/response``).

    Built from the endpoint when the app has it; the path it is documented at otherwise
    (DESIGN.md's public names), so that guides link there before that page ships."""
    try:
        return url_for("response.card", near=near)
    except BuildError:
        return "/response?near=" + quote(near, safe="")


def sector_search_url(sector_slug: str, near: str | None) -> str:
    """A search for partners of one sector, near the reader's place when they gave one."""
    return url_for("public.search", sector=sector_slug, near=near or None)
