"""The shortlist's rules: where it is kept, its cap, what a referral sheet may show.

Signed out, the shortlist is a list of organization ids in the session (signed cookie: ids
only, nothing secret). Signed in, it is ``ShortlistEntry`` rows; on sign-in the session's
ids join the saved ones (``merge_session_shortlist``). Either way at most ``MAX_ENTRIES``.

The sheets and the CSV show only organizations search finds (``search.findable``), only
public fields. A sheet is for one of two audiences (``Audience``): the young person or
family (public contacts only, whoever asks) or the professional's file, which — like the CSV
— adds the referral contacts reserved for professionals for a viewer entitled to them for
that organization (``contacts_for``, which asks ``privacy``); every export that includes
such contacts is audited, one event per organization, as a profile view is. Confidential
addresses are never loaded into a sheet entry: places are city and province only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import selectinload

from directory import audit, privacy
from directory.extensions import db
from directory.models import Location, Organization, ReferralMethod, ShortlistEntry, User, Viewer
from directory.permissions import is_signed_in
from directory.privacy import PublicContact, PublicOrganization
from directory.public.presenters import describe_referral_method
from directory.search.findable import findable

MAX_ENTRIES = 50
SESSION_KEY = "shortlist"

Session = MutableMapping[str, Any]


class Audience(enum.StrEnum):
    """Whom a referral sheet is for (``/shortlist/sheet?for=...``)."""

    FAMILY = "family"  # handed to the young person or family: public contacts only
    FILE = "file"  # the professional's own record: restricted contacts when entitled


class ShortlistFull(Exception):
    """The shortlist already holds ``MAX_ENTRIES`` organizations."""


def _saved(user: Viewer) -> bool:
    return is_signed_in(user)


def shortlisted_ids(user: Viewer, session: Session) -> list[int]:
    """The organization ids on the shortlist, in the order they were added."""
    if _saved(user):
        stmt = (
            sa.select(ShortlistEntry.organization_id)
            .where(ShortlistEntry.user_id == user.id)
            .order_by(ShortlistEntry.added_at, ShortlistEntry.id)
        )
        return list(db.session.scalars(stmt))
    return [i for i in session.get(SESSION_KEY, []) if isinstance(i, int)]


def findable_organization(organization_id: int) -> Organization | None:
    """The organization if search can find it (published, not hidden for staleness)."""
    stmt = sa.select(Organization).where(Organization.id == organization_id, findable())
    return db.session.scalar(stmt)


def add(user: Viewer, session: Session, organization: Organization) -> bool:
    """Put ``organization`` on the shortlist; False if it was there already.

    Raises ``ShortlistFull`` at the cap. The caller commits.
    """
    ids = shortlisted_ids(user, session)
    if organization.id in ids:
        return False
    if len(ids) >= MAX_ENTRIES:
        raise ShortlistFull
    if _saved(user):
        db.session.add(ShortlistEntry(user_id=user.id, organization_id=organization.id))
    else:
        session[SESSION_KEY] = [*ids, organization.id]
    return True


def remove(user: Viewer, session: Session, organization_id: int) -> None:
    if _saved(user):
        db.session.execute(
            sa.delete(ShortlistEntry).where(
                ShortlistEntry.user_id == user.id,
                ShortlistEntry.organization_id == organization_id,
            )
        )
    else:
        session[SESSION_KEY] = [i for i in shortlisted_ids(user, session) if i != organization_id]


def clear(user: Viewer, session: Session) -> None:
    if _saved(user):
        db.session.execute(sa.delete(ShortlistEntry).where(ShortlistEntry.user_id == user.id))
    else:
        session.pop(SESSION_KEY, None)


def merge_session_shortlist(user: User, session: Session) -> int:
    """Move the signed-out shortlist onto ``user``'s saved one (up to the cap); returns how
    many were added. Ids of organizations search no longer finds are dropped. The caller commits.
    """
    pending = [i for i in session.pop(SESSION_KEY, []) if isinstance(i, int)]
    if not pending:
        return 0
    saved = set(shortlisted_ids(user, {}))
    room = MAX_ENTRIES - len(saved)
    findable_ids = sa.select(Organization.id).where(Organization.id.in_(pending), findable())
    published = set(db.session.scalars(findable_ids))
    added = 0
    for organization_id in dict.fromkeys(pending):
        if added >= room:
            break
        if organization_id in published and organization_id not in saved:
            db.session.add(ShortlistEntry(user_id=user.id, organization_id=organization_id))
            added += 1
    return added


@dataclass(frozen=True)
class SheetEntry:
    """One organization as a referral sheet (and its CSV) shows it."""

    organization: PublicOrganization
    places: list[str]  # "Thunder Bay, Ontario": cities only, never an address
    referral_methods: list[str]  # in a professional's words
    ways_in: list[str]  # the same in plain words, for the young person or family
    public_contacts: list[PublicContact]
    restricted_contacts: list[PublicContact] = field(default_factory=list)


def sheet_entries(
    ids: list[int], viewer: Viewer | None, locale: str, audience: Audience = Audience.FILE
) -> list[SheetEntry]:
    """The organizations among ``ids`` that search finds, in that order, as sheet entries.
    For the family, no restricted contact whoever the viewer is."""
    if not ids:
        return []
    stmt = (
        sa.select(Organization)
        .where(Organization.id.in_(ids), findable())
        .options(
            selectinload(Organization.sectors),
            selectinload(Organization.services),
            selectinload(Organization.locations).selectinload(Location.province),
            selectinload(Organization.contacts),
        )
    )
    by_id = {org.id: org for org in db.session.scalars(stmt)}
    reader = viewer if audience is Audience.FILE else None
    return [_entry(by_id[i], reader, locale) for i in ids if i in by_id]


def contacts_for(
    viewer: Viewer | None, organization: Organization
) -> tuple[list[PublicContact], list[PublicContact]]:
    """(public, restricted) referral contacts of ``organization`` that ``viewer`` may see;
    restricted is empty unless the viewer is entitled (``None``: the public). The shortlist's
    only use of ``privacy``'s contact rules."""
    public = privacy.public_contacts(organization)
    if viewer is None:
        return public, []
    return public, privacy.restricted_contacts(viewer, organization)


