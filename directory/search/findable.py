"""What the public can find: the one rule behind search and every public count.

A listing is *findable* while it is published and its clock
(``documents.confirmation_clock``: when it was last confirmed, or for an imported listing
nobody has verified yet, when it was imported) is less than ``HIDE_AFTER_MONTHS`` old.
Search applies it to its index (the index keeps that clock, the engine cuts at
``hidden_before``); the home page's total, its sector tiles and the coverage matrix count
with ``findable()``, so each of their numbers equals the count of the search it links to.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from directory.models import Organization
from directory.privacy import PUBLIC_LISTINGS
from directory.search.engine import hide_before


def hidden_before(now: datetime | None = None) -> datetime:
    """Listings whose clock is older than this are out of search."""
    return hide_before(now, current_app.config["HIDE_AFTER_MONTHS"])


def findable(now: datetime | None = None) -> sa.ColumnElement[bool]:
    """The SQL condition for "the public can find this organization"."""
    clock = sa.func.coalesce(Organization.verified_at, Organization.created_at)
    return sa.and_(PUBLIC_LISTINGS, clock >= hidden_before(now))
