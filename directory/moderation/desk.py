"""The moderation desk's tabs: what waits in each, how many, and since when.

The queue page (``/moderation/?tab=``) shows one tab's items at a time; the tab bar shows
every tab with its count and the age of its oldest item, so nothing waits unseen on a tab
that is not open. Each tab's items come from the module that owns them (claims, vetting,
reports, guides, partnerships, freshness), never a second query of our own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from flask_babel import lazy_gettext as _l

from directory.claims.services import pending_claims
from directory.guides import services as guide_services
from directory.listings.freshness import due_count_and_oldest, listings_due
from directory.models import Revision
from directory.moderation.services import pending_revisions
from directory.moderation.takedown import archived_count, archived_listings
from directory.partnerships.services import reported_requests
from directory.reports.services import open_reports
from directory.vetting.services import pending_requests


@dataclass
class Tab:
    """A tab: its count and oldest moment, and its items, loaded only when shown (a queue is
    short, but listings due for re-verification may be thousands)."""

    key: str
    label: Any  # a lazy string
    count: int
    oldest: datetime | None
    load: Callable[[], Sequence[Any]]
    waiting: bool = True  # False: a list to look at, nothing anyone waits on

    @cached_property
    def items(self) -> Sequence[Any]:
        return self.load()


def _queue(
    key: str, label: Any, items: Sequence[Any], since: Callable[[Any], datetime | None]
) -> Tab:
    """A tab of a waiting queue, loaded whole: its count and oldest come from its items."""
    moments = [m for m in (since(item) for item in items) if m is not None]
    return Tab(key, label, len(items), min(moments) if moments else None, lambda: items)


def _submitted(revision: Any) -> datetime | None:
    return revision.submitted_at


def _created(item: Any) -> datetime | None:
    return item.created_at


def desk_tabs() -> list[Tab]:
    """Every tab in the desk's order: listings first, then the people, then upkeep."""
    revisions: list[Revision] = pending_revisions()
    return [
        _queue(
            "new",
            _l("New listings"),
            [r for r in revisions if not r.organization.is_published],
            _submitted,
        ),
        _queue(
            "edits",
            _l("Changes to published listings"),
            [r for r in revisions if r.organization.is_published],
            _submitted,
        ),
        _queue("claims", _l("Claims"), pending_claims(), _created),
        _queue("verification", _l("Vetting requests"), pending_requests(), _created),
        _queue("reports", _l("Reports"), open_reports(), _created),
        _queue(
            "partnerships",
            _l("Reported partnership requests"),
            reported_requests(),
            lambda request: request.reported_at,
        ),
        _queue("guides", _l("Guides"), guide_services.pending_revisions(), _submitted),
        Tab("due", _l("Due for re-verification"), *due_count_and_oldest(), listings_due),
        Tab(
            "archived",
            _l("Taken down"),
            archived_count(),
            None,
            archived_listings,
            waiting=False,
        ),
    ]


def chosen_tab(tabs: list[Tab], asked: str | None) -> Tab | None:
    """The tab asked for; without one, the first with something waiting (else the first).
    None: an unknown tab."""
    if asked:
        return next((tab for tab in tabs if tab.key == asked), None)
    return next((tab for tab in tabs if tab.count), tabs[0])
