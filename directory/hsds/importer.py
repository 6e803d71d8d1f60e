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

import gc
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa
from slugify import slugify
from sqlalchemy.exc import SQLAlchemyError

from directory import audit, duplicates
from directory.extensions import db
from directory.hsds import ids
from directory.hsds.bulk import BulkCreator
from directory.hsds.contact_points import sync_phones
from directory.hsds.json_stream import MAX_RECORD_SIZE, record_size
from directory.hsds.listing import Area, Issue, Listing, ServiceData
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
from directory.hsds.serialize import load_options
from directory.hsds.sources import (
    BY_ID,
    LOCATION_IDS,
    ORIGIN,
    PARTIAL,
    Record,
    SourceError,
    open_source,
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
    DuplicateKey,
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
from directory.search.bulk import index_new
from directory.search.index import REINDEX_KEY, reindex
from directory.taxonomy import VOCABULARIES

BATCH_SIZE = 200
# A batch is also cut when its records hold this many characters: at most five records of
# the largest size a source may have (json_stream.MAX_RECORD_SIZE) are in memory at once.
BATCH_CHARACTERS = 5 * MAX_RECORD_SIZE
# Notes kept word for word (memory stays flat on a large file with a note in every record);
# the rest are counted, by field, in ``notes_by_field``.
MAX_NOTES_KEPT = 5_000
NOT_KEPT = "not kept: the directory has no field for it"
INDEX_PATH = re.compile(r"\[\d+\]")
COLLECT_EVERY = 50_000  # allocations between two runs of the cycle collector (``run_import``)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Issue] = field(default_factory=list)  # records refused
    notes: list[str] = field(default_factory=list)  # what was left out of records imported
    refused: int = 0
    services: int = 0  # services read from records imported
    batch: bool = False  # keep the good records (--batch), or all or nothing
    written: bool = False  # something was stored (False after a dry run or a refused file)
    kept: list[tuple[str, int]] = field(default_factory=list)  # (file, row) of records kept
    notes_by_field: Counter[str] = field(default_factory=Counter)
    notes_not_shown: int = 0  # beyond MAX_NOTES_KEPT: counted by field only
    # New organizations that look like ones listed before this import (issue 18): the
    # publisher's and ours may be the same organization; nothing is merged, it is said.
    lookalikes: list[Lookalike] = field(default_factory=list)
    lookalikes_not_shown: int = 0

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.refused

    def note(self, issue: Issue) -> None:
        if len(self.notes) < MAX_NOTES_KEPT:
            self.notes.append(str(issue))
        else:
            self.notes_not_shown += 1
        self.notes_by_field[INDEX_PATH.sub("[]", issue.field)] += 1

    def kept_ranges(self) -> list[str]:
        """The records kept, as runs: ``source.json #1–#399, #401–#1000``."""
        runs: list[str] = []
        by_file: dict[str, list[int]] = {}
        for file, row in self.kept:
            by_file.setdefault(file, []).append(row)
        for file, rows in by_file.items():
            rows.sort()
            mark = "row " if file.endswith(".csv") else "#"
            parts: list[str] = []
            first = last = rows[0]
            for row in [*rows[1:], 0]:
                if row == last + 1:
                    last = row
                    continue
                parts.append(f"{mark}{first}" if first == last else f"{mark}{first}–{mark}{last}")
                first = last = row
            runs.append(f"{file} {', '.join(parts)}")
        return runs


def run_import(
    path: Path,
    pending: bool = False,
    dry_run: bool = False,
    progress: Callable[[Iterable[Record], int | None], Iterable[Record]] | None = None,
    batch: bool = False,
    source: str | None = None,
) -> ImportReport:
    """Import every organization of ``path`` (a JSON file or a CSV datapackage folder).

    All or nothing by default: the whole file is written in one transaction, committed only
    when no record was refused; otherwise nothing is stored and the report says which records
    and why. ``batch=True`` keeps the good records (committed 200 at a time) and lists them
    (``ImportReport.kept``). ``source`` names the publisher whose non-UUID ids these are
    (``prepare``). A dry run does exactly what the real run does, then rolls it back.

    ``progress(records, total)`` wraps the record iterator (the CLI's progress bar).
    Raises ``sources.SourceError`` when the source cannot be read at all.
    """
    opened = open_source(path, check_first=batch)
    report = ImportReport(batch=batch)
    listed_before = db.session.scalar(sa.select(sa.func.max(Organization.id))) or 0
    importer = Importer(pending=pending, source=source, batch=batch)
    records: Iterator[Record] = opened.records
    if progress is not None:
        # One iterator for every batch: a progress bar hands out a new generator per iter(),
        # and dropping one would close the source's stream behind it.
        records = iter(progress(records, opened.total))
    try:
        with _collector_for_bulk():
            for chunk in _batches(records, BATCH_SIZE, BATCH_CHARACTERS):
                importer.write_batch(chunk, report, dry_run)
    except SourceError:  # the file breaks off (all or nothing: nothing was committed)
        db.session.rollback()
        raise
    if batch or not report.problems:
        report.lookalikes, report.lookalikes_not_shown = lookalikes_of_new(listed_before)
    report.notes[:0] = opened.notes
    for _ in opened.notes:
        report.notes_by_field["(file)"] += 1
    if dry_run or (not batch and report.problems):
        db.session.rollback()
        report.written = False
        return report
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
        batch=batch,
        publisher=source,
    )
    db.session.commit()
    report.written = True
    return report


