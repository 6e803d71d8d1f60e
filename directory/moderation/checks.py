"""Automatic checks on a revision, shown to the moderator as flags above the diff.

Each check points at something a careful moderator would want to look at twice; none
decides anything. They compare the proposed listing with the published one (rows paired by
their keys) and with who submitted it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from directory.email_domains import PERSONAL_MAIL_DOMAINS, domain_of, host_of, on_domain
from directory.listings.payload import ContactRow, ListingPayload, LocationRow
from directory.models import ContactVisibility, Revision


@dataclass(frozen=True)
class Flag:
    kind: str  # a stable name, for tests and styling
    message: str


def _place(row: LocationRow) -> tuple[str, str, str, str]:
    return (row.address or "", row.city, row.postal_code or "", row.province)


def domain_flags(email: str | None, website: str | None) -> Iterator[Flag]:
    """Someone acting for an organization whose address is not on its website's domain."""
    host = host_of(website or "")
    if not email or not host:
        return
    domain = domain_of(email)
    if domain in PERSONAL_MAIL_DOMAINS:
        yield Flag(
            "domain",
            _(
                "Submitted from a webmail address (%(domain)s), not from the website’s "
                "domain (%(website)s).",
                domain=domain,
                website=host,
            ),
        )
    elif not on_domain(host, domain):
        yield Flag(
            "domain",
            _(
                "The submitter’s address is on %(domain)s; the website is on %(website)s.",
                domain=domain,
                website=host,
            ),
        )


def _domain_mismatch(revision: Revision, proposed: ListingPayload) -> Iterator[Flag]:
    submitter = revision.submitted_by
    if submitter is not None:
        yield from domain_flags(submitter.email, proposed.organization.website)


def _reachable(proposed: ListingPayload) -> bool:
    org = proposed.organization
    public = [c for c in proposed.contacts if c.visibility == ContactVisibility.PUBLIC]
    return bool(org.phone or org.email or org.website or any(c.phone or c.email for c in public))


def _contact_checks(proposed: ListingPayload) -> Iterator[Flag]:
    if not _reachable(proposed):
        reason = proposed.organization.no_public_contact_reason
        if reason:
            message = _(
                "No public way to reach this organization; the reason given: %(reason)s",
                reason=reason,
            )
        else:
            message = _(
                "No public way to reach this organization: no phone, email, website or "
                "public contact."
            )
        yield Flag("contact", message)
    for contact in proposed.contacts:
        given = {"email": contact.email, "phone": contact.phone}
        if contact.preferred_method in given and not given[contact.preferred_method]:
            yield Flag(
                "contact",
                _(
                    "%(name)s prefers to be reached by %(method)s, but gives none.",
                    name=contact.name,
                    method=_("email") if contact.preferred_method == "email" else _("phone"),
                ),
            )


def _confidential_checks(
    published: ListingPayload | None, proposed: ListingPayload
) -> Iterator[Flag]:
    before = {row.key: row for row in published.locations if row.key} if published else {}
    for row in proposed.locations:
        old = before.get(row.key) if row.key else None
        city = row.city
        if old is None:
            if row.confidential:
                yield Flag(
                    "confidential", _("A confidential location is added (%(city)s).", city=city)
                )
        elif row.confidential and not old.confidential:
            yield Flag("confidential", _("A location becomes confidential (%(city)s).", city=city))
        elif row.confidential and _place(row) != _place(old):
            yield Flag("confidential", _("A confidential location moves (%(city)s).", city=city))
        elif old.confidential and not row.confidential:
            message = _(
                "A confidential location becomes public: its address will be shown (%(city)s).",
                city=city,
            )
            yield Flag("confidential", message)


def _phone_checks(published: ListingPayload | None, proposed: ListingPayload) -> Iterator[Flag]:
    if published is None:
        return
    if (published.organization.phone or "") != (proposed.organization.phone or ""):
        yield Flag("phone", _("The organization’s phone number changes."))
    before: dict[str, ContactRow] = {c.key: c for c in published.contacts if c.key}
    for contact in proposed.contacts:
        old = before.get(contact.key) if contact.key else None
        if old is not None and (old.phone or "") != (contact.phone or ""):
            yield Flag("phone", _("The referral phone of %(name)s changes.", name=contact.name))


def revision_flags(
    revision: Revision, published: ListingPayload | None, proposed: ListingPayload
) -> list[Flag]:
    flags = [
        *_domain_mismatch(revision, proposed),
        *_contact_checks(proposed),
        *_confidential_checks(published, proposed),
        *_phone_checks(published, proposed),
    ]
    was = published.organization.professionals_only if published else False
    if proposed.organization.professionals_only != was:
        flags.append(
            Flag(
                "audience",
                _("Visible to vetted professionals only: turned on.")
                if proposed.organization.professionals_only
                else _(
                    "Visible to vetted professionals only: turned off; the listing becomes public."
                ),
            )
        )
    return flags
