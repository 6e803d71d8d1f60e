"""Reading a service's own parts from an HSDS record: its contacts (email, web page, phones,
required documents), its status, the locations it is offered at, its attributes and its
schedules. ``mapping.Reader`` mixes this in; every value left out is said in a note.
"""

from __future__ import annotations

import re
import uuid

from directory.hours import MAX_CLOSURES, MAX_RULES
from directory.hsds import contact_points, hsds_hours, ids
from directory.hsds.listing import (
    Listing,
    ServiceData,
)
from directory.hsds.serialize import APPLICATION_PROCESS
from directory.models import ServiceStatus, Vocabulary

STATUSES = {status.value for status in ServiceStatus}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
POSTAL_CODE = re.compile(r"([A-Z]\d[A-Z])\s*(\d[A-Z]\d)")

DERIVED_APPLICATION_PROCESS = frozenset(APPLICATION_PROCESS.values())


class ServiceReading:
    """The reader provides these (``mapping.Reader``)."""

    vocabularies: dict[str, set[str]]
    partial: bool
    _named_places: list[tuple[dict, str, object]]

    def _note(self, listing: Listing, item: dict, path: str, reason: str) -> None:
        raise NotImplementedError

    def _list(self, item: dict, key: str) -> list[dict]:
        raise NotImplementedError

    def _noter(self, listing: Listing) -> contact_points.Note:
        return lambda item, path, reason: self._note(listing, item, path, reason)

    def _service_contacts(
        self, listing: Listing, service: ServiceData, item: dict, path: str
    ) -> None:
        """Its own email, web page, phones and required documents (a bad email or address
        is said and left out: the rest of the service imports)."""
        note = self._noter(listing)
        email = str(item.get("email") or "").strip()
        if email and (len(email) > 254 or not EMAIL.fullmatch(email)):
            note(item, f"{path}email", f"“{email[:80]}” is not an email address; left out")
        elif email:
            service.email = email
        url = str(item.get("url") or "").strip()
        if len(url) > 300:
            note(item, f"{path}url", "longer than 300 characters; left out")
        elif url:
            service.website = url
        languages = self.vocabularies[Vocabulary.LANGUAGE.value]
        phones = self._list(item, "phones")
        service.phones = contact_points.read_phones(phones, f"{path}phones", languages, note)
        documents = self._list(item, "required_documents")
        service.required_documents = contact_points.read_required_documents(
            documents, f"{path}required_documents", note
        )

    def _status(self, listing: Listing, item: dict, path: str) -> str:
        raw = item.get("status")
        status = " ".join(str(raw or "").replace("_", " ").lower().split())
        if status in STATUSES:
            return status
        if raw not in (None, ""):
            self._note(
                listing, item, f"{path}status", f"{str(raw)[:40]!r} is no HSDS status; active"
            )
        return ServiceStatus.ACTIVE.value

    def _places(self, listing: Listing, item: dict, path: str) -> list[uuid.UUID]:
        """The locations its service_at_locations name (by ``location_id`` or a nested
        ``location``), in order, once each; each remembered for ``_settle_places``."""
        found: list[uuid.UUID] = []
        for index, sal in enumerate(self._list(item, "service_at_locations")):
            nested = sal.get("location")
            raw = sal.get("location_id") or (nested.get("id") if isinstance(nested, dict) else None)
            if raw in (None, ""):
                self._note(
                    listing, sal, f"{path}service_at_locations[{index}]", "names no location"
                )
            elif (location_id := ids.from_source(str(raw))) not in found:
                found.append(location_id)
                self._named_places.append((sal, f"{path}service_at_locations[{index}]", raw))
        return found

    def _settle_places(self, listing: Listing) -> None:
        """A service is offered only where its source says. A place that is not one of the
        listing's kept locations is left out, with a note."""
        if self.partial:
            self._named_places = []
            return
        kept = {location.hsds_id for location in listing.locations}
        for service in listing.services:
            service.location_ids = [i for i in service.location_ids if i in kept]
        for sal, path, raw in self._named_places:
            if ids.from_source(str(raw)) not in kept:
                where = f"location {str(raw)[:60]!r}"
                self._note(listing, sal, path, f"{where} is not a kept location; left out")
        self._named_places = []

    def _schedules(
        self, listing: Listing, service: ServiceData, schedules: list[dict], path: str
    ) -> None:
        found = hsds_hours.ReadHours()
        for schedule in schedules:
            every_day = len(str(schedule.get("byday") or "").split(",")) == 7
            if (
                every_day
                and str(schedule.get("opens_at", "")).startswith("00:00")
                and str(schedule.get("closes_at", "")).startswith("23:59")
            ):
                service.open_24_7 = True
                continue
            if hsds_hours.read(schedule, found):
                continue
            description = str(schedule.get("description") or "").strip()
            if description and service.intake_hours is None:
                if len(description) > 200:
                    self._note(
                        listing,
                        schedule,
                        f"{path}schedules",
                        "description longer than 200 characters; shortened",
                    )
                service.intake_hours = description[:200]
        for schedule, problem in found.problems:
            self._note(listing, schedule, f"{path}schedules", problem)
        if len(found.rules) > MAX_RULES or len(found.closures) > MAX_CLOSURES:
            self._note(
                listing,
                schedules[0],
                f"{path}schedules",
                f"more than {MAX_RULES} weekly hours or {MAX_CLOSURES} closures; the rest left out",
            )
            found.rules, found.closures = found.rules[:MAX_RULES], found.closures[:MAX_CLOSURES]
        service.hours = found.hours()

    # --- locations --------------------------------------------------------------------------
