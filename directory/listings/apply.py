"""Approval: make an organization say what a listing payload says (``apply_payload``).

The listing form's preview (``preview``) applies a draft to a detached organization the same
way, so what it shows is what approval will publish.
"""

from __future__ import annotations

from typing import Any

from directory.listings.payload import (
    SECTIONS,
    ListingPayload,
    Payload,
    Row,
    ServiceRow,
    read_payload,
    rows_of,
)
from directory.listings.payload_fields import Terms
from directory.models import Location, Organization, Service, Vocabulary
from directory.taxonomy import terms_by_slug


def apply_payload(org: Organization, payload: ListingPayload | Payload) -> None:
    """Make the organization say what the payload says (the payload is the whole listing).

    Rows are matched by key: a row whose key is one of the organization's rows of that
    section updates it (its id and HSDS id stay); a row without a key (or with a key that is
    not one of them) is added with a new HSDS id; the organization's rows whose key is gone
    are deleted, with the areas of a deleted service. A deleted row's HSDS id is never given
    to another row: new rows always get a new one.
    """
    if not isinstance(payload, ListingPayload):
        payload = read_payload(payload, org)
    terms = {vocabulary: terms_by_slug(vocabulary) for vocabulary in Vocabulary}
    payload.organization.to_row(org, terms)
    sectors = terms[Vocabulary.SECTOR]
    org.sectors = [sectors[slug] for slug in payload.sectors if slug in sectors]
    kept_services: set[int] = set()
    written: dict[str, list[Any]] = {}
    for name, (_, model) in SECTIONS.items():
        rows = _matched_rows(rows_of(org, name), payload.rows(name), model, terms)
        written[name] = rows
        if name == "services":
            kept_services = {row.id for row in rows if row.id is not None}
        if name == "service_areas":  # a service's own areas stay while their service does
            rows += [a for a in org.service_areas if a.service_id in kept_services]
        setattr(org, name, rows)
    _offer_places(written["services"], payload.services, written["locations"])


def _offer_places(services: list[Service], items: list[ServiceRow], places: list[Location]) -> None:
    """Each service at the locations its row names by position (None: at all of them)."""
    for service, item in zip(services, items, strict=True):
        if item.offered_at is None:
            wanted = list(places)
        else:
            wanted = [places[i] for i in item.offered_at if 0 <= i < len(places)]
        if {id(loc) for loc in service.locations} != {id(loc) for loc in wanted}:
            service.locations = wanted


def _matched_rows(current: list[Any], items: list[Row], model: type, terms: Terms) -> list[Any]:
    by_key = {str(row.hsds_id): row for row in current if row.hsds_id}
    rows = []
    for item in items:
        row = by_key.pop(item.key, None) if item.key else None
        if row is None:
            row = model()
        item.to_row(row, terms)
        rows.append(row)
    return rows
