"""Reading a tabular HSDS datapackage (a folder of ``organizations.csv``, ``services.csv``...
with ``id`` foreign keys) into the nested organization records ``sources`` hands out.

The tables are staged in a temporary SQLite file indexed on the foreign keys, so memory stays
flat whatever the size; each assembled record and child remembers its CSV line in
``ORIGIN``. Encodings (BOM, UTF-16, Latin-1 refused), repeated headers, ragged rows, a missing
foreign-key column and an oversized cell each give a clear message naming file and line.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from directory.csv_export import formula_unguarded
from directory.hsds.sources import COLUMN_NAME, ORIGIN, Record, Source, SourceError


class _CsvReader(Protocol):
    """What ``csv.reader`` returns: rows, and the line it has read up to."""

    @property
    def line_num(self) -> int: ...
    def __iter__(self) -> Iterator[list[str]]: ...
    def __next__(self) -> list[str]: ...


# The csv module's limit is one setting for the whole process, and libraries change it
# (Frictionless raises it): an import reads with its own, the module's default, and puts
# back whatever was set before.
CSV_CELL_LIMIT = 131_072


@contextlib.contextmanager
def _cell_limit(limit: int) -> Iterator[None]:
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


# --- Tabular datapackage ------------------------------------------------------------------

# table → the foreign keys we look children up by
TABLES = {
    "organizations": (),
    "services": ("organization_id",),
    "locations": ("organization_id",),
    "addresses": ("location_id",),
    "phones": ("organization_id", "service_id", "location_id", "contact_id"),
    "contacts": ("organization_id", "service_id", "location_id"),
    "schedules": ("service_id",),
    "service_areas": ("service_id",),
    "service_at_location": ("service_id", "location_id"),
    "languages": ("service_id", "phone_id"),
    "accessibility": ("location_id",),
    "required_documents": ("service_id",),
    "attributes": ("link_id",),
    "taxonomy_terms": ("id",),
    "taxonomies": ("id",),
}


# The foreign keys a table cannot do without (one of them): without it its rows attach to
# nothing and would be lost without a word.
REQUIRED_KEYS = {
    "services": ("organization_id",),
    "addresses": ("location_id",),
    "phones": ("organization_id", "service_id", "location_id", "contact_id"),
    "contacts": ("organization_id", "service_id", "location_id"),
    "schedules": ("service_id",),
    "service_areas": ("service_id",),
    "service_at_location": ("service_id",),
    "languages": ("service_id",),
    "attributes": ("link_id",),
}


def _encoding(path: Path) -> str:
    """UTF-16 when the file starts with its byte order mark; else UTF-8 (with or without)."""
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8-sig"


def _undecodable_line(path: Path, encoding: str) -> int:
    """The first line of ``path`` that is not text in ``encoding`` (1 when unknown)."""
    if encoding != "utf-8-sig":
        return 1
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _rows(path: Path, header: list[str], reader: _CsvReader) -> Iterator[list[Any]]:
    """The non-blank rows, each with the line it starts on; a row with more or fewer cells
    than the header is refused (its cells would land in the wrong columns, or be lost)."""
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SourceError(
                f"{path.name} row {line}: {len(row)} cells where the header has"
                f" {len(header)}; nothing was imported"
            )
        yield [line, *row]


class Tabular:
    """The CSV tables of a datapackage in a temporary SQLite file, for lookups by key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        handle, self._path = tempfile.mkstemp(suffix=".sqlite3")  # removed by close()
        os.close(handle)
        self.db = sqlite3.connect(self._path)
        self.db.row_factory = sqlite3.Row
        self.columns: dict[str, list[str]] = {}
        try:
            for table, keys in TABLES.items():
                self._load(table, keys)
        except SourceError:
            self.close()
            raise

    def _load(self, table: str, keys: tuple[str, ...]) -> None:
        path = self.folder / f"{table}.csv"
        if not path.is_file():
            return
        encoding = _encoding(path)
        with path.open(newline="", encoding=encoding) as handle, _cell_limit(CSV_CELL_LIMIT):
            reader = csv.reader(handle)
            try:
                self._copy(table, keys, path, reader)
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise SourceError(
                        f"{path.name} row {reader.line_num}: a cell is longer than"
                        f" {CSV_CELL_LIMIT:,} characters (the CSV reader's limit);"
                        " nothing was imported"
                    ) from error
                raise SourceError(
                    f"{path.name} row {reader.line_num}: {error}; nothing was imported"
                ) from error
            except UnicodeError as error:
                line = _undecodable_line(path, encoding)
                raise SourceError(
                    f"{path.name} row {line}: not {encoding.split('-sig')[0].upper()} text"
                    " (Latin-1 or Windows-1252, perhaps): save it as UTF-8 and import again;"
                    " nothing was imported"
                ) from error

    def _copy(self, table: str, keys: tuple[str, ...], path: Path, reader: _CsvReader) -> None:
        header = [name.strip() for name in next(reader, [])]
        for name in header:
            if not COLUMN_NAME.fullmatch(name):
                raise SourceError(
                    f"{path.name} row 1: column name “{name}”: column names must be letters,"
                    " digits and _; nothing was imported"
                )
        repeated = sorted({name for name in header if header.count(name) > 1})
        if repeated:
            raise SourceError(
                f"{path.name} row 1: the column “{repeated[0]}” appears more than once;"
                " nothing was imported"
            )
        if keys and table in REQUIRED_KEYS and not set(REQUIRED_KEYS[table]) & set(header):
            named = " or ".join(REQUIRED_KEYS[table])
            raise SourceError(
                f"{path.name} row 1: no {named} column, so its rows belong to nothing;"
                " nothing was imported"
            )
        columns = ["__line__", *header]
        quoted = ", ".join(f'"{c}" TEXT' for c in columns)
        self.db.execute(f'CREATE TABLE "{table}" ({quoted})')  # names checked above
        marks = ", ".join("?" * len(columns))
        self.db.executemany(f'INSERT INTO "{table}" VALUES ({marks})', _rows(path, header, reader))  # noqa: S608  # nosec B608 - checked names
        for key in keys:
            if key in header:
                self.db.execute(f'CREATE INDEX "ix_{table}_{key}" ON "{table}" ("{key}")')
        self.columns[table] = header

    def rows(self, table: str, key: str | None = None, value: str | None = None) -> list[Record]:
        if table not in self.columns or (key is not None and key not in self.columns[table]):
            return []
        sql = f'SELECT * FROM "{table}"'  # noqa: S608  # nosec B608 - our table names
        params: tuple = ()
        if key is not None:
            sql += f' WHERE "{key}" = ?'
            params = (value,)
        return [
            self._record(table, row) for row in self.db.execute(sql + " ORDER BY rowid", params)
        ]

    def count(self, table: str) -> int:
        if table not in self.columns:
            return 0
        return self.db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608  # nosec B608 - our table names

    def _record(self, table: str, row: sqlite3.Row) -> Record:
        values = dict(row)
        record: Record = {
            k: formula_unguarded(v)
            for k, v in values.items()
            if k != "__line__" and v not in (None, "")
        }
        record[ORIGIN] = (f"{table}.csv", int(values["__line__"]))
        return record

    def close(self) -> None:
        self.db.close()
        Path(self._path).unlink(missing_ok=True)


