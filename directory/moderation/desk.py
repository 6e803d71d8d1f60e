"""The moderation desk's tabs: what waits in each, how many, and since when.

The queue page (``/moderation/?tab=``) shows one tab's items at a time; the tab bar shows
every tab with its count and the age of its oldest item, so nothing waits unseen on a tab
that is not open. Each tab's items come from the module that owns them (claims, vetting,
reports, guides, partnerships, freshness), never a second query of our own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from directory.claims.services import pending_claims
from directory.guides import services as guide_services
from directory.listings.freshness import listings_due
from directory.models import Revision
from directory.moderation.services import pending_revisions
from directory.moderation.takedown import archived_listings
from directory.partnerships.services import reported_requests
from directory.reports.services import open_reports
from directory.vetting.services import pending_requests


@dataclass
class Tab:
    key: str
    label: Any  # a lazy string
    items: Sequence[Any]
    since: Callable[[Any], datetime | None]
    waiting: bool = True  # False: a list to look at, nothing anyone waits on
    oldest: datetime | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        moments = [m for m in (self.since(item) for item in self.items) if m is not None]
        self.oldest = min(moments) if moments else None

    @property
    def count(self) -> int:
        return len(self.items)


def _submitted(revision: Any) -> datetime | None:
    return revision.submitted_at


def _created(item: Any) -> datetime | None:
    return item.created_at


def desk_tabs() -> list[Tab]:
    """Every tab in the desk's order: listings first, then the people, then upkeep."""
    revisions: list[Revision] = pending_revisions()
    return [
        Tab(
            "new",
            _l("New listings"),
            [r for r in revisions if not r.organization.is_published],
            _submitted,
        ),
        Tab(
            "edits",
            _l("Changes to published listings"),
            [r for r in revisions if r.organization.is_published],
            _submitted,
        ),
        Tab("claims", _l("Claims"), pending_claims(), _created),
        Tab("verification", _l("Vetting requests"), pending_requests(), _created),
        Tab("reports", _l("Reports"), open_reports(), _created),
        Tab(
            "partnerships",
            _l("Reported partnership requests"),
            reported_requests(),
            lambda request: request.reported_at,
        ),
        Tab("guides", _l("Guides"), guide_services.pending_revisions(), _submitted),
        Tab(
            "due",
            _l("Due for re-verification"),
            listings_due(),
            lambda organization: organization.verified_at,
        ),
        Tab("archived", _l("Taken down"), archived_listings(), lambda _: None, waiting=False),
    ]


def chosen_tab(tabs: list[Tab], asked: str | None) -> Tab | None:
    """The tab asked for; without one, the first with something waiting (else the first).
    None: an unknown tab."""
    if asked:
        return next((tab for tab in tabs if tab.key == asked), None)
    return next((tab for tab in tabs if tab.count), tabs[0])
