"""Exporting published organizations as HSDS 3.0: a JSON list or a tabular datapackage.

Organizations are read in batches by id (keyset), each batch with its relationships in a
fixed number of queries, and written out at once, so memory stays flat on any size.

CSV cells get the same protection against spreadsheet formulas as the site's downloads
(``csv_export.formula_safe``). An export with restricted details (``include_restricted``)
is written readable by its owner only: files mode 0600, a folder it creates 0700.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from directory.csv_export import formula_safe
from directory.extensions import db
from directory.hsds import serialize, tabular
from directory.hsds.taxonomies import all_terms, taxonomy_document, term_document
from directory.models import Organization
from directory.privacy import PUBLIC_LISTINGS

BATCH_SIZE = 500

# Nested key in the JSON form → table (tabular.TABLES declares the tables)
CHILD_TABLES = {
    "phones": "phones",
    "contacts": "contacts",
    "locations": "locations",
    "addresses": "addresses",
    "services": "services",
    "service_at_locations": "service_at_location",
    "service_areas": "service_areas",
    "schedules": "schedules",
    "languages": "languages",
    "attributes": "attributes",
}


def published_organizations(
    batch_size: int = BATCH_SIZE,
) -> Iterator[list[Organization]]:
    """Published organizations by id, a batch at a time (the session is cleared between)."""
    last_id = 0
    while True:
        stmt = (
            sa.select(Organization)
            .where(PUBLIC_LISTINGS, Organization.id > last_id)
            .order_by(Organization.id)
            .limit(batch_size)
            .options(*serialize.load_options())
        )
        batch = list(db.session.scalars(stmt))
        if not batch:
            return
        yield batch
        last_id = batch[-1].id
        db.session.expunge_all()


def count_published() -> int:
    stmt = sa.select(sa.func.count()).where(PUBLIC_LISTINGS)
    return db.session.scalar(stmt) or 0


def export(
    path: Path,
    fmt: str,
    include_restricted: bool = False,
    advance: Callable[[int], Any] = lambda n: None,
) -> int:
    """Write every published organization to ``path``; returns how many."""
    documents = (
        (serialize.organization(org, include_restricted) for org in batch)
        for batch in published_organizations()
    )
    opener = _owner_only if include_restricted else None
    if fmt == "json":
        return _write_json(path, documents, advance, opener)
    return _write_tabular(path, documents, advance, opener)


Opener = Callable[[str, int], int] | None


def _owner_only(path: str, flags: int) -> int:
    """Open for writing, readable by the owner only, also when the file existed before."""
    descriptor = os.open(path, flags, 0o600)
    os.fchmod(descriptor, 0o600)
    return descriptor


# csv.DictWriter is generic to type checkers only (subscripting it fails at run time on 3.11).
if TYPE_CHECKING:
    _DictWriter = csv.DictWriter[str]
else:
    _DictWriter = csv.DictWriter


class _TableWriter(_DictWriter):
    """Writes a table's rows in its columns, formula-safe, an empty required value taking its
    ``fallback``; a row the table leaves out when incomplete (``Table.skip_incomplete``: a
    confidential location's address) is not written."""

    def __init__(self, handle: Any, table: tabular.Table) -> None:
        super().__init__(handle, table.column_names, extrasaction="ignore")
        self.table = table

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        row = self.table.filled(dict(rowdict))
        if self.table.skip_incomplete and not self.table.is_complete(row):
            return None
        safe = {k: formula_safe(v) if isinstance(v, str) else v for k, v in row.items()}
        return super().writerow(safe)


def _write_json(
    path: Path, batches: Iterator, advance: Callable[[int], Any], opener: Opener
) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", opener=opener) as out:
        out.write("[")
        for batch in batches:
            size = 0
            for document in batch:
                out.write(",\n" if count else "\n")
                out.write(json.dumps(document, ensure_ascii=False))
                count += 1
                size += 1
            advance(size)
        out.write("\n]\n" if count else "]\n")
    return count


def _write_tabular(
    folder: Path, batches: Iterator, advance: Callable[[int], Any], opener: Opener
) -> int:
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=0o700 if opener else 0o777)
    count = 0
    with ExitStack() as stack:
        writers = {}
        for table in tabular.TABLES:
            handle = stack.enter_context(
                open(folder / table.path, "w", newline="", encoding="utf-8", opener=opener)
            )
            writers[table.name] = _TableWriter(handle, table)
            writers[table.name].writeheader()
        seen_terms: set[str] = set()
        for term in all_terms():  # our vocabularies, even when no listing uses a term
            seen_terms.add(term.id)
            writers["taxonomy_terms"].writerow(term_document(term))
        for vocabulary in sorted({term.vocabulary for term in all_terms()}):
            writers["taxonomies"].writerow(taxonomy_document(vocabulary))
        for batch in batches:
            size = 0
            for document in batch:
                _flatten(document, "organizations", writers, seen_terms)
                count += 1
                size += 1
            advance(size)
    _write_datapackage(folder, opener)
    return count


def _flatten(document: dict, table: str, writers: dict, seen_terms: set[str]) -> None:
    writers[table].writerow({k: v for k, v in document.items() if not isinstance(v, list | dict)})
    for key, value in document.items():
        if key == "taxonomy_term" and isinstance(value, dict) and value["id"] not in seen_terms:
            seen_terms.add(value["id"])
            writers["taxonomy_terms"].writerow(value)
        elif key in CHILD_TABLES and isinstance(value, list):
            for child in value:
                _flatten(child, CHILD_TABLES[key], writers, seen_terms)


def _write_datapackage(folder: Path, opener: Opener) -> None:
    with open(folder / "datapackage.json", "w", encoding="utf-8", opener=opener) as out:
        out.write(json.dumps(tabular.datapackage(), indent=2) + "\n")
