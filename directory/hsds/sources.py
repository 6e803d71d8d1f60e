"""Reading HSDS sources into nested organization records, one at a time.

Accepted: a JSON file holding one organization, a list of them, or a paged envelope
(``{"contents": [...]}``); services and services-at-location are accepted too and become
their organization. Or a folder holding a tabular datapackage (``organizations.csv``,
``services.csv``... with ``id`` foreign keys), which ``tabular_source`` assembles into the same
nested shape.

Large sources are streamed: JSON records one at a time (``json_stream``: at most
``MAX_DEPTH`` levels of nesting and ``MAX_RECORD_SIZE`` characters per record), CSV tables
through a temporary SQLite file indexed on the foreign keys, so memory stays flat whatever
the size.

Every record (and every child assembled from a CSV row) remembers where it came from in
``ORIGIN`` = ``(file name, row)``: the record's position in a JSON list, or the CSV line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import ijson

from directory.hsds.json_stream import LimitError, json_records

ORIGIN = "__origin__"
# Set on a record made from a service (``as_organization``): "partial" when the service came
# with its organization, "by-id" when it named it by ``organization_id`` only.
PARTIAL = "__partial__"
BY_ID = "by-id"
LOCATION_IDS = "__location_ids__"  # locations its services name by id only (to resolve)
COLUMN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
Record = dict[str, Any]


class SourceError(Exception):
    """The source cannot be read at all (not JSON, no organizations.csv...)."""


@dataclass
class Source:
    """An opened source: how many records (when known) and an iterator over them."""

    records: Iterator[Record]
    total: int | None
    notes: list[str]


def open_source(path: Path, check_first: bool = True) -> Source:
    """``check_first``: read a JSON file through once before handing out its records (so
    that an import committing as it goes finds a broken file before writing anything). An
    import that commits only at the end does without: it rolls back on the error."""
    if path.is_dir():
        # Imported here: the tabular reader builds on this module's records and errors.
        from directory.hsds.tabular_source import read_tabular

        return read_tabular(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file or folder")
    return _json(path, check_first)


# --- JSON --------------------------------------------------------------------------------


def _json(path: Path, check_first: bool = True) -> Source:
    """Read through the whole file once first, so that a file that is not valid JSON or
    holds a record beyond the limits (``json_stream``) is refused before anything is
    written; then stream it again for the import. Memory stays within one record."""
    if check_first:
        for _ in _stream(path):
            pass
    notes: list[str] = []
    return Source(_organizations(_stream(path), path.name, notes), None, notes)


class _Utf8:
    """A UTF-16 text file read as UTF-8 bytes (what the JSON parser reads)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text

    def read(self, size: int = -1) -> bytes:
        return self.text.read(size).encode("utf-8")


def _stream(path: Path) -> Iterator[Any]:
    with path.open("rb") as handle:
        start = handle.read(3)
        handle.seek(0)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            source: Any = _Utf8(io.TextIOWrapper(handle, encoding="utf-16"))
        else:
            if start == b"\xef\xbb\xbf":  # a UTF-8 byte order mark
                handle.seek(3)
            source = handle
        try:
            yield from json_records(source)
        except LimitError as error:
            raise SourceError(
                f"{path.name} {error}; nothing was imported. Split or simplify that record."
            ) from error
        except (ValueError, ijson.JSONError) as error:
            raise SourceError(f"{path.name}: not valid JSON ({error})") from error


def _organizations(items: Iterator[Any], name: str, notes: list[str]) -> Iterator[Record]:
    """Each item as an organization record: a service brings its organization, a service at
    location its service and location. Anything else is noted and skipped."""
    for position, item in enumerate(items, start=1):
        record = as_organization(item)
        if record is None:
            notes.append(
                f"{name} #{position}: not an organization, service or service at location; skipped"
            )
            continue
        record[ORIGIN] = (name, position)
        yield record


def as_organization(item: Any) -> Record | None:
    """An organization record for ``item``. A service (or a service at location) becomes its
    organization holding that one service, marked ``PARTIAL``: the importer adds or updates
    that service and never removes the organization's others (a feed of services names each
    organization once per service). A service that names its organization only by
    ``organization_id`` becomes ``{"id": organization_id}`` marked ``BY_ID``: the
    organization must be in the directory already, or earlier in the same file."""
    if not isinstance(item, dict):
        return None
    if isinstance(item.get("service"), dict):  # a service at location
        service = dict(item["service"])
        nested = item.get("location")
        if isinstance(nested, dict):
            service["__locations__"] = [nested]
        location_id = item.get("location_id") or (
            nested.get("id") if isinstance(nested, dict) else None
        )
        if location_id not in (None, ""):  # the pair itself, and a reference to resolve
            given = service.get("service_at_locations")
            here = {"location_id": location_id}
            service["service_at_locations"] = [*(given if isinstance(given, list) else []), here]
        return as_organization(service)
    if isinstance(item.get("organization"), dict):  # a service with its organization
        organization = dict(item["organization"])
        service = {k: v for k, v in item.items() if k != "organization"}
        return _with_service(organization, service, "partial")
    if _is_service(item):  # a service naming its organization by id only
        organization = {"id": item.get("organization_id")}
        return _with_service(organization, dict(item), BY_ID)
    if "name" in item and "id" in item and "status" not in item and "code" not in item:
        return item
    return None


def _is_service(item: Record) -> bool:
    return (
        item.get("organization_id") not in (None, "")
        and "name" in item
        and "services" not in item
        and "code" not in item
    )


def _with_service(organization: Record, service: Record, how: str) -> Record:
    organization["services"] = [service]
    organization["locations"] = (
        list(organization.get("locations") or [])
        + [
            loc
            for sal in (service.get("service_at_locations") or [])
            if isinstance(sal, dict) and isinstance(sal.get("location"), dict)
            for loc in [sal["location"]]
        ]
        + list(service.pop("__locations__", []))
    )
    references = [
        sal.get("location_id")
        for sal in (service.get("service_at_locations") or [])
        if isinstance(sal, dict) and not isinstance(sal.get("location"), dict)
    ] + list(service.pop("__location_ids__", []))
    organization[LOCATION_IDS] = [str(r) for r in references if r not in (None, "")]
    organization[PARTIAL] = how
    return organization