@dataclass(frozen=True)
class Lookalike:
    new: str  # the imported organization's name
    listed: str  # the organization listed before, its name
    slug: str
    reasons: list[str]  # duplicate-key kinds shared: name, phone, host, address

    def __str__(self) -> str:
        why = ", ".join(str(duplicates.REASONS[kind]) for kind in self.reasons)
        return f"“{self.new}” looks like “{self.listed}” (/organizations/{self.slug}): {why}"


LOOKALIKES_SHOWN = 50
_EXACT_KINDS = ("name", "phone", "host", "address")


def lookalikes_of_new(listed_before: int) -> tuple[list[Lookalike], int]:
    """The organizations this import created (ids above ``listed_before``) that share an
    exact key (normalised name, public phone, website host, public address) with one listed
    before it: one join on the keys' index, whatever the file's size. Published imports only
    (a ``--pending`` one has no keys yet: its moderator sees the lookalikes when reviewing)."""
    if not listed_before:
        return [], 0
    new, old = sa.orm.aliased(DuplicateKey), sa.orm.aliased(DuplicateKey)
    pairs: dict[tuple[int, int], list[str]] = {}
    for new_id, old_id, kind in db.session.execute(
        sa.select(new.organization_id, old.organization_id, new.kind)
        .join(old, sa.and_(old.kind == new.kind, old.value == new.value))
        .where(
            new.organization_id > listed_before,
            new.kind.in_(_EXACT_KINDS),
            old.organization_id <= listed_before,
        )
        .order_by(new.organization_id, old.organization_id)
    ):
        reasons = pairs.setdefault((new_id, old_id), [])
        if kind not in reasons:
            reasons.append(kind)
    if not pairs:
        return [], 0
    shown = list(pairs.items())[:LOOKALIKES_SHOWN]
    ids = {i for pair, _ in shown for i in pair}
    names = {
        row.id: (row.name, row.slug)
        for row in db.session.execute(
            sa.select(Organization.id, Organization.name, Organization.slug).where(
                Organization.id.in_(ids)
            )
        )
    }
    found = [
        Lookalike(names[new_id][0], *names[old_id], [k for k in _EXACT_KINDS if k in kinds])
        for (new_id, old_id), kinds in shown
    ]
    return found, len(pairs) - len(shown)


@contextmanager
def _collector_for_bulk() -> Iterator[None]:
    """Python's cycle collector tuned for the import, then as it was: an import makes
    millions of short-lived dicts, lists and rows, and by default every 700 of them start a
    collection that walks every object of the process (the application's included). The
    objects alive before the import are frozen (never walked) and collections come every
    50,000 allocations: a fifth of the import's time at 10,000 organizations. Memory stays
    flat: what a batch leaves behind is freed by reference counting, cycles still later."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


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

    # --- one organization ----------------------------------------------------------------

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
