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
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from directory.extensions import db
from directory.hsds import ids
from directory.hsds.bulk import BulkCreator
from directory.hsds.listing import Issue, Listing
from directory.hsds.mapping import Reader
from directory.hsds.prepare import (
    NeedsSource,
    language_codes,
    languages_by_name,
    namespace_ids,
    namespaced,
    track,
    unread,
)
from directory.hsds.report import ImportReport
from directory.hsds.serialize import load_options
from directory.hsds.sources import (
    BY_ID,
    LOCATION_IDS,
    ORIGIN,
    PARTIAL,
    Record,
)
from directory.hsds.writing import OrganizationWriting
from directory.models import (
    ListingSource,
    Organization,
    Revision,
    TaxonomyTerm,
    Vocabulary,
)
from directory.search.bulk import index_new
from directory.search.index import REINDEX_KEY, reindex
from directory.taxonomy import VOCABULARIES

NOT_KEPT = "not kept: the directory has no field for it"


class Importer(OrganizationWriting):
    def __init__(
        self, pending: bool = False, source: str | None = None, batch: bool = False
    ) -> None:
        self.pending = pending
        self.source = source
        self.batch = batch
        terms = db.session.scalars(sa.select(TaxonomyTerm)).all()
        self.terms: dict[tuple[str, str], TaxonomyTerm] = {(t.vocabulary, t.slug): t for t in terms}
        vocabularies: dict[str, set[str]] = {v.value: set() for v in Vocabulary}
        for vocabulary, slug in self.terms:
            vocabularies.setdefault(vocabulary, set()).add(slug)
        self.reader = Reader(vocabularies)
        self.languages = vocabularies[Vocabulary.LANGUAGE.value]
        self.language_names = language_codes(VOCABULARIES[Vocabulary.LANGUAGE])
        self.slugs_given: set[str] = set()
        self.queued: dict[uuid.UUID, Revision] = {}  # ``_queue_for_review`` of this batch
        self.free_slugs: set[str] = set()  # this batch's slugs known to be free (``_slug``)
        # (what, id) → where it was first seen in this file: the same id twice is refused.
        self.seen: dict[str, dict[int, tuple[str, int]]] = {"organization": {}, "service": {}}
        self.created_here: set[uuid.UUID] = set()  # organizations this run created
        # New published organizations of whole records: Core INSERTs per batch (hsds.bulk).
        self.bulk = BulkCreator({key: term.id for key, term in self.terms.items()})
        self.fresh: set[int] = set()  # ids of this batch's organizations created by ``bulk``
        self.term_slugs = {term.id: SimpleNamespace(slug=term.slug) for term in terms}

    def read(self, record: Record, position: int, report: ImportReport) -> Listing | None:
        """The listing of one record, or None when refused (its problems reported)."""
        origin = record.get(ORIGIN) or ("?", position + 1)
        how = record.pop(PARTIAL, None)
        location_ids = record.pop(LOCATION_IDS, [])
        raw_id = record.get("id")
        try:
            namespace_ids(record, self.source)
            location_ids = [
                str(namespaced(r, self.source, "service_at_locations.location_id"))
                for r in location_ids
            ]
        except NeedsSource as error:
            file, row = origin
            report.problems.append(Issue(file, row, error.path, str(error)))
            report.refused += 1
            return None
        if how == BY_ID:
            record["name"] = "-"  # read for its services only; the organization is not changed
        early = [Issue(origin[0], origin[1], path, note) for path, note in self._languages(record)]
        tracked = track(record)
        self.reader.partial = how is not None
        listing = self.reader.read(tracked, origin)
        for holder, path in unread(tracked):
            file, row = holder.get(ORIGIN) or origin
            listing.notes.append(Issue(file, row, path, NOT_KEPT))
        listing.external_id = self._external_id(raw_id)
        listing.notes[:0] = early
        listing.partial = how
        listing.location_ids = location_ids
        self._refuse_repeats(listing, how)
        for note in listing.notes:
            report.note(note)
        if listing.problems:
            report.problems += listing.problems
            report.refused += 1
            return None
        return listing

    def _external_id(self, raw_id: object) -> str | None:
        """The source's own id (unique here): "NAME:id" when namespaced by a source name."""
        if raw_id in (None, "") or self.source is None or ids.parse_uuid(raw_id) is not None:
            return str(raw_id)[:100] if raw_id not in (None, "") else None
        return f"{self.source}:{raw_id}"[:100]

    def _languages(self, record: Record) -> list[tuple[str, str]]:
        return languages_by_name(record, self.languages, self.language_names)

    def _refuse_repeats(self, listing: Listing, how: str | None) -> None:
        """The same organization id twice (in records that are whole organizations), or the
        same service id twice, is refused naming both rows."""
        keys = [] if how else [("organization", listing.hsds_id.int)]
        keys += [("service", service.hsds_id.int) for service in listing.services]
        for what, key in keys:
            first = self.seen[what].setdefault(key, listing.origin)
            if first != listing.origin:
                file, row = listing.origin
                where = f"row {first[1]}" if first[0].endswith(".csv") else f"#{first[1]}"
                listing.problems.append(
                    Issue(file, row, f"{what} id", f"the same id as {first[0]} {where}")
                )

    def write_batch(self, records: list[Record], report: ImportReport, dry_run: bool) -> None:
        """All or nothing: write the batch in the run's one transaction (flushed, the search
        index rows with it); once a record is refused nothing more is written, but every
        record is still read so the report names every problem.

        ``--batch``: write the batch in one transaction; if one organization fails to save,
        start over with one transaction per organization, so that only the failing one is
        left out (and never half-written). Savepoints would do it in one pass, but SQLite's
        driver turns an outermost savepoint into a transaction of its own (docs/hsds.md)."""
        listings = [
            listing
            for position, record in enumerate(records)
            if (listing := self.read(record, position, report)) is not None
        ]
        if not self.batch:
            if report.problems:
                return
            try:
                outcomes = self._write_all(listings, report)
                db.session.flush()
                self._reindex()
            except (SQLAlchemyError, ValueError) as error:
                db.session.rollback()
                report.problems.append(self._culprit(listings, error))
                report.refused += 1
                return
            self._count(outcomes, report)
            return
        try:
            outcomes = self._write_all(listings, report)
            db.session.flush()
            self._reindex()
        except (SQLAlchemyError, ValueError):
            db.session.rollback()
        else:
            self._finish(dry_run)
            self._count(outcomes, report)
            return
        for listing in listings:  # one at a time, to find the one that fails
            try:
                outcomes = self._write_all([listing], report)
                db.session.flush()
                self._reindex()
            except (SQLAlchemyError, ValueError) as error:
                db.session.rollback()
                file, row = listing.origin
                reason = f"could not be saved ({type(error).__name__}); nothing of it was imported"
                report.problems.append(Issue(file, row, "organization", reason))
                report.refused += 1
                continue
            self._finish(dry_run)
            self._count(outcomes, report)

    def _culprit(self, listings: list[Listing], error: Exception) -> Issue:
        """Which listing of a batch that failed to save (all or nothing: everything is rolled
        back already): each is tried alone, and rolled back."""
        for listing in listings:
            try:
                self._write_all([listing], ImportReport())
                db.session.flush()
            except (SQLAlchemyError, ValueError) as alone:
                db.session.rollback()
                file, row = listing.origin
                reason = f"could not be saved ({type(alone).__name__})"
                return Issue(file, row, "organization", reason)
            db.session.rollback()
        first, last = listings[0].origin, listings[-1].origin
        reason = f"could not be saved with the records up to #{last[1]} ({type(error).__name__})"
        return Issue(first[0], first[1], "organization", reason)

    def _reindex(self) -> None:
        """The search index rows of what this batch touched, in the same transaction (at the
        commit there is then little left to do, and the session holds no batch for long):
        the organizations the ORM wrote through ``index.reindex``, those created with Core
        INSERTs (``hsds.bulk``) through ``search.bulk.index_new``."""
        touched = db.session.info.pop(REINDEX_KEY, None) or set()
        fresh, self.fresh = self.fresh - touched, set()
        if touched:
            reindex(db.session(), touched)
        index_new(db.session(), fresh, self.term_slugs)

    def _count(self, outcomes: list[tuple[str, Listing]], report: ImportReport) -> None:
        for outcome, listing in outcomes:
            if outcome == "created":
                self.created_here.add(listing.hsds_id)
            if outcome:
                setattr(report, outcome, getattr(report, outcome) + 1)
            report.services += len(listing.services)
            report.kept.append(listing.origin)

    @staticmethod
    def _finish(dry_run: bool) -> None:
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()  # the search index follows in this commit

    def _write_all(
        self, listings: list[Listing], report: ImportReport
    ) -> list[tuple[str, Listing]]:
        """Write the listings (no commit); a listing whose id is one of ours is refused
        (reported here, so only once even when the batch is retried one by one). The
        outcome is "" for a record that only added to an organization this run created."""
        existing = self._existing([listing.hsds_id for listing in listings])
        self._slugs_taken([listing for listing in listings if listing.hsds_id not in existing])
        outcomes = []
        created: set[uuid.UUID] = set()  # by this call (kept by ``_count`` once saved)
        self.queued = {}  # this batch's new pending revisions, by organization
        self.bulk.clear()
        self.fresh = set()
        for listing in listings:
            if listing.hsds_id in self.bulk:  # a record adding to one created just before
                self.fresh.update(self.bulk.write(db.session()))
                existing.update(self._existing([listing.hsds_id]))
            organization = existing.get(listing.hsds_id)
            file, row = listing.origin
            if organization is not None and organization.source != ListingSource.IMPORTED:
                if not listing.refusal_reported:
                    listing.refusal_reported = True
                    reason = "belongs to a listing maintained in the directory; not imported"
                    report.problems.append(Issue(file, row, "id", reason))
                    report.refused += 1
                continue
            if organization is None and listing.partial == BY_ID:
                if not listing.refusal_reported:
                    listing.refusal_reported = True
                    reason = (
                        f"“{listing.external_id}” names no organization of this file"
                        " or of the directory; the service was not imported"
                    )
                    report.problems.append(Issue(file, row, "organization_id", reason))
                    report.refused += 1
                continue
            repeat = listing.hsds_id in self.created_here or listing.hsds_id in created
            if organization is None and listing.partial is None and not self.pending:
                self.bulk.add(listing, self._slug(listing.name))
                created.add(listing.hsds_id)
                self._unresolved(listing, [loc.hsds_id for loc in listing.locations], report)
                outcomes.append(("" if repeat else "created", listing))
                continue
            outcome, written = self.write(listing, organization)
            if outcome == "created":
                created.add(listing.hsds_id)
            existing[listing.hsds_id] = written
            self._unresolved(listing, [loc.hsds_id for loc in written.locations], report)
            outcomes.append(("" if repeat else outcome, listing))
        self.fresh.update(self.bulk.write(db.session()))
        return outcomes

    def _unresolved(
        self, listing: Listing, locations: list[uuid.UUID], report: ImportReport
    ) -> None:
        """A service offered at a location named by id only: the location must be the
        organization's (in the directory or this record); else a note says so."""
        wanted = listing.location_ids
        if not wanted:
            return
        known = {str(hsds_id) for hsds_id in locations}
        for raw in wanted:
            if raw not in known:
                file, row = listing.origin
                report.note(
                    Issue(
                        file,
                        row,
                        "service_at_locations.location_id",
                        f"“{raw}” names no location of this organization; left out",
                    )
                )

    def _existing(self, hsds_ids: list[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        if not hsds_ids:
            return {}
        stmt = (
            sa.select(Organization)
            .where(Organization.hsds_id.in_(hsds_ids))
            .options(*load_options())
        )
        return {org.hsds_id: org for org in db.session.scalars(stmt)}
