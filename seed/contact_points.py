"""Demo phones, accessibility and required documents: varied, and plausible for the sector.

Drawn from a random generator of their own (seeded by the listing's slug), never from the one
that made the rest of the listing, so that adding them moved no other demo value (the English
demo fingerprint in tests/test_seed.py). Numbers are in the 555-01xx range kept for fiction.
"""

from __future__ import annotations

import random

from slugify import slugify

from directory.models import AccessibilityFeature, Location, Organization, Phone, PhoneType
from seed.cities import City
from seed.fictional import fictional_phone, short_handle

A = AccessibilityFeature
# Features that often come together: an accessible building, an older one, a small office.
ACCESSIBILITY_SETS = (
    [A.STEP_FREE_ENTRANCE, A.ACCESSIBLE_WASHROOM, A.ACCESSIBLE_PARKING, A.ELEVATOR],
    [A.STEP_FREE_ENTRANCE, A.ACCESSIBLE_WASHROOM, A.QUIET_ROOM],
    [A.STEP_FREE_ENTRANCE, A.ACCESSIBLE_WASHROOM],
    [A.ELEVATOR, A.ACCESSIBLE_WASHROOM, A.HEARING_LOOP],
    [A.QUIET_ROOM],
    [A.ACCESSIBLE_PARKING],
)
ACCESSIBILITY_NOTES = (
    "The ramp is at the side door on the parking lot; ring the bell and someone comes down.",
    "The elevator is small; call ahead if you use a power wheelchair and we will meet you.",
    "The front steps have a handrail; a step-free door is at the back, off the lane.",
    "Service animals welcome. Scent-free office.",
    "The quiet room can be booked for a first meeting; ask when you call.",
    "Interpretation can be arranged with a few days' notice.",
)
# The organization's sector → documents a referral or first visit may ask for.
DOCUMENTS = {
    "health-care": ("Provincial health card, if the young person has it (not needed for care)",),
    "mental-health": ("Any previous assessments, if the young person agrees to share them",),
    "legal-justice": (
        "Any court papers, orders or police file numbers",
        "Photo ID, if available",
    ),
    "victim-services": ("The police file number, if there is one (not needed to start)",),
    "housing-shelter": ("No documents are needed to get a bed tonight",),
    "child-protection": ("The referral form, sent by a professional",),
    "social-family": ("Proof of address, for the family program only",),
    "education": ("The school's consent form, signed by a parent or guardian if under 16",),
}
SERVICE_LINES = (
    ("Intake", PhoneType.VOICE),
    ("Referrals from professionals", PhoneType.VOICE),
    ("Youth text line", PhoneType.TEXT),
)


def add_contact_points(organization: Organization, city: City, handle: str, sector: str) -> None:
    """The organization's services' own phones, email, web page and required documents,
    and its locations' phones and accessibility."""
    rng = random.Random(f"contact-points:{organization.slug}")
    french = city.province in ("QC", "NB") or rng.random() < 0.1
    for service in organization.services:
        if rng.random() < 0.7:
            service.phones = _service_phones(rng, city, service.open_24_7, french)
        page = short_handle(slugify(service.name), 24)
        if rng.random() < 0.35:
            service.email = f"{page}.{handle}@example.org"
        if rng.random() < 0.3:
            service.website = f"https://{handle}.example.org/{page}"
        if sector in DOCUMENTS and rng.random() < 0.45:
            service.required_documents = "\n".join(DOCUMENTS[sector])
    for location in organization.locations:
        _location(rng, location, city)


def _service_phones(rng: random.Random, city: City, open_24_7: bool, french: bool) -> list[Phone]:
    description, kind = rng.choice(SERVICE_LINES)
    phones = [Phone(number=fictional_phone(city, rng), description=description, type=kind)]
    if rng.random() < 0.3:
        phones[0].extension = str(rng.randint(200, 299))
    if open_24_7:
        phones.append(Phone(number=fictional_phone(city, rng), description="After hours"))
    if french and rng.random() < 0.6:
        line = Phone(number=fictional_phone(city, rng), description="Intake", language="fr")
        phones.append(line)
    if rng.random() < 0.08:
        phones.append(Phone(number=fictional_phone(city, rng), type=PhoneType.TTY))
    return phones


def _location(rng: random.Random, location: Location, city: City) -> None:
    if rng.random() < 0.75:
        features = list(rng.choice(ACCESSIBILITY_SETS))
        if city.province == "QC" and rng.random() < 0.15:
            features.append(A.LSQ_ON_SITE)
        elif rng.random() < 0.1:
            features.append(A.ASL_ON_SITE)
        location.accessibility = sorted(feature.value for feature in features)
    if rng.random() < 0.3:
        location.accessibility_note = rng.choice(ACCESSIBILITY_NOTES)
    if rng.random() < 0.45:  # a confidential location's is never public (directory/privacy.py)
        desk = "Shelter line" if location.confidential else rng.choice(("Front desk", "Reception"))
        location.phones = [Phone(number=fictional_phone(city, rng), description=desk)]