def describe_way_in(method: str) -> str:
    """How to reach a service, for the young person or family (no professional terms)."""
    ways: dict[str, str] = {
        ReferralMethod.SELF: gettext("You can contact them yourself."),
        ReferralMethod.PROFESSIONAL: gettext(
            "Ask a worker who supports you to contact them for you."
        ),
        ReferralMethod.BOTH: gettext(
            "You can contact them yourself, or a worker who supports you can do it for you."
        ),
    }
    return ways.get(method, method)


def _entry(organization: Organization, viewer: Viewer | None, locale: str) -> SheetEntry:
    shown = privacy.public_organization(organization)
    places = dict.fromkeys(
        f"{location.city}, {location.province.label(locale)}" for location in shown.locations
    )
    methods = dict.fromkeys(service.referral_method for service in organization.services)
    public, restricted = contacts_for(viewer, organization)
    return SheetEntry(
        organization=shown,
        places=list(places),
        referral_methods=[describe_referral_method(m) for m in methods],
        ways_in=[describe_way_in(m) for m in methods],
        public_contacts=public,
        restricted_contacts=restricted,
    )


def record_export(viewer: Viewer, entries: list[SheetEntry], kind: str) -> None:
    """Audit each organization whose restricted contacts this export includes (who, which,
    how many, sheet or CSV; never the contacts). The caller commits."""
    for entry in entries:
        if entry.restricted_contacts:
            audit.record(
                viewer,
                "restricted_contacts.exported",
                db.session.get(Organization, entry.organization.id),  # loaded: no query
                contacts=len(entry.restricted_contacts),
                format=kind,
            )


def describe_contact(contact: PublicContact) -> str:
    """ "Intake worker (Counsellor): 807-555-0100, intake@example.org (prefers phone)"."""
    who = f"{contact.name} ({contact.role})" if contact.role else contact.name
    means = ", ".join(v for v in (contact.phone, contact.email) if v)
    prefers = gettext("prefers %(method)s", method=_method_word(contact.preferred_method))
    return f"{who}: {means} ({prefers})" if means else who


def _method_word(method: str) -> str:
    return {"phone": gettext("phone"), "email": gettext("email")}.get(method, method)


CSV_HEADER = (
    "name",
    "sectors",
    "places",
    "phone",
    "email",
    "website",
    "referral_method",
    "referral_contacts",
    "contacts_for_professionals",
    "profile_url",
)


def csv_rows(
    entries: list[SheetEntry], locale: str, profile_url: Callable[[str], str]
) -> Iterator[tuple[str, ...]]:
    """One row per entry; ``profile_url(slug)`` makes the absolute profile link."""
    for entry in entries:
        org = entry.organization
        yield (
            org.name,
            "; ".join(s.label(locale) for s in org.sectors),
            "; ".join(entry.places),
            org.phone or "",
            org.email or "",
            org.website or "",
            "; ".join(entry.referral_methods),
            " | ".join(describe_contact(c) for c in entry.public_contacts),
            " | ".join(describe_contact(c) for c in entry.restricted_contacts),
            profile_url(org.slug),
        )
