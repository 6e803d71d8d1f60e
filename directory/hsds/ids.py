"""HSDS ids: UUIDs that stay the same from one export to the next.

- Organizations, services, locations, service areas and referral contacts keep a UUID in
  their ``hsds_id`` column (random when created here, the source's id when imported).
- What we store inside another row (an organization's phone, a service's schedule, a
  location's address, an attribute) gets ``uuid5(parent id, what)``: stable as long as the
  parent is.
- Taxonomies and their terms get ``uuid5(NAMESPACE, vocabulary[:code])``.
- A service at a location is the pair (service, location), both of one organization. Its id
  is the first half of the location's id followed by the second half of the service's (still
  a well-formed UUID: version from the one, variant from the other), as stable as they are;
  ``/service_at_locations/{id}`` finds the location by an index range on the first half,
  then the service among that organization's few.
"""

from __future__ import annotations

import uuid

# Never change: every derived id depends on it (the migration that filled hsds_id copies it).
NAMESPACE = uuid.UUID("6f0b8f7e-3c1d-5b8a-9e2f-4d6c7a1b2e90")

_LOW_64 = (1 << 64) - 1


def derived(parent: uuid.UUID | str, what: str) -> str:
    """The id of something stored inside ``parent`` (a phone, an address, a schedule...)."""
    return str(uuid.uuid5(uuid.UUID(str(parent)), what))


def taxonomy_id(vocabulary: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy:{vocabulary}"))


def term_id(vocabulary: str, code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy_term:{vocabulary}:{code}"))


def parse_uuid(text: object) -> uuid.UUID | None:
    """``text`` as a UUID, or None when it is not one."""
    if isinstance(text, uuid.UUID):
        return text
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


def from_source(text: str) -> uuid.UUID:
    """The UUID we keep for a source id: itself when it is a UUID (as HSDS requires), else a
    UUID derived from it, so sources with other ids still import idempotently."""
    return parse_uuid(text) or uuid.uuid5(NAMESPACE, f"source:{text}")


def service_at_location_id(service_id: uuid.UUID, location_id: uuid.UUID) -> str:
    """The location id's first half, then the service id's second half."""
    return str(uuid.UUID(int=(location_id.int & ~_LOW_64) | (service_id.int & _LOW_64)))


def location_id_range(sal_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """The location ids a service-at-location id may come from (an index range)."""
    high = sal_id.int & ~_LOW_64 & ((1 << 128) - 1)
    return uuid.UUID(int=high), uuid.UUID(int=high | _LOW_64)


def same_service(sal_id: uuid.UUID, service_id: uuid.UUID) -> bool:
    return sal_id.int & _LOW_64 == service_id.int & _LOW_64
