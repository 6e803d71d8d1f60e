"""Writing one imported organization through the ORM: created, or updated field by field
(only what differs is assigned, so importing the same data again writes nothing), its
services, locations, contacts, areas and places matched by HSDS id. ``Importer`` mixes this
in; new organizations of whole records usually take the faster Core path (``hsds.bulk``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from slugify import slugify

from directory.extensions import db
from directory.hsds.contact_points import sync_phones
from directory.hsds.listing import Area, Listing, ServiceData
from directory.hsds.sources import (
    BY_ID,
)
from directory.hsds.sync import (
    area_key,
    assign,
    assign_terms,
    contact_fields,
    free_area_id,
    location_fields,
    new_contact,
    new_location,
    sync,
)
from directory.listings.payload import payload_from_organization
from directory.models import (
    ListingSource,
    Organization,
    OrganizationStatus,
    Revision,
    RevisionStatus,
    Service,
    ServiceArea,
    TaxonomyTerm,
    Vocabulary,
)


class OrganizationWriting:
    """The ORM path for one organization. The importer provides these attributes."""

    pending: bool
    terms: dict[tuple[str, str], TaxonomyTerm]
    slugs_given: set[str]
    free_slugs: set[str]
    queued: dict[uuid.UUID, Revision]

    def write(self, listing: Listing, org: Organization | None) -> tuple[str, Organization]:
        """Create or update one organization: "created", "updated" or "unchanged"."""
        with db.session.no_autoflush:  # a flush per query would rescan the whole batch
            return self._write(listing, org)

    def _write(self, listing: Listing, org: Organization | None) -> tuple[str, Organization]:
        created = org is None
        whole = listing.partial is None  # a partial record adds to its organization
        if org is None:
            org = Organization(
                hsds_id=listing.hsds_id,
                slug=self._slug(listing.name),
                name=listing.name,
                source=ListingSource.IMPORTED,
                status=OrganizationStatus.PENDING if self.pending else OrganizationStatus.PUBLISHED,
                services=[],
                locations=[],
                service_areas=[],
                contacts=[],
                sectors=[],
            )
            db.session.add(org)
        changed = False
        if listing.partial != BY_ID:
            changed |= assign(
                org,
                name=listing.name,
                alternate_name=listing.alternate_name,
                description=listing.description,
                description_fr=listing.description_fr,
                website=listing.website,
                email=listing.email,
                phone=listing.phone,
                external_id=listing.external_id,
            )
            if whole or listing.kept:
                changed |= assign(org, hsds_attributes=listing.kept or None)
            if whole or listing.sectors:
                sectors = self._terms(Vocabulary.SECTOR, listing.sectors)
                changed |= assign_terms(org, "sectors", sectors)
        changed |= self._services(org, listing.services, whole)
        changed |= sync(
            org,
            "locations",
            listing.locations,
            new_location,
            location_fields,
            keep_others=not whole,
        )
        changed |= self._places(org, listing.services)
        changed |= sync(
            org, "contacts", listing.contacts, new_contact, contact_fields, keep_others=not whole
        )
        if any(item.areas for item in listing.services) and any(s.id is None for s in org.services):
            db.session.flush()  # new services get ids for their own areas
        changed |= self._areas(org, listing, whole)
        if created:
            if self.pending:
                self._queue_for_review(org)
            return "created", org
        if changed and not whole and org.status == OrganizationStatus.PENDING:
            self._refresh_review(org)
        return ("updated" if changed else "unchanged"), org

    def _slugs_taken(self, listings: list[Listing]) -> None:
        """Which of the slugs this batch's new organizations would get are taken: one query
        for the batch instead of one per organization."""
        bases = {slugify(listing.name, max_length=100) or "listing" for listing in listings}
        self.free_slugs = bases - set(
            db.session.scalars(sa.select(Organization.slug).where(Organization.slug.in_(bases)))
        )

    def _slug(self, name: str) -> str:
        """A free slug, as ``listings.services.unique_slug`` makes them, counting the ones
        this import has given and not flushed yet."""
        base = slugify(name, max_length=100) or "listing"
        if base in self.free_slugs and base not in self.slugs_given:
            self.slugs_given.add(base)
            return base
        slug, n = base, 1
        while slug in self.slugs_given or db.session.scalar(
            sa.select(Organization.id).where(Organization.slug == slug)
        ):
            n += 1
            slug = f"{base}-{n}"
        self.slugs_given.add(slug)
        return slug

    def _terms(self, vocabulary: Vocabulary, slugs: list[str]) -> list[TaxonomyTerm]:
        return [
            self.terms[(vocabulary.value, s)] for s in slugs if (vocabulary.value, s) in self.terms
        ]

    def _services(self, org: Organization, items: list[ServiceData], whole: bool = True) -> bool:
        def update(service: Service, item: ServiceData) -> bool:
            changed = assign(
                service,
                name=item.name,
                description=item.description,
                eligibility=item.eligibility,
                fees=item.fees,
                referral_method=item.referral_method,
                intake_hours=item.intake_hours,
                open_24_7=item.open_24_7,
                hours=item.hours,
                accepting_referrals=item.accepting_referrals,
                delivered_online=item.delivered_online,
                self_referral=item.self_referral,
                self_referral_min_age=item.self_referral_min_age,
                warm_handoff=item.warm_handoff,
                first_response=item.first_response,
                no_police_required=item.no_police_required,
                referrer_checklist=item.referrer_checklist,
                email=item.email,
                website=item.website,
                required_documents=item.required_documents,
                status=item.status,
                hsds_attributes=item.kept or None,
            )
            if item.capacity_status is not None:  # the source said it: it wins
                changed |= assign(
                    service,
                    capacity_status=item.capacity_status,
                    capacity_places=item.capacity_places,
                    capacity_updated_at=item.capacity_updated_at,
                )
            changed |= sync_phones(service, item.phones)
            changed |= assign_terms(
                service, "types", self._terms(Vocabulary.SERVICE_TYPE, item.types)
            )
            changed |= assign_terms(
                service, "populations", self._terms(Vocabulary.POPULATION, item.populations)
            )
            changed |= assign_terms(
                service, "languages", self._terms(Vocabulary.LANGUAGE, item.languages)
            )
            changed |= assign_terms(
                service, "referral_sectors", self._terms(Vocabulary.SECTOR, item.referral_sectors)
            )
            return changed

        def new(item: ServiceData) -> Service:
            return Service(
                hsds_id=item.hsds_id, types=[], populations=[], languages=[], referral_sectors=[]
            )

        return sync(org, "services", items, new, update, keep_others=not whole)

    @staticmethod
    def _places(org: Organization, items: list[ServiceData]) -> bool:
        """Each service at the locations its source names (matched by HSDS id)."""
        locations = {location.hsds_id: location for location in org.locations}
        services = {service.hsds_id: service for service in org.services}
        changed = False
        for item in items:
            service = services[item.hsds_id]
            wanted = [locations[i] for i in item.location_ids if i in locations]
            if [loc.hsds_id for loc in service.locations] != [loc.hsds_id for loc in wanted]:
                service.locations = wanted
                changed = True
        return changed

    def _areas(self, org: Organization, listing: Listing, whole: bool = True) -> bool:
        """Areas are matched by what they cover (the same area may come with another id
        under each service); the organization's first, then each service's own. A partial
        record (one service) keeps the areas of the organization's other services."""
        wanted: list[tuple[int | None, Area]] = [(None, area) for area in listing.areas]
        service_ids = {s.hsds_id: s.id for s in org.services}
        for item in listing.services:
            wanted += [(service_ids[item.hsds_id], area) for area in item.areas]
        current = {(a.service_id, *area_key(a)): a for a in org.service_areas}
        keep, changed = [], False
        for service_id, area in wanted:
            key = (service_id, *area.key())
            row = current.pop(key, None)
            if row is None:
                row = ServiceArea(
                    service_id=service_id,
                    kind=area.kind,
                    province_code=area.province,
                    region_name=area.region_name,
                    latitude=area.latitude,
                    longitude=area.longitude,
                    radius_km=area.radius_km,
                    hsds_id=free_area_id(area.hsds_id, org),
                )
                changed = True
            keep.append(row)
        if not whole:
            mine = {service_ids[item.hsds_id] for item in listing.services}
            keep += [row for key, row in current.items() if key[0] not in mine]
            current = {key: row for key, row in current.items() if key[0] in mine}
        if current:
            changed = True
        if changed:
            org.service_areas = keep
        return changed

    def _refresh_review(self, org: Organization) -> None:
        """A feed added a service to an organization waiting for review: the pending
        revision a moderator will approve holds the listing as it is now."""
        revision = self.queued.get(org.hsds_id)
        if revision is None and org.id is not None:
            revision = db.session.scalar(
                sa.select(Revision).where(
                    Revision.organization_id == org.id, Revision.status == RevisionStatus.PENDING
                )
            )
        if revision is not None and revision.submitted_by_id is None:
            revision.payload = payload_from_organization(org)

    def _queue_for_review(self, org: Organization) -> None:
        """A pending import waits for a moderator like a submitted listing (no submitter)."""
        revision = Revision(
            organization=org,
            payload=payload_from_organization(org),
            status=RevisionStatus.PENDING,
            submitted_at=datetime.now(UTC),
        )
        db.session.add(revision)
        self.queued[org.hsds_id] = revision
