"""The tables of the HSDS 3.0 CSV export, declared once: the writer takes its files and
column order from here, and ``datapackage()`` describes them from the same declaration
(types, formats, required fields, primary and foreign keys), as the official tabular schema
does (``../shared/hsds/schema/tabular.json``; ``tests/test_hsds_tabular.py`` checks that the
two agree and that an export validates against both).

To export a new table, add it to ``TABLES`` (official column order) and say under which
nested key of the JSON form its rows come (``exporter.CHILD_TABLES``). A new column goes in
its table's tuple, in the official order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # a Frictionless type: string, number, date, datetime, time
    format: str | None = None  # uuid, email or uri (strings)
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    references: str | None = None  # the table whose ``id`` this column holds
    # Required, but possibly empty with us: the CSV gives this other column's value instead.
    fallback: str | None = None

    def descriptor(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.format:
            field["format"] = self.format
        constraints: dict[str, Any] = {"required": self.required}
        if self.unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    # Rows lacking a required value are left out rather than written invalid. Only for
    # addresses: a confidential location's street address and postal code are not published,
    # and some places are known by their city only (``city-province`` attribute instead).
    skip_incomplete: bool = False

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def filled(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row with each empty column that has a ``fallback`` taking that column's value."""
        empty = [c for c in self.columns if c.fallback and row.get(c.name) in (None, "")]
        return row | {c.name: row.get(c.fallback or "") for c in empty} if empty else row

    def is_complete(self, row: dict[str, Any]) -> bool:
        return all(row.get(c.name) not in (None, "") for c in self.columns if c.required)

    def descriptor(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [column.descriptor() for column in self.columns],
                "primaryKey": ["id"],
                "foreignKeys": [
                    {"fields": c.name, "reference": {"resource": c.references, "fields": "id"}}
                    for c in self.columns
                    if c.references
                ],
            },
        }


def ref(name: str, table: str, required: bool = False) -> Column:
    """A column holding the ``id`` of a row of ``table`` (a foreign key)."""
    return Column(name, format="uuid", required=required, references=table)


ID = Column("id", format="uuid", required=True)


def text(name: str, required: bool = False, fmt: str | None = None) -> Column:
    return Column(name, format=fmt, required=required)


def number(name: str) -> Column:
    return Column(name, type="number")


def one_of(name: str, *values: str, required: bool = False) -> Column:
    return Column(name, required=required, enum=values)


LOCATION_TYPES = ("physical", "postal", "virtual")
ORGANIZATION = ref("organization_id", "organizations")
SERVICE = ref("service_id", "services")
LOCATION = ref("location_id", "locations")
SERVICE_AT_LOCATION = ref("service_at_location_id", "service_at_location")

