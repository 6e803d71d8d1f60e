"""A service's capacity as HSDS attributes: HSDS 3.0 has no field for it (``service_capacity``
came with 3.1), so three ``directory_flag`` terms carry it, each with its value:
``capacity`` (accepting, waitlist or full), ``capacity-places`` (a whole number) and
``capacity-updated-at`` (ISO 8601, when it was said). An export imports back unchanged; the
importing site decides staleness from the date, as for its own (docs/hsds.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from directory.hsds.listing import ServiceData
from directory.models import CapacityStatus, Service

CODES = ("capacity", "capacity-places", "capacity-updated-at")
_SAID = {status.value for status in CapacityStatus} - {CapacityStatus.UNKNOWN.value}


def exported(svc: Service) -> list[tuple[str, str]]:
    """(code, value) of each capacity attribute: none when the service never said it."""
    if svc.capacity_status == CapacityStatus.UNKNOWN or svc.capacity_updated_at is None:
        return []
    found = [("capacity", str(svc.capacity_status))]
    if svc.capacity_places is not None:
        found.append(("capacity-places", str(svc.capacity_places)))
    found.append(("capacity-updated-at", svc.capacity_updated_at.astimezone(UTC).isoformat()))
    return found


def read(service: ServiceData, code: str, value: Any) -> str | None:
    """Set what the attribute says on the service; returns why it was kept instead, if so."""
    text = "" if value is None else str(value).strip()
    if code == "capacity":
        if text not in _SAID:
            return f"capacity “{text}” is not accepting, waitlist or full; kept as it came"
        service.capacity_status = text
    elif code == "capacity-places":
        if not text.isdigit():
            return f"capacity places “{text}” is not a whole number; kept as it came"
        service.capacity_places = int(text)
    else:
        try:
            said = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return f"capacity date “{text}” is not an ISO 8601 date and time; kept as it came"
        service.capacity_updated_at = said if said.tzinfo else said.replace(tzinfo=UTC)
    return None
