"""HSDS ids: UUIDs that stay the same from one export to the next.

- Organizations, services, locations, service areas and referral contacts keep a UUID in
  their ``hsds_id`` column (random when created here, the source's id when imported).
- What we store inside another row (an organization's phone, a service's schedule, a
  location's address, an attribute) gets ``uuid5(parent id, what)``: stable as long as the
  parent is.
- Taxonomies and their terms get ``uuid5(NAMESPACE, vocabulary[:code])``.
- A service at a location is the pair (service, location), both of one organization. Its id
  packs the two row ids into a version-8 UUID, so ``/service_at_locations/{id}`` finds the
  pair again without a table of its own.
"""

from __future__ import annotations

import uuid

# Never change: every derived id depends on it (the migration that filled hsds_id copies it).
NAMESPACE = uuid.UUID("6f0b8f7e-3c1d-5b8a-9e2f-4d6c7a1b2e90")

_SAL_MARKER = 0x5A1  # 12 bits after the version nibble: "service at location"
_MAX_SERVICE_ID = (1 << 48) - 1
_MAX_LOCATION_ID = (1 << 62) - 1


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


def service_at_location_id(service_id: int, location_id: int) -> str:
    if not (0 < service_id <= _MAX_SERVICE_ID and 0 < location_id <= _MAX_LOCATION_ID):
        raise ValueError("row id out of range for a service-at-location id")
    value = (service_id << 80) | (8 << 76) | (_SAL_MARKER << 64) | (0b10 << 62) | location_id
    return str(uuid.UUID(int=value))


def parse_service_at_location_id(text: str) -> tuple[int, int] | None:
    """(service id, location id) from an id made by ``service_at_location_id``, else None."""
    parsed = parse_uuid(text)
    if parsed is None:
        return None
    value = parsed.int
    if (value >> 76) & 0xF != 8 or (value >> 64) & 0xFFF != _SAL_MARKER or (value >> 62) & 3 != 2:
        return None
    service_id, location_id = value >> 80, value & _MAX_LOCATION_ID
    if not service_id or not location_id:
        return None
    return service_id, location_id