TABLES: tuple[Table, ...] = (
    Table(
        "organizations",
        (
            ID,
            text("name", required=True),
            text("alternate_name"),
            # An imported organization may have none (the listing form asks for one).
            Column("description", required=True, fallback="name"),
            text("email", fmt="email"),
            text("website", fmt="uri"),
            text("tax_status"),
            text("tax_id"),
            number("year_incorporated"),
            text("legal_status"),
            text("logo"),
            text("uri", fmt="uri"),
            ref("parent_organization_id", "organizations"),
        ),
    ),
    Table(
        "services",
        (
            ID,
            ref("organization_id", "organizations", required=True),
            Column("program_id", format="uuid"),  # we write no programs
            text("name", required=True),
            text("alternate_name"),
            text("description"),
            text("url", fmt="uri"),
            text("email", fmt="email"),
            one_of("status", "active", "inactive", "defunct", "temporarily closed", required=True),
            text("interpretation_services"),
            text("application_process"),
            text("fees_description"),
            text("wait_time"),
            text("fees"),
            text("accreditations"),
            text("eligibility_description"),
            number("minimum_age"),
            number("maximum_age"),
            Column("assured_date", type="date"),
            text("assurer_email", fmt="email"),
            text("licenses"),
            text("alert"),
            Column("last_modified", type="datetime"),
        ),
    ),
    Table(
        "locations",
        (
            ID,
            one_of("location_type", *LOCATION_TYPES, required=True),
            text("url", fmt="uri"),
            ORGANIZATION,
            text("name"),
            text("alternate_name"),
            text("description"),
            text("transportation"),
            number("latitude"),
            number("longitude"),
            text("external_identifier"),
            text("external_identifier_type"),
        ),
    ),
    Table(
        "addresses",
        (
            ID,
            LOCATION,
            text("attention"),
            text("address_1", required=True),
            text("address_2"),
            text("city", required=True),
            text("region"),
            text("state_province", required=True),
            text("postal_code", required=True),
            text("country", required=True),
            one_of("address_type", *LOCATION_TYPES, required=True),
        ),
        skip_incomplete=True,
    ),
    Table(
        "service_at_location",
        (
            ID,
            ref("service_id", "services", required=True),
            ref("location_id", "locations", required=True),
            text("description"),
        ),
    ),
    Table(
        "contacts",
        (
            ID,
            ORGANIZATION,
            SERVICE,
            SERVICE_AT_LOCATION,
            LOCATION,
            text("name"),
            text("title"),
            text("department"),
            text("email", fmt="email"),
        ),
    ),
    Table(
        "phones",
        (
            ID,
            LOCATION,
            SERVICE,
            ORGANIZATION,
            ref("contact_id", "contacts"),
            SERVICE_AT_LOCATION,
            text("number", required=True),
            number("extension"),
            text("type"),
            text("description"),
        ),
    ),
    Table(
        "schedules",
        (
            ID,
            SERVICE,
            LOCATION,
            SERVICE_AT_LOCATION,
            Column("valid_from", type="date"),
            Column("valid_to", type="date"),
            Column("dtstart", type="date"),
            number("timezone"),
            Column("until", type="date"),
            number("count"),
            one_of("wkst", "MO", "TU", "WE", "TH", "FR", "SA", "SU"),
            one_of("freq", "WEEKLY", "MONTHLY"),
            number("interval"),
            text("byday"),
            text("byweekno"),
            text("bymonthday"),
            text("byyearday"),
            text("description"),
            Column("opens_at", type="time"),
            Column("closes_at", type="time"),
            text("schedule_link", fmt="uri"),
            text("attending_type"),
            text("notes"),
        ),
    ),
    Table(
        "service_areas",
        (
            ID,
            SERVICE,
            text("name"),
            text("description"),
            text("extent"),
            text("extent_type"),
            text("uri"),
        ),
    ),
    Table(
        "languages",
        (
            ID,
            SERVICE,
            LOCATION,
            ref("phone_id", "phones"),
            text("name"),
            text("code"),
            text("note"),
        ),
    ),
    Table(
        "attributes",
        (
            ID,
            Column("link_id", format="uuid", required=True),  # any table's row
            ref("taxonomy_term_id", "taxonomy_terms", required=True),
            text("link_type"),
            text("link_entity", required=True),
            text("value"),
        ),
    ),
    Table(
        "taxonomies",
        (
            ID,
            text("name", required=True),
            text("description", required=True),
            text("uri", fmt="uri"),
            text("version"),
        ),
    ),
    Table(
        "taxonomy_terms",
        (
            ID,
            Column("code", unique=True),
            text("name", required=True),
            text("description", required=True),
            ref("parent_id", "taxonomy_terms"),
            text("taxonomy"),
            text("language"),
            ref("taxonomy_id", "taxonomies"),
            text("term_uri", fmt="uri"),
        ),
    ),
)


def datapackage() -> dict[str, Any]:
    """The export's ``datapackage.json``."""
    return {
        "name": "partner-resource-directory",
        "title": "Partner & Resource Directory (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "resources": [table.descriptor() for table in TABLES],
    }
