"""Writing HSDS listings into the directory: upsert by HSDS id, one savepoint per organization.

- A new organization is created **published but unverified** (``source = imported``,
  ``verified_at`` empty: pages show "Imported — not yet verified"), with no member: anyone
  may claim it. With ``pending=True`` it waits in the moderation queue instead (status
  ``pending`` and a pending revision holding the listing), like a submitted listing.
- An organization already imported from the same id is updated in place: its services,
  locations, areas and contacts are matched by HSDS id, added, changed or removed. Fields
  are only assigned when they differ, so importing the same data again changes nothing
  (no UPDATE, no new version, ``updated_at`` untouched).
- An id that belongs to a listing managed here (submitted, demo...) is refused: an import
  never overwrites what members and moderators maintain.
- A batch of organizations is written and committed at once, and the search index follows
  in the same commit (``directory.search.index``). When one organization of a batch fails to
  save, the batch is rolled back and written again one organization per transaction: the
  failing one is reported and left out whole, never half-imported.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from slugify import slugify
from sqlalchemy.exc import SQLAlchemyError

from directory import audit
from directory.extensions import db
from directory.hsds.contact_points import sync_phones
from directory.hsds.json_stream import MAX_RECORD_SIZE, record_size
from directory.hsds.listing import Area, Issue, Listing, ServiceData
from directory.hsds.mapping import Reader
from directory.hsds.serialize import load_options
from directory.hsds.sources import ORIGIN, Record, open_source
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

BATCH_SIZE = 200
# A batch is also cut when its records hold this many characters: at most five records of
# the largest size a source may have (json_stream.MAX_RECORD_SIZE) are in memory at once.
BATCH_CHARACTERS = 5 * MAX_RECORD_SIZE


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Issue] = field(default_factory=list)  # records refused
    notes: list[str] = field(default_factory=list)  # what was left out of records imported
    refused: int = 0

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.refused


def run_import(
    path: Path,
    pending: bool = False,
    dry_run: bool = False,
    progress: Callable[[Iterable[Record], int | None], Iterable[Record]] | None = None,
) -> ImportReport:
    """Import every organization of ``path`` (a JSON file or a CSV datapackage folder).

    ``progress(records, total)`` wraps the record iterator (the CLI's progress bar).
    Raises ``sources.SourceError`` when the source cannot be read at all.
    """
    source = open_source(path)
    report = ImportReport()
    importer = Importer(pending=pending)
    records: Iterator[Record] = source.records
    if progress is not None:
        # One iterator for every batch: a progress bar hands out a new generator per iter(),
        # and dropping one would close the source's stream behind it.
        records = iter(progress(records, source.total))
    for batch in _batches(records, BATCH_SIZE, BATCH_CHARACTERS):
        importer.write_batch(batch, report, dry_run)
    report.notes[:0] = source.notes
    if not dry_run:
        audit.record(
            None,
            "hsds.import",
            None,
            source=str(getattr(path, "name", path)),
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            refused=report.refused,
            pending=pending,
        )
        db.session.commit()
    return report


def _batches(records: Iterator[Record], count: int, characters: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    held = 0
    for record in records:
        batch.append(record)
        held += record_size(record)
        if len(batch) >= count or held >= characters:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


class Importer:
    def __init__(self, pending: bool = False) -> None:
        self.pending = pending
        terms = db.session.scalars(sa.select(TaxonomyTerm)).all()
        self.terms: dict[tuple[str, str], TaxonomyTerm] = {(t.vocabulary, t.slug): t for t in terms}
        vocabularies: dict[str, set[str]] = {v.value: set() for v in Vocabulary}
        for vocabulary, slug in self.terms:
            vocabularies.setdefault(vocabulary, set()).add(slug)
        self.reader = Reader(vocabularies)
        self.slugs_given: set[str] = set()

    def write_batch(self, records: list[Record], report: ImportReport, dry_run: bool) -> None:
        """Write a batch in one transaction; if one organization fails to save, start over
        with one transaction per organization, so that only the failing one is left out
        (and never half-written). Savepoints would do it in one pass, but SQLite's driver
        turns an outermost savepoint into a transaction of its own (docs/hsds.md)."""
        listings = []
        for position, record in enumerate(records):
            listing = self.reader.read(record, record.get(ORIGIN) or ("?", position + 1))
            report.notes += [str(note) for note in listing.notes]
            if listing.problems:
                report.problems += listing.problems
                report.refused += 1
            else:
                listings.append(listing)
        try:
            outcomes = self._write_all(listings, report)
            db.session.flush()
        except (SQLAlchemyError, ValueError):
            db.session.rollback()
        else:
            self._finish(dry_run)
            for outcome in outcomes:
                setattr(report, outcome, getattr(report, outcome) + 1)
            return
        for listing in listings:  # one at a time, to find the one that fails
            try:
                outcomes = self._write_all([listing], report)
                db.session.flush()
            except (SQLAlchemyError, ValueError) as error:
                db.session.rollback()
                file, row = listing.origin
                reason = f"could not be saved ({type(error).__name__}); nothing of it was imported"
                report.problems.append(Issue(file, row, "organization", reason))
                report.refused += 1
                continue
            self._finish(dry_run)
            for outcome in outcomes:
                setattr(report, outcome, getattr(report, outcome) + 1)

    @staticmethod
    def _finish(dry_run: bool) -> None:
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()  # the search index follows in this commit

    def _write_all(self, listings: list[Listing], report: ImportReport) -> list[str]:
        """Write the listings (no commit); a listing whose id is one of ours is refused
        (reported here, so only once even when the batch is retried one by one)."""
        existing = self._existing([listing.hsds_id for listing in listings])
        outcomes = []
        for listing in listings:
            organization = existing.get(listing.hsds_id)
            if organization is not None and organization.source != ListingSource.IMPORTED:
                if not listing.refusal_reported:
                    listing.refusal_reported = True
                    file, row = listing.origin
                    reason = "belongs to a listing maintained in the directory; not imported"
                    report.problems.append(Issue(file, row, "id", reason))
                    report.refused += 1
                continue
            outcomes.append(self.write(listing, organization))
        return outcomes

    def _existing(self, hsds_ids: list[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        if not hsds_ids:
            return {}
        stmt = (
            sa.select(Organization)
            .where(Organization.hsds_id.in_(hsds_ids))
            .options(*load_options())
        )
        return {org.hsds_id: org for org in db.session.scalars(stmt)}

    # --- one organization ----------------------------------------------------------------

    def write(self, listing: Listing, org: Organization | None) -> str:
        """Create or update one organization: "created", "updated" or "unchanged"."""
        with db.session.no_autoflush:  # a flush per query would rescan the whole batch
            return self._write(listing, org)

    def _write(self, listing: Listing, org: Organization | None) -> str:
        created = org is None
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
        changed = assign(
            org,
            name=listing.name,
            alternate_name=listing.alternate_name,
            description=listing.description,
            description_fr=listing.description_fr,
            website=listing.website,
            email=listing.email,
            phone=listing.phone,
            external_id=listing.external_id,
            hsds_attributes=listing.kept or None,
        )
        changed |= assign_terms(org, "sectors", self._terms(Vocabulary.SECTOR, listing.sectors))
        changed |= self._services(org, listing.services)
        changed |= sync(org, "locations", listing.locations, new_location, location_fields)
        changed |= self._places(org, listing.services)
        changed |= sync(org, "contacts", listing.contacts, new_contact, contact_fields)
        if any(item.areas for item in listing.services) and any(s.id is None for s in org.services):
            db.session.flush()  # new services get ids for their own areas
        changed |= self._areas(org, listing)
        if created:
            if self.pending:
                self._queue_for_review(org)
            return "created"
        return "updated" if changed else "unchanged"

    def _slug(self, name: str) -> str:
        """A free slug, as ``listings.services.unique_slug`` makes them, counting the ones
        this import has given and not flushed yet."""
        base = slugify(name, max_length=100) or "listing"
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

    def _services(self, org: Organization, items: list[ServiceData]) -> bool:
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

        return sync(org, "services", items, new, update)

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

    def _areas(self, org: Organization, listing: Listing) -> bool:
        """Areas are matched by what they cover (the same area may come with another id
        under each service); the organization's first, then each service's own."""
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
        if current:
            changed = True
        if changed:
            org.service_areas = keep
        return changed

    def _queue_for_review(self, org: Organization) -> None:
        """A pending import waits for a moderator like a submitted listing (no submitter)."""
        db.session.add(
            Revision(
                organization=org,
                payload=payload_from_organization(org),
                status=RevisionStatus.PENDING,
                submitted_at=datetime.now(UTC),
            )
        )
