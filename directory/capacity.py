"""Capacity: whether a service takes someone new right now, said by its own people.

Members of the organization (and moderators) say it in one click from "My listings", outside
the moderated listing payload: it changes too often for a review round, and it is audited
instead (``capacity.updated``, old and new values). What they said counts for
``CAPACITY_STALE_DAYS``; after that it reads as unknown, decided at read time (``now``), so
no job has to expire it. Fresh capacity decides whether the service is accepting referrals
(``accepting_now``); unknown or stale capacity leaves the listing's own "accepting
referrals" answer. No request objects here; callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from flask import current_app
from flask_babel import gettext as _

from directory import audit
from directory.models import CapacityStatus, Service, User
from directory.models.types import utcnow

UPDATED = "capacity.updated"


class HasCapacity(Protocol):
    """A service row, or a query row with the same columns (search cards)."""

    @property
    def accepting_referrals(self) -> bool: ...
    @property
    def capacity_status(self) -> str: ...
    @property
    def capacity_places(self) -> int | None: ...
    @property
    def capacity_updated_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Capacity:
    """What was said (``status``, ``places``, ``updated_at``) and whether it still counts."""

    status: CapacityStatus
    places: int | None
    updated_at: datetime | None
    stale: bool  # said more than CAPACITY_STALE_DAYS ago (never said: not stale, unknown)

    @property
    def current(self) -> bool:
        """Said, and recently enough to be shown and to decide "accepting referrals"."""
        return (
            self.status != CapacityStatus.UNKNOWN and self.updated_at is not None and not self.stale
        )

    def as_json(self) -> dict[str, Any]:
        """For ``/api/v1``: what was said, when, and whether it is too old to count."""
        return {
            "status": self.status.value,
            "places": self.places,
            "updated_at": self.updated_at.astimezone(UTC).isoformat() if self.updated_at else None,
            "stale": self.stale,
            "current": self.current,
        }

    @property
    def accepting(self) -> bool | None:
        """True or False when current; None when it is not (the listing's answer holds)."""
        return self.status == CapacityStatus.ACCEPTING if self.current else None


def stale_before(now: datetime | None = None) -> datetime:
    """Capacity said before this moment no longer counts."""
    days = current_app.config["CAPACITY_STALE_DAYS"]
    return (now or utcnow()) - timedelta(days=days)


def capacity_of(service: HasCapacity, now: datetime | None = None) -> Capacity:
    updated = service.capacity_updated_at
    return Capacity(
        status=CapacityStatus(service.capacity_status or CapacityStatus.UNKNOWN),
        places=service.capacity_places,
        updated_at=updated,
        stale=updated is not None and updated < stale_before(now),
    )


def accepting_now(service: HasCapacity, now: datetime | None = None) -> bool:
    """Fresh "accepting" yes, fresh "waitlist" or "full" no; otherwise the listing's answer."""
    said = capacity_of(service, now).accepting
    return service.accepting_referrals if said is None else said


def update_capacity(
    user: User, service: Service, status: CapacityStatus, places: int | None
) -> None:
    """Say the service's capacity now (saying it again restarts the clock), audited."""
    before = {
        "status": service.capacity_status,
        "places": service.capacity_places,
        "updated_at": service.capacity_updated_at.isoformat()
        if service.capacity_updated_at
        else None,
    }
    service.capacity_status = status
    service.capacity_places = places
    service.capacity_updated_at = utcnow()
    service.capacity_updated_by_id = user.id
    audit.record(
        user,
        UPDATED,
        service.organization,
        service_id=service.id,
        service=service.name,
        old=before,
        new={"status": str(status), "places": places},
    )


def capacity_note(capacity: Capacity, now: datetime | None = None) -> str:
    """The line profiles and cards show: "Accepting new referrals · updated 2 days ago",
    "Full — 0 places · updated today"; empty when the capacity is not current."""
    if not capacity.current or capacity.updated_at is None:
        return ""
    labels = {
        CapacityStatus.ACCEPTING: _("Accepting new referrals"),
        CapacityStatus.WAITLIST: _("Waitlist"),
        CapacityStatus.FULL: _("Full"),
    }
    note = labels[capacity.status]
    if capacity.places is not None:
        places = _("1 place") if capacity.places == 1 else _("%(num)d places", num=capacity.places)
        note = f"{note} — {places}"
    return f"{note} · {_updated_ago(capacity.updated_at, now)}"


def _updated_ago(updated_at: datetime, now: datetime | None) -> str:
    days = max(((now or utcnow()) - updated_at).days, 0)
    if days == 0:
        return _("updated today")
    if days == 1:
        return _("updated yesterday")
    return _("updated %(num)d days ago", num=days)