# Files only HSDS 1.x datapackages have (3.0 folded them into other tables).
HSDS_1_FILES = (
    "physical_addresses.csv",
    "postal_addresses.csv",
    "regular_schedules.csv",
    "holiday_schedules.csv",
    "accessibility_for_disabilities.csv",
    "service_taxonomy.csv",
    "eligibility.csv",
    "payment_accepted.csv",
)


def hsds_1x(folder: Path) -> str | None:
    """Why ``folder`` looks like an HSDS 1.x datapackage, or None."""
    for name in HSDS_1_FILES:
        if (folder / name).is_file():
            return f"it has {name}"
    package = folder / "datapackage.json"
    if package.is_file():
        try:
            described = json.loads(package.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeError):
            return None
        resources = described.get("resources") if isinstance(described, dict) else None
        for resource in resources if isinstance(resources, list) else []:
            name = str(resource.get("name") or "") if isinstance(resource, dict) else ""
            if f"{name}.csv" in HSDS_1_FILES:
                return f"its datapackage.json describes {name}"
        version = str(described.get("version") or "") if isinstance(described, dict) else ""
        profile = str(described.get("profile") or "") if isinstance(described, dict) else ""
        if re.match(r"v?1\.", version) and "3." not in profile:
            return f"its datapackage.json says version {version}"
    return None


