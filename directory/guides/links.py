"""Where a guide's Refer part sends the reader: searches near their place, and the local
response card (``directory/response``)."""

from __future__ import annotations

from flask import url_for


def response_card_url(near: str) -> str:
    """The local response card for ``near``."""
    return url_for("response.card", near=near)


def sector_search_url(sector_slug: str, near: str | None) -> str:
    """A search for partners of one sector, near the reader's place when they gave one."""
    return url_for("public.search", sector=sector_slug, near=near or None)
