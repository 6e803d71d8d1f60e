"""How the response card words a distance (a template filter of the blueprint)."""

from __future__ import annotations

from flask_babel import format_decimal, gettext


def kilometres(km: float) -> str:
    """ "412 km", "1,262 km" (the locale's digits), "under 1 km": whole kilometres, since
    a card compares places a drive apart."""
    if km < 1:
        return gettext("under 1 km")
    return gettext("%(km)s km", km=format_decimal(round(km)))