def read_tabular(folder: Path) -> Source:
    why = hsds_1x(folder)
    if why is not None:
        raise SourceError(
            f"{folder.name}: this is HSDS 1.x ({why}); the directory imports HSDS 3.0."
            " Convert it to 3.0 first; nothing was imported"
        )
    if not (folder / "organizations.csv").is_file():
        raise SourceError(f"{folder}: no organizations.csv (an HSDS tabular datapackage)")
    tables = Tabular(folder)
    notes: list[str] = []
    return Source(_assemble_all(tables, notes), tables.count("organizations"), notes)


def _assemble_all(tables: Tabular, notes: list[str]) -> Iterator[Record]:
    try:
        for organization in tables.rows("organizations"):
            yield assemble(tables, organization)
        _note_orphans(tables, notes)
    finally:
        tables.close()


def _with_attributes(tables: Tabular, record: Record) -> Record:
    attributes = []
    for row in tables.rows("attributes", "link_id", record.get("id")):
        term = next(iter(tables.rows("taxonomy_terms", "id", row.get("taxonomy_term_id"))), None)
        if term is not None:
            row["taxonomy_term"] = term
        attributes.append(row)
    record["attributes"] = attributes
    return record


def _phones(tables: Tabular, key: str, value: str | None) -> list[Record]:
    phones = tables.rows("phones", key, value)
    for phone in phones:
        phone["languages"] = tables.rows("languages", "phone_id", phone.get("id"))
    return phones


def _contact(tables: Tabular, row: Record) -> Record:
    row["phones"] = _phones(tables, "contact_id", row["id"])
    return _with_attributes(tables, row)


def _location(tables: Tabular, row: Record) -> Record:
    row["addresses"] = tables.rows("addresses", "location_id", row["id"])
    phones = _phones(tables, "location_id", row["id"])
    row["phones"] = [phone for phone in phones if not phone.get("service_id")]
    row["accessibility"] = tables.rows("accessibility", "location_id", row["id"])
    return _with_attributes(tables, row)


def assemble(tables: Tabular, organization: Record) -> Record:
    """One organization row with its children, nested as in the JSON form.

    A location belongs to the organization when it names it, or when one of its services is
    offered there (``service_at_location``). Contacts of its services come along too.
    """
    org_id = organization.get("id")
    services = tables.rows("services", "organization_id", org_id)
    locations = {row["id"]: row for row in tables.rows("locations", "organization_id", org_id)}
    contacts = {row["id"]: row for row in tables.rows("contacts", "organization_id", org_id)}
    for service in services:
        service["languages"] = tables.rows("languages", "service_id", service["id"])
        service["phones"] = _phones(tables, "service_id", service["id"])
        service["required_documents"] = tables.rows(
            "required_documents", "service_id", service["id"]
        )
        service["schedules"] = tables.rows("schedules", "service_id", service["id"])
        service["service_areas"] = tables.rows("service_areas", "service_id", service["id"])
        service["service_at_locations"] = tables.rows(
            "service_at_location", "service_id", service["id"]
        )
        for sal in service["service_at_locations"]:
            for row in tables.rows("locations", "id", sal.get("location_id")):
                locations.setdefault(row["id"], row)
        for row in tables.rows("contacts", "service_id", service["id"]):
            contacts.setdefault(row["id"], row)
        _with_attributes(tables, service)
    organization["services"] = services
    organization["locations"] = [_location(tables, row) for row in locations.values()]
    organization["contacts"] = [_contact(tables, row) for row in contacts.values()]
    organization["phones"] = [
        p for p in _phones(tables, "organization_id", org_id) if not p.get("contact_id")
    ]
    return _with_attributes(tables, organization)


def _note_orphans(tables: Tabular, notes: list[str]) -> None:
    """Rows of services and locations that no organization took, for the report."""
    sql = (
        'SELECT "__line__" FROM services WHERE organization_id IS NULL '
        "OR organization_id NOT IN (SELECT id FROM organizations)"
    )
    if "services" in tables.columns and "organization_id" in tables.columns["services"]:
        for (line,) in tables.db.execute(sql):
            notes.append(f"services.csv row {line}: organization_id names no organization; skipped")
