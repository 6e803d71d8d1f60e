"""Likely duplicates: listed organizations that look like a listing (issue 18).

A listing is recognised by keys (``models.DuplicateKey``): its normalised name, the telling
words of its name, its public phones (last ten digits), its website's host and its public
street addresses. What may be matched on is decided in ``privacy`` (``MATCHABLE_*``): never a
confidential address or a restricted contact's phone.

Finding candidates is one indexed query on (kind, value) for the keys of the listing at hand;
a name counts as similar when it is the same once normalised, or shares at least
``SIMILAR_WORDS`` of the telling words of the shorter of the two names. The keys of published
listings are rewritten with the search index (``search.index.reindex`` for each commit,
``search.bulk.rebuild_index``, batch by batch, for a rebuild), so they are never staler than search.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from directory.email_domains import host_of
from directory.listings.payload import ListingPayload
from directory.models import (
    DuplicateKey,
    Location,
    Organization,
    OrganizationStatus,
    ReferralContact,
    Viewer,
)
from directory.privacy import (
    MATCHABLE_CONTACTS,
    MATCHABLE_LOCATIONS,
    matchable_addresses,
    matchable_phones,
    may_see_listing,
)

SIMILAR_WORDS = 0.6
SHOWN = 5
# A word of the name used by more listings than this finds nothing on its own ("youth").
COMMON_WORD = 200
CANDIDATES = 200  # listings compared by name at most, the most keys shared first
# Words that tell nothing about which organization it is (English and French).
_FILLER = frozenset(
    {
        "the", "and", "of", "for", "a", "an", "in", "on", "at", "to", "by", "with", "de", "des",
        "du", "la", "le", "les", "l", "d", "et", "pour", "en", "au", "aux", "sur", "inc", "ltd",
        "ltee", "corp", "co", "society", "societe", "association", "assn", "organization",
        "organisation", "services", "service", "centre", "center", "centres", "centers", "program",
        "programs", "programme", "programmes", "canada", "canadian", "canadien", "canadienne",
    }
)  # fmt: skip
REASONS = {
    "name": _l("the same name"),
    "word": _l("a similar name"),
    "phone": _l("the same phone number"),
    "host": _l("the same website"),
    "address": _l("the same address"),
}


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", _plain(name)) if w not in _FILLER and len(w) > 1]


def phone_key(phone: str | None) -> str | None:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-10:] if len(digits) >= 10 else None


def address_key(address: str | None, postal_code: str | None) -> str | None:
    """Street number and street words with the postal code: "12 example st|p7b1a1"."""
    street = " ".join(re.findall(r"[a-z0-9]+", _plain(address or "")))
    postal = re.sub(r"\s", "", _plain(postal_code or ""))
    return f"{street}|{postal}"[:200] if street and postal else None


@dataclass(frozen=True)
class Traits:
    """What a listing is recognised by, read from an organization or a proposed payload."""

    name: str
    website: str | None
    phones: Sequence[str | None]
    addresses: Sequence[tuple[str | None, str | None]]  # (street address, postal code)

    def keys(self) -> set[tuple[str, str]]:
        words = name_words(self.name)
        keys = {("word", word) for word in words}
        if words:
            keys.add(("name", " ".join(words)[:200]))
        host = host_of(self.website or "")
        if host:
            keys.add(("host", host[:200]))
        keys |= {("phone", key) for key in map(phone_key, self.phones) if key}
        keys |= {("address", key) for key in (address_key(*a) for a in self.addresses) if key}
        return keys


@dataclass(frozen=True)
class Match:
    organization: Organization
    reasons: list[str]  # the kinds shared, in REASONS order

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[kind]) for kind in self.reasons]


def likely_duplicates(
    session: Session, traits: Traits, exclude_id: int | None = None, limit: int = SHOWN
) -> list[Match]:
    """Published organizations that look like ``traits``, the most alike first.

    Three indexed queries whatever the directory's size: how many listings use each word of
    the name (words in more than ``COMMON_WORD`` listings, "youth" say, find nothing on
    their own); the listings sharing an exact key or a rarer word; those candidates' names,
    compared word by word here."""
    keys = traits.keys()
    words = {value for kind, value in keys if kind == "word"}
    exact: dict[str, list[str]] = defaultdict(list)
    for kind, value in keys:
        if kind != "word":
            exact[kind].append(value)
    rare: list[str] = []
    if words:
        # How many listings use each word, counted only up to COMMON_WORD + 1: a common word's
        # thousands of index entries are never all read (8.5 → 1 ms on PostgreSQL).
        counted = [
            sa.select(sa.literal(word).label("word"), sa.func.count().label("used")).select_from(
                sa.select(DuplicateKey.id)
                .where(DuplicateKey.kind == "word", DuplicateKey.value == word)
                .limit(COMMON_WORD + 1)
                .subquery()
            )
            for word in sorted(words)
        ]
        used: dict[str, int] = {word: n for word, n in session.execute(sa.union_all(*counted))}
        rare = sorted(word for word in words if 0 < used.get(word, 0) <= COMMON_WORD)
    conditions = [
        sa.and_(DuplicateKey.kind == kind, DuplicateKey.value.in_(sorted(values)))
        for kind, values in exact.items()
    ]
    if rare:
        conditions.append(sa.and_(DuplicateKey.kind == "word", DuplicateKey.value.in_(rare)))
    if not conditions:  # nothing to recognise it by, or only words every other listing uses
        return []
    stmt = sa.select(DuplicateKey.organization_id, DuplicateKey.kind).where(sa.or_(*conditions))
    if exclude_id is not None:
        stmt = stmt.where(DuplicateKey.organization_id != exclude_id)
    shared: dict[int, set[str]] = defaultdict(set)
    for organization_id, kind in session.execute(stmt):
        shared[organization_id].add(kind)
    # The most shared kinds first; a word alone weighs least.
    ranked = sorted(shared, key=lambda i: (-len(shared[i] - {"word"}), i))[:CANDIDATES]
    if not ranked:
        return []
    names = dict(
        session.execute(
            sa.select(Organization.id, Organization.name).where(
                Organization.id.in_(ranked), Organization.status == OrganizationStatus.PUBLISHED
            )
        ).all()
    )
    scored: list[tuple[int, float, int, list[str]]] = []
    for organization_id in ranked:
        if organization_id not in names:
            continue
        reasons = [kind for kind in REASONS if kind in shared[organization_id] and kind != "word"]
        theirs = set(name_words(names[organization_id]))
        common = len(words & theirs)
        fewer = min(len(words), len(theirs))
        if "name" not in reasons and fewer and common >= math.ceil(SIMILAR_WORDS * fewer):
            reasons.insert(0, "word")
        if reasons:
            likeness = common / max(len(words | theirs), 1)
            scored.append((len(reasons), likeness, organization_id, reasons))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    best = scored[:limit]
    organizations = {
        org.id: org
        for org in session.scalars(
            sa.select(Organization).where(Organization.id.in_([item[2] for item in best]))
        )
    }
    return [Match(organizations[i], reasons) for _, _, i, reasons in best]


# --- Keeping the keys --------------------------------------------------------------------------


def _traits_by_id(session: Session, ids: Sequence[int]) -> dict[int, Traits]:
    """Traits of the published organizations among ``ids``, read with a fixed few queries."""
    org = Organization.__table__.c
    rows = session.execute(
        sa.select(org.id, org.name, org.website, org.phone).where(
            org.id.in_(ids), org.status == OrganizationStatus.PUBLISHED
        )
    ).all()
    phones: dict[int, list[str | None]] = {row.id: [row.phone] for row in rows}
    addresses: dict[int, list[tuple[str | None, str | None]]] = {row.id: [] for row in rows}
    contact = ReferralContact.__table__.c
    for organization_id, phone in session.execute(
        sa.select(contact.organization_id, contact.phone).where(
            contact.organization_id.in_(phones), MATCHABLE_CONTACTS
        )
    ):
        phones[organization_id].append(phone)
    location = Location.__table__.c
    for organization_id, address, postal in session.execute(
        sa.select(location.organization_id, location.address, location.postal_code).where(
            location.organization_id.in_(addresses), MATCHABLE_LOCATIONS
        )
    ):
        addresses[organization_id].append((address, postal))
    return {
        row.id: Traits(row.name, row.website, phones[row.id], addresses[row.id]) for row in rows
    }


def write_keys(session: Session, organization_ids: Iterable[int], clear: bool = True) -> None:
    """Rewrite the keys of these organizations (none for an unpublished or deleted one)."""
    ids = sorted(set(organization_ids))
    if not ids:
        return
    if clear:
        session.execute(sa.delete(DuplicateKey).where(DuplicateKey.organization_id.in_(ids)))
    rows = [
        {"organization_id": organization_id, "kind": kind, "value": value}
        for organization_id, traits in _traits_by_id(session, ids).items()
        for kind, value in sorted(traits.keys())
    ]
    if rows:
        session.execute(sa.insert(DuplicateKey), rows)


def clear_keys(session: Session) -> None:
    """Before a full rebuild, which writes every published organization's keys again."""
    session.execute(sa.delete(DuplicateKey))


def traits_of(organization: Organization) -> Traits:
    """An organization's traits from its rows, by the same privacy rules as the keys."""
    return Traits(
        organization.name,
        organization.website,
        [organization.phone, *matchable_phones(organization.contacts)],
        matchable_addresses(organization.locations),
    )


def traits_of_payload(payload: ListingPayload) -> Traits:
    """A proposed listing's traits (a new listing has no rows yet)."""
    org = payload.organization
    return Traits(
        org.name,
        org.website,
        [org.phone, *matchable_phones(payload.contacts)],
        matchable_addresses(payload.locations),
    )


def shown_to(viewer: Viewer | None, matches: list[Match]) -> list[Match]:
    """Only the listings this viewer may see (a professionals-only one stays unknown)."""
    return [match for match in matches if may_see_listing(viewer, match.organization)]


def lookalikes_of_proposal(
    session: Session, viewer: Viewer | None, organization: Organization, payload: ListingPayload
) -> list[Match]:
    """What the submitter of a listing not yet published is asked about: "already listed?"."""
    found = likely_duplicates(session, traits_of_payload(payload), exclude_id=organization.id)
    return shown_to(viewer, found)
