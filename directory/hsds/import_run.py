"""Running an HSDS import: the source read record by record, in batches of bounded size, each
written by ``Importer`` (see ``importer`` for what a write does) with the report of it all."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from directory import audit
from directory.extensions import db
from directory.hsds.importer import Importer
from directory.hsds.json_stream import MAX_RECORD_SIZE, record_size
from directory.hsds.report import ImportReport, lookalikes_of_new
from directory.hsds.sources import Record, SourceError, open_source
from directory.models import Organization

BATCH_SIZE = 200
# A batch is also cut when its records hold this many characters: at most five records of
# the largest size a source may have (json_stream.MAX_RECORD_SIZE) are in memory at once.
BATCH_CHARACTERS = 5 * MAX_RECORD_SIZE
COLLECT_EVERY = 50_000  # allocations between two runs of the cycle collector (``run_import``)


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
