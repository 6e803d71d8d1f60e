"""The kinds of field a listing payload holds, each knowing how to read itself from the
listing form and from a model row, and how to write itself back onto a row.

A payload row (``payload.ServiceRow`` ...) declares each field once, with one of the helpers
below (``text()``, ``flag()``, ``terms()``...): the form, the published listing and approval
all follow that declaration. ``since`` is the payload schema version that added the field:
reading an older payload fills it with its default (``payload.upgrade``).
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from directory.hours import Hours, hours_of
from directory.models import Phone, PhoneType, TaxonomyTerm, Vocabulary

Terms = dict[Vocabulary, dict[str, TaxonomyTerm]]


def clean_text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str | type(None)) else str(value)


class Spec:
    """A text field (the base kind). ``column``: the model attribute when it is named
    otherwise; ``nullable``: "" is stored as NULL; ``fallback``: stored instead of ""."""

    def __init__(
        self,
        *,
        column: str | None = None,
        nullable: bool = False,
        fallback: str | None = None,
        since: int = 1,
    ) -> None:
        self.column, self.nullable, self.fallback, self.since = column, nullable, fallback, since

    def attribute(self, name: str) -> str:
        return self.column or name

    def from_form(self, block: Any, name: str) -> Any:
        return clean_text(block[name].data)

    def from_row(self, row: Any, name: str) -> Any:
        return clean_text(getattr(row, self.attribute(name)))

    def to_row(self, row: Any, name: str, value: Any, terms: Terms) -> None:
        if value in ("", None):
            value = None if self.nullable else (self.fallback or value)
        setattr(row, self.attribute(name), value)


class Flag(Spec):
    def from_form(self, block: Any, name: str) -> bool:
        return bool(block[name].data)

    def from_row(self, row: Any, name: str) -> bool:
        return bool(getattr(row, self.attribute(name)))


class Number(Spec):
    def from_form(self, block: Any, name: str) -> float | None:
        value = block[name].data
        return float(value) if value is not None else None

    def from_row(self, row: Any, name: str) -> float | None:
        return getattr(row, self.attribute(name))


class WholeNumber(Spec):
    """A whole number or None (the form's IntegerField validated its range)."""

    def from_form(self, block: Any, name: str) -> int | None:
        value = block[name].data
        return int(value) if value is not None else None

    def from_row(self, row: Any, name: str) -> int | None:
        return getattr(row, self.attribute(name))


class Point(Number):
    """Latitude (0) or longitude (1): the form's validation geocoded the place."""

    def __init__(self, index: int, **options: Any) -> None:
        super().__init__(**options)
        self.index = index

    def from_form(self, block: Any, name: str) -> float | None:
        return block.point[self.index] if block.point is not None else None


class TermList(Spec):
    """Taxonomy slugs of one vocabulary, sorted; unknown slugs are dropped on writing."""

    def __init__(self, vocabulary: Vocabulary, **options: Any) -> None:
        super().__init__(**options)
        self.vocabulary = vocabulary

    def from_form(self, block: Any, name: str) -> list[str]:
        return sorted(block[name].data or [])

    def from_row(self, row: Any, name: str) -> list[str]:
        return sorted(term.slug for term in getattr(row, self.attribute(name)))

    def to_row(self, row: Any, name: str, value: Any, terms: Terms) -> None:
        known = terms[self.vocabulary]
        setattr(row, self.attribute(name), [known[slug] for slug in value if slug in known])


class Places(Spec):
    """Where a service is offered: positions in the payload's ``locations`` (a new location
    has no key yet), or None for "at every location of the listing" (the form's default,
    and what a listing meant before version 5). ``apply.apply_payload`` writes it, once
    the locations exist; the form's ``offered_at`` posts location block positions."""

    def from_form(self, block: Any, name: str) -> list[int] | None:
        positions = block.location_positions  # block position → payload position
        chosen = {int(v) for v in block[name].data or [] if str(v).isdigit()}
        kept = sorted(positions[i] for i in chosen if i in positions)
        return None if len(kept) == len(positions) else kept

    def from_row(self, row: Any, name: str) -> list[int] | None:
        everywhere = row.organization.locations
        if {id(loc) for loc in row.locations} == {id(loc) for loc in everywhere}:
            return None
        return [i for i, loc in enumerate(everywhere) if loc in row.locations]

    def to_row(self, row: Any, name: str, value: Any, terms: Terms) -> None:
        return None


class RowKey(Spec):
    """The row's HSDS id as a string (None: a row typed in the form, not created yet).

    Approval updates the row with this key, so it is never written as a column here;
    ``payload.own_row_keys`` drops a key that is not one of the organization's rows."""

    def from_form(self, block: Any, name: str) -> str | None:
        return parse_key(block[name].data)

    def from_row(self, row: Any, name: str) -> str | None:
        return str(row.hsds_id) if row.hsds_id else None

    def to_row(self, row: Any, name: str, value: Any, terms: Terms) -> None:
        return None


class HoursSpec(Spec):
    """A service's opening hours as ``hours.Hours.to_json()`` (None: not said)."""

    def from_form(self, block: Any, name: str) -> dict[str, Any] | None:
        return block[name].form.hours().to_json()

    def from_row(self, row: Any, name: str) -> dict[str, Any] | None:
        return hours_of(row).to_json()

    def to_row(self, row: Any, name: str, value: Any, terms: Terms) -> None:
        try:
            setattr(row, name, Hours.from_json(value).to_json())
        except (ValueError, KeyError, TypeError):
            setattr(row, name, None)  # a stored payload no longer valid says nothing


class Choices(Spec):
    """Codes of a fixed vocabulary (not taxonomy terms), sorted; stored as a JSON list."""

    def from_form(self, block: Any, name: str) -> list[str]:
        return sorted(block[name].data or [])

    def from_row(self, row: Any, name: str) -> list[str]:
        return sorted(getattr(row, self.attribute(name)) or [])

    def to_row(self, row: Any, name: str, value: Any, terms: Terms) -> None:
        setattr(row, self.attribute(name), sorted(value) or None)


PHONE_KEYS = ("number", "extension", "description", "type", "language")


class PhoneList(Spec):
    """A row's phones as ``{"number", "extension", "description", "type", "language"}``
    dicts, in order. Writing them back updates the row's phones in place by position (so
    their HSDS ids stay), adds the new ones and deletes the rest."""

    def from_form(self, block: Any, name: str) -> list[dict[str, str]]:
        return [
            {key: clean_text(entry.form[key].data) for key in PHONE_KEYS}
            for entry in block[name]
            if not entry.form.is_blank()
        ]

    def from_row(self, row: Any, name: str) -> list[dict[str, str]]:
        return [{key: clean_text(getattr(p, key)) for key in PHONE_KEYS} for p in row.phones]

    def to_row(self, row: Any, name: str, value: Any, terms: Terms) -> None:
        phones = list(row.phones)[: len(value)]
        phones += [Phone() for _ in range(len(value) - len(phones))]
        for phone, item in zip(phones, value, strict=True):
            phone.number = item.get("number") or ""
            phone.extension = item.get("extension") or None
            phone.description = item.get("description") or None
            phone.type = item.get("type") or PhoneType.VOICE.value
            phone.language = item.get("language") or None
        row.phones = phones


def parse_key(text: Any) -> str | None:
    try:
        return str(uuid.UUID(str(text))) if text else None
    except ValueError:
        return None


def spec(field: dataclasses.Field) -> Spec:
    return field.metadata["spec"]


def text(*, since: int = 1, default: str = "", **options: Any) -> Any:
    return dataclasses.field(default=default, metadata={"spec": Spec(since=since, **options)})


def places(*, since: int) -> Any:
    return dataclasses.field(default=None, metadata={"spec": Places(since=since)})


def flag(*, default: bool = False, since: int = 1) -> Any:
    return dataclasses.field(default=default, metadata={"spec": Flag(since=since)})


def number(*, since: int = 1) -> Any:
    return dataclasses.field(default=None, metadata={"spec": Number(since=since)})


def whole_number(*, since: int = 1) -> Any:
    return dataclasses.field(default=None, metadata={"spec": WholeNumber(since=since)})


def point(index: int, *, since: int = 1) -> Any:
    return dataclasses.field(default=None, metadata={"spec": Point(index, since=since)})


def terms(vocabulary: Vocabulary, *, since: int = 1) -> Any:
    return dataclasses.field(
        default_factory=list, metadata={"spec": TermList(vocabulary, since=since)}
    )


def opening_hours(*, since: int) -> Any:
    return dataclasses.field(default=None, metadata={"spec": HoursSpec(since=since)})


def choices(*, since: int = 1) -> Any:
    return dataclasses.field(default_factory=list, metadata={"spec": Choices(since=since)})


def phones(*, since: int = 1) -> Any:
    return dataclasses.field(default_factory=list, metadata={"spec": PhoneList(since=since)})


def row_key(*, since: int) -> Any:
    return dataclasses.field(default=None, metadata={"spec": RowKey(since=since)})


def default_of(field: dataclasses.Field) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default
