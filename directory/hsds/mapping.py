"""An HSDS organization record (nested dicts) → what our listing model holds.

``read_listing`` never touches the database: it checks the fields our model needs and
returns a ``Listing`` (plain data) with ``problems`` (the record is refused) and ``notes``
(something was left out, the rest imports). docs/hsds.md has the field table.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from directory.geo.names import province_code
from directory.hsds import capacity, contact_points, ids, pathways
from directory.hsds.areas import AreaReading
from directory.hsds.listing import (
    ContactData,
    Issue,
    Listing,
    LocationData,
    ServiceData,
)
from directory.hsds.serialize import APPLICATION_PROCESS
from directory.hsds.service_reading import ServiceReading
from directory.hsds.sources import ORIGIN
from directory.hsds.taxonomies import FLAG
from directory.hsds.text import clean_record
from directory.models import ContactVisibility, ReferralMethod, ServiceStatus, Vocabulary

STATUSES = {status.value for status in ServiceStatus}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
POSTAL_CODE = re.compile(r"([A-Z]\d[A-Z])\s*(\d[A-Z]\d)")

DERIVED_APPLICATION_PROCESS = frozenset(APPLICATION_PROCESS.values())


class Reader(AreaReading, ServiceReading):
    """Reads one record; ``vocabularies`` maps vocabulary → its slugs (codes)."""

    def __init__(self, vocabularies: dict[str, set[str]]) -> None:
        self.vocabularies = vocabularies
        # The record's service_at_locations naming a location: (item, path, raw location id).
        self._named_places: list[tuple[dict, str, object]] = []
        # A record made from a service of a feed (the importer sets it): its locations may be
        # in the directory already, so the importer resolves them, not this reading.
        self.partial = False

    # --- helpers ----------------------------------------------------------------------

    def _origin(self, item: dict, default: tuple[str, int]) -> tuple[str, int]:
        return item.get(ORIGIN) or default

    def _problem(self, listing: Listing, item: dict, path: str, reason: str) -> None:
        file, row = self._origin(item, listing.origin)
        listing.problems.append(Issue(file, row, path, reason))

    def _note(self, listing: Listing, item: dict, path: str, reason: str) -> None:
        file, row = self._origin(item, listing.origin)
        listing.notes.append(Issue(file, row, path, reason))

    def _text(
        self,
        listing: Listing,
        item: dict,
        key: str,
        path: str,
        limit: int | None = None,
        required: bool = False,
    ) -> str | None:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._problem(listing, item, path, "is required")
            return None
        if not isinstance(value, str | int | float):
            self._problem(listing, item, path, "must be text")
            return None
        text = str(value).strip()
        if limit is not None and len(text) > limit:
            self._problem(listing, item, path, f"is longer than {limit} characters")
            return None
        return text

    def _email(self, listing: Listing, item: dict, key: str, path: str) -> str | None:
        text = self._text(listing, item, key, path, 254)
        if text is not None and not EMAIL.fullmatch(text):
            self._problem(listing, item, path, f"“{text}” is not an email address")
            return None
        return text

    def _number(self, listing: Listing, item: dict, key: str, path: str) -> float | None:
        value = item.get(key)
        if value in (None, ""):
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            self._problem(listing, item, path, f"“{value}” is not a number")
            return None

    def _list(self, item: dict, key: str) -> list[dict]:
        value = item.get(key)
        return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []

    def _id(self, listing: Listing, item: dict, path: str) -> uuid.UUID | None:
        raw = item.get("id")
        if raw in (None, ""):
            self._problem(listing, item, f"{path}id", "is required")
            return None
        return ids.from_source(str(raw))

    # --- the record ---------------------------------------------------------------------

    def read(self, record: dict, origin: tuple[str, int]) -> Listing:
        cleaned = list(clean_record(record))
        self._named_places = []
        raw_id = record.get("id")
        name = record.get("name")
        listing = Listing(
            hsds_id=ids.from_source(str(raw_id)) if raw_id not in (None, "") else uuid.uuid4(),
            external_id=str(raw_id)[:100] if raw_id not in (None, "") else None,
            name=str(name or "").strip(),
            origin=self._origin(record, origin),
        )
        for holder, path, note in cleaned:
            self._note(listing, holder, path, note)
        if raw_id in (None, ""):
            self._problem(
                listing,
                record,
                "id",
                "is required (it makes a second import update, not duplicate)",
            )
        self._text(listing, record, "name", "name", 200, required=True)
        listing.alternate_name = self._text(
            listing, record, "alternate_name", "alternate_name", 200
        )
        listing.description = self._text(listing, record, "description", "description") or ""
        listing.website = self._text(listing, record, "website", "website", 300)
        listing.email = self._email(listing, record, "email", "email")
        listing.phone = self._phone(listing, self._list(record, "phones"), "phones")
        for attribute in self._list(record, "attributes"):
            self._organization_attribute(listing, attribute)
        for index, item in enumerate(self._list(record, "locations")):
            self._location(listing, item, f"locations[{index}].")
        for index, item in enumerate(self._list(record, "services")):
            self._service(listing, item, f"services[{index}].")
        self._contacts(listing, record)
        self._settle_areas(listing)
        self._settle_places(listing)
        return listing

    def _phone(self, listing: Listing, phones: list[dict], path: str) -> str | None:
        """The first number (an organization and a contact hold one); the others are said."""
        found = None
        for index, phone in enumerate(phones):
            number = str(phone.get("number") or "").strip().strip('"').strip()
            if not number:
                continue
            if found is not None:
                self._note(
                    listing, phone, f"{path}[{index}].number", "one phone kept here; left out"
                )
            elif len(number) > 40:
                self._note(
                    listing,
                    phone,
                    f"{path}[{index}].number",
                    "longer than 40 characters; left out",
                )
                return None
            else:
                found = number
                if dict.get(phone, "type") in (None, "", "voice"):
                    phone.get("type")  # a voice line is what this number is: nothing is lost
        return found

    # --- attributes -----------------------------------------------------------------------

    def _term(self, attribute: dict) -> tuple[str, str, str]:
        """(taxonomy, code, name) of an attribute's term."""
        found = attribute.get("taxonomy_term")
        term = found if isinstance(found, dict) else {}
        taxonomy = str(term.get("taxonomy") or attribute.get("link_type") or "").strip()
        code = str(term.get("code") or "").strip()
        return taxonomy, code, str(term.get("name") or code)

    def _match(self, taxonomy: str, code: str, allowed: tuple[str, ...]) -> str | None:
        """The vocabulary of our own whose slug ``code`` is: the one the taxonomy names, or
        the only one (among ``allowed``) that has this code."""
        if taxonomy in allowed:
            return taxonomy if code in self.vocabularies.get(taxonomy, ()) else None
        found = [v for v in allowed if code in self.vocabularies.get(v, ())]
        return found[0] if len(found) == 1 else None

    def _kept(self, attribute: dict) -> dict[str, Any]:
        taxonomy, code, name = self._term(attribute)
        kept = {"taxonomy": taxonomy, "code": code, "name": name}
        term = attribute.get("taxonomy_term")
        if isinstance(term, dict) and term.get("id"):
            kept["term_id"] = str(term["id"])
        if attribute.get("value") not in (None, ""):
            kept["value"] = str(attribute["value"])
        return kept

    def _organization_attribute(self, listing: Listing, attribute: dict) -> None:
        taxonomy, code, _ = self._term(attribute)
        if taxonomy == FLAG and code == "description-fr":
            listing.description_fr = str(attribute.get("value") or "") or None
        elif self._match(taxonomy, code, (Vocabulary.SECTOR.value,)):
            listing.sectors.append(code)
        else:
            listing.kept.append(self._kept(attribute))

    # --- services -------------------------------------------------------------------------

    def _service(self, listing: Listing, item: dict, path: str) -> None:
        hsds_id = self._id(listing, item, path)
        name = self._text(listing, item, "name", f"{path}name", 200, required=True)
        if hsds_id is None or name is None:
            return
        service = ServiceData(hsds_id=hsds_id, name=name)
        service.description = self._text(listing, item, "description", f"{path}description") or ""
        service.eligibility = self._text(
            listing, item, "eligibility_description", f"{path}eligibility_description"
        )
        fees = item.get("fees_description") or item.get("fees")
        if fees and len(str(fees)) > 200:
            self._note(
                listing, item, f"{path}fees_description", "longer than 200 characters; shortened"
            )
        service.fees = str(fees).strip()[:200] if fees else None
        service.status = self._status(listing, item, path)
        service.location_ids = self._places(listing, item, path)
        if dict.get(item, "application_process") in DERIVED_APPLICATION_PROCESS:
            # Our own export's sentence for the referral method, which travels as an
            # attribute: read, nothing lost. Any other text is said as not kept.
            item.get("application_process")
        for language in self._list(item, "languages"):
            code = str(language.get("code") or "").strip()
            if code in self.vocabularies[Vocabulary.LANGUAGE.value]:
                service.languages.append(code)
            elif code or language.get("name"):
                service.kept.append(
                    {
                        "taxonomy": "language",
                        "code": code,
                        "name": str(language.get("name") or code),
                    }
                )
        for index, attribute in enumerate(self._list(item, "attributes")):
            taxonomy, code, _ = self._term(attribute)
            if taxonomy == pathways.PATHWAY:
                sectors = self.vocabularies[Vocabulary.SECTOR.value]
                kept = pathways.read(service, code, attribute.get("value"), sectors)
                if kept is not None:
                    service.kept.append(self._kept(attribute))
                    self._note(listing, item, f"{path}attributes[{index}]", kept)
            elif taxonomy == FLAG and code in capacity.CODES:
                unread = capacity.read(service, code, attribute.get("value"))
                if unread is not None:
                    service.kept.append(self._kept(attribute))
                    self._note(listing, item, f"{path}attributes[{index}]", unread)
            else:
                self._service_attribute(service, attribute)
        self._schedules(listing, service, self._list(item, "schedules"), path)
        for index, area in enumerate(self._list(item, "service_areas")):
            read = self._area(listing, area, f"{path}service_areas[{index}].")
            if read is not None:
                service.areas.append(read)
        for kind in ("types", "populations", "languages", "referral_sectors"):
            setattr(service, kind, sorted(set(getattr(service, kind))))
        self._service_contacts(listing, service, item, path)
        listing.services.append(service)

    def _service_attribute(self, service: ServiceData, attribute: dict) -> None:
        taxonomy, code, _ = self._term(attribute)
        if taxonomy == FLAG:
            if code.startswith("referral-") and code[9:] in set(ReferralMethod):
                service.referral_method = code[9:]
            elif code == "open-24-7":
                service.open_24_7 = True
            elif code == "not-accepting-referrals":
                service.accepting_referrals = False
            elif code == "delivered-online":
                service.delivered_online = True
            return
        vocabulary = self._match(
            taxonomy, code, (Vocabulary.SERVICE_TYPE.value, Vocabulary.POPULATION.value)
        )
        if vocabulary == Vocabulary.SERVICE_TYPE.value:
            service.types.append(code)
        elif vocabulary == Vocabulary.POPULATION.value:
            service.populations.append(code)
        else:
            service.kept.append(self._kept(attribute))

    def _location(self, listing: Listing, item: dict, path: str) -> None:
        hsds_id = self._id(listing, item, path)
        if hsds_id is None:
            return
        if item.get("location_type") == "virtual":
            self._note(
                listing, item, f"{path}location_type", "a virtual location has no place; left out"
            )
            return
        addresses = self._list(item, "addresses")
        address = next((a for a in addresses if a.get("address_type") == "physical"), None) or (
            addresses[0] if addresses else {}
        )
        country = str(address.get("country") or "CA").strip().upper()
        city, province = self._city_and_province(item, address)
        if country not in ("CA", "CAN", "CANADA") or not province or not city:
            self._note(
                listing,
                address or item,
                f"{path}addresses",
                "not an address in a Canadian province or territory; location left out",
            )
            return
        location = LocationData(hsds_id=hsds_id, city=city[:120], province=province)
        location.name = self._text(listing, item, "name", f"{path}name", 200)
        lines = [str(address.get(k) or "").strip() for k in ("address_1", "address_2")]
        location.address = ", ".join(line for line in lines if line)[:300] or None
        postal = POSTAL_CODE.fullmatch(str(address.get("postal_code") or "").strip().upper())
        location.postal_code = f"{postal[1]} {postal[2]}" if postal else None
        latitude = self._number(listing, item, "latitude", f"{path}latitude")
        longitude = self._number(listing, item, "longitude", f"{path}longitude")
        if latitude is not None and longitude is not None:
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                location.latitude, location.longitude = latitude, longitude
            else:
                self._note(listing, item, f"{path}latitude", "coordinates out of range; left out")
        for attribute in self._list(item, "attributes"):
            taxonomy, code, _ = self._term(attribute)
            if taxonomy == FLAG and code == "confidential-location":
                location.confidential = True
        note = self._noter(listing)
        languages = self.vocabularies[Vocabulary.LANGUAGE.value]
        phones = self._list(item, "phones")
        location.phones = contact_points.read_phones(phones, f"{path}phones", languages, note)
        location.accessibility, location.accessibility_note = contact_points.read_accessibility(
            self._list(item, "accessibility"), f"{path}accessibility", note
        )
        listing.locations.append(location)

    def _city_and_province(self, item: dict, address: dict) -> tuple[str, str | None]:
        """City and province: the address's, else the ``city-province`` attribute's (a
        location whose address was not published whole, docs/hsds.md)."""
        city = str(address.get("city") or "").strip()
        province = province_code(str(address.get("state_province") or ""))
        if city and province:
            return city, province
        for attribute in self._list(item, "attributes"):
            if self._term(attribute)[:2] == (FLAG, "city-province"):
                named_city, _, named_province = str(attribute.get("value") or "").rpartition(",")
                return named_city.strip(), province_code(named_province.strip())
        return city, province

    # --- contacts -------------------------------------------------------------------------

    def _contacts(self, listing: Listing, record: dict) -> None:
        """The organization's contacts and those of its services and locations (ours are
        all the organization's), once each."""
        found: dict[str, tuple[dict, str]] = {}
        places = [("contacts", record)]
        places += [
            (f"services[{i}].contacts", s) for i, s in enumerate(self._list(record, "services"))
        ]
        places += [
            (f"locations[{i}].contacts", loc)
            for i, loc in enumerate(self._list(record, "locations"))
        ]
        for path, holder in places:
            for index, item in enumerate(self._list(holder, "contacts")):
                key = str(item.get("id") or f"{path}[{index}]")
                found.setdefault(key, (item, f"{path}[{index}]."))
        for item, path in found.values():
            self._contact(listing, item, path)

    def _contact(self, listing: Listing, item: dict, path: str) -> None:
        hsds_id = self._id(listing, item, path)
        if hsds_id is None:
            return
        title = self._text(listing, item, "title", f"{path}title", 200)
        name = self._text(listing, item, "name", f"{path}name", 200)
        contact = ContactData(
            hsds_id=hsds_id, name=name or title or item.get("department") or "Contact"
        )
        contact.role = (
            title if name else self._text(listing, item, "department", f"{path}department", 200)
        )
        contact.email = self._email(listing, item, "email", f"{path}email")
        contact.phone = self._phone(listing, self._list(item, "phones"), f"{path}phones")
        for attribute in self._list(item, "attributes"):
            taxonomy, code, _ = self._term(attribute)
            if taxonomy != FLAG:
                continue
            if code == "professionals-only":
                contact.visibility = ContactVisibility.PROFESSIONALS
            elif code == "preferred-method" and attribute.get("value") in ("email", "phone"):
                contact.preferred_method = attribute["value"]
            elif code == "contact-notes":
                contact.notes = str(attribute.get("value") or "") or None
        if contact.preferred_method == "email" and not contact.email and contact.phone:
            contact.preferred_method = "phone"
        listing.contacts.append(contact)
