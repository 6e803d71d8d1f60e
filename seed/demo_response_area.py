"""Fictional listings around Kenora, Ontario, written by hand for the local response card.

The generated demo (``demo_builder``) spreads organizations over the country, which leaves
Kenora with almost nobody near: a response card there would be gaps only. These listings
give it a local police service and its online child exploitation unit, child protection,
a hospital's sexual-assault care program, victim services (at a confidential location),
youth mental health and an Indigenous-led healing lodge — and, on purpose, no survivor-led
organization within 250 km: the nearest is in Thunder Bay (about 410 km), so the card shows
a gap and the nearest one beyond it.

Every name, number (555-01xx) and address is invented. Added after the generated listings
and drawing from a random generator of its own, so the generated demo stays as it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from slugify import slugify

from directory.models import (
    AreaKind,
    ContactVisibility,
    ListingSource,
    Location,
    Organization,
    OrganizationStatus,
    ReferralContact,
    ReferralMethod,
    Service,
    ServiceArea,
    TaxonomyTerm,
    Vocabulary,
)
from seed.cities import CITIES, City
from seed.fictional import fictional_phone, fictional_postal_code, short_handle

RANDOM_SEED = 15_807  # its own: the generated demo's draws are untouched
CITY = {city.name: city for city in CITIES}
YOUTH = ("children-under-12", "youth-12-17", "young-adults-18-24")


@dataclass(frozen=True)
class Planned:
    name: str
    city: str
    sectors: tuple[str, ...]
    description: str
    services: tuple[tuple[str, tuple[str, ...], ReferralMethod], ...]  # name, types, method
    radius_km: float = 150.0
    confidential: bool = False
    open_24_7: bool = False
    direct_line: bool = False
    languages: tuple[str, ...] = ("en",)
    populations: tuple[str, ...] = YOUTH


PLANNED = (
    Planned(
        "Jackpine Regional Police Service",
        "Kenora",
        ("policing",),
        "The police service of a fictional district around Kenora. Officers trained in "
        "trauma-informed interviewing respond to reports of child sexual exploitation and "
        "trafficking, and work with child protection and victim services from the first call.",
        (
            ("Child and youth investigations", ("investigation",), ReferralMethod.BOTH),
            ("School safety talks", ("prevention-education",), ReferralMethod.PROFESSIONAL),
        ),
        open_24_7=True,
        direct_line=True,
    ),
    Planned(
        "Jackpine Regional Police — Online Child Exploitation Unit",
        "Kenora",
        ("policing", "technology-online-safety"),
        "Investigates online luring, sextortion and child sexual abuse material across the "
        "district, and helps young people and families have images taken down.",
        (
            (
                "Online exploitation reports",
                ("online-exploitation-reporting", "investigation"),
                ReferralMethod.BOTH,
            ),
            (
                "Talks for parents and schools",
                ("prevention-education",),
                ReferralMethod.PROFESSIONAL,
            ),
        ),
        radius_km=250.0,
    ),
    Planned(
        "Loonsong Child and Family Services",
        "Kenora",
        ("child-protection",),
        "Child protection for families in and around Kenora: investigates concerns that a "
        "child is being sexually exploited, and plans for the child's safety with the family "
        "and the community.",
        (
            ("Child protection intake", ("case-management",), ReferralMethod.BOTH),
            ("Family support", ("family-support",), ReferralMethod.PROFESSIONAL),
        ),
        open_24_7=True,
        direct_line=True,
        populations=(*YOUTH, "families-caregivers"),
    ),
    Planned(
        "Whisperwood District Health Centre — Sexual Assault Care Program",
        "Kenora",
        ("health-care",),
        "Emergency medical care, forensic examinations and follow-up for children and youth "
        "who have been sexually assaulted or exploited, day and night, with or without a "
        "police report.",
        (
            (
                "Sexual assault and forensic care",
                ("sexual-assault-forensic-care", "medical-care"),
                ReferralMethod.BOTH,
            ),
            ("Youth health clinic", ("medical-care",), ReferralMethod.SELF),
        ),
        open_24_7=True,
    ),
    Planned(
        "Moosewood Victim Services",
        "Kenora",
        ("victim-services",),
        "Crisis support, safety planning and court accompaniment for young victims of sexual "
        "exploitation and trafficking and their families. The office address is confidential.",
        (
            ("Crisis support", ("crisis-line",), ReferralMethod.BOTH),
            ("Court accompaniment", ("court-victim-support",), ReferralMethod.PROFESSIONAL),
        ),
        confidential=True,
        direct_line=True,
    ),
    Planned(
        "Trillium Rock Youth Mental Health Centre",
        "Kenora",
        ("mental-health",),
        "Trauma therapy and counselling for children and youth who have been sexually "
        "exploited, and support for the adults who care for them.",
        (
            ("Youth trauma therapy", ("counselling",), ReferralMethod.BOTH),
            ("Caregiver support group", ("family-support",), ReferralMethod.SELF),
        ),
    ),
    Planned(
        "Wild Rice Healing Lodge",
        "Kenora",
        ("indigenous",),
        "An Indigenous-led lodge offering land-based healing, ceremony and peer support for "
        "First Nations youth who have been sexually exploited, guided by Elders.",
        (
            (
                "Land-based healing",
                ("cultural-land-based-healing", "peer-support"),
                ReferralMethod.BOTH,
            ),
            ("Elder-guided counselling", ("counselling",), ReferralMethod.BOTH),
        ),
        languages=("en", "oj"),
        populations=("youth-12-17", "young-adults-18-24", "first-nations"),
    ),
    Planned(
        "Red Pine Survivor Circle",
        "Thunder Bay",
        ("survivor-led",),
        "Led by survivors of sexual exploitation: peer mentoring for young people leaving "
        "exploitation in and around Thunder Bay, and training for the professionals who meet "
        "them.",
        (
            (
                "Peer mentoring",
                ("peer-support", "exit-transition-support"),
                ReferralMethod.BOTH,
            ),
            ("Training for professionals", ("professional-training",), ReferralMethod.PROFESSIONAL),
        ),
        radius_km=300.0,
    ),
)


def response_area_listings(
    terms: dict[Vocabulary, dict[str, TaxonomyTerm]], now: datetime
) -> list[Organization]:
    """The planned listings as unsaved, published demo organizations."""
    rng = random.Random(RANDOM_SEED)
    return [_organization(plan, terms, now, rng) for plan in PLANNED]


def _organization(
    plan: Planned,
    terms: dict[Vocabulary, dict[str, TaxonomyTerm]],
    now: datetime,
    rng: random.Random,
) -> Organization:
    city = CITY[plan.city]
    slug = slugify(plan.name)
    verified = now - timedelta(days=rng.randint(10, 200))
    organization = Organization(
        slug=slug,
        name=plan.name,
        description=plan.description,
        website=f"https://{short_handle(slug)}.example.org",
        email=f"{short_handle(slug)}@example.org",
        phone=fictional_phone(city, rng),
        status=OrganizationStatus.PUBLISHED,
        source=ListingSource.DEMO,
        sectors=[terms[Vocabulary.SECTOR][slug] for slug in plan.sectors],
        verified_at=verified,
        last_reviewed_at=verified,
        created_at=verified - timedelta(days=rng.randint(30, 300)),
        updated_at=verified,
    )
    organization.services = [
        _service(plan, name, types, method, terms) for name, types, method in plan.services
    ]
    organization.locations = [_location(plan, city, rng)]
    organization.service_areas = [
        ServiceArea(
            kind=AreaKind.RADIUS,
            radius_km=plan.radius_km,
            latitude=city.latitude,
            longitude=city.longitude,
        )
    ]
    organization.contacts = _contacts(plan, city, slug, rng)
    return organization


def _service(
    plan: Planned,
    name: str,
    types: tuple[str, ...],
    method: ReferralMethod,
    terms: dict[Vocabulary, dict[str, TaxonomyTerm]],
) -> Service:
    return Service(
        name=name,
        description=plan.description.split(". ")[0] + ".",
        fees="Free",
        referral_method=method,
        intake_hours="24 hours a day, 7 days a week"
        if plan.open_24_7
        else "Monday–Friday, 9:00–17:00",
        open_24_7=plan.open_24_7,
        accepting_referrals=True,
        delivered_online=False,
        types=[terms[Vocabulary.SERVICE_TYPE][slug] for slug in types],
        populations=[terms[Vocabulary.POPULATION][slug] for slug in plan.populations],
        languages=[terms[Vocabulary.LANGUAGE][code] for code in plan.languages],
    )


def _location(plan: Planned, city: City, rng: random.Random) -> Location:
    return Location(
        name="Office" if plan.confidential else "Main office",
        address=f"{rng.randint(10, 999)} Lakeview Road",
        city=city.name,
        province_code=city.province,
        postal_code=fictional_postal_code(city, rng),
        # Within a few streets of the centre; a confidential one counts at the centre only.
        latitude=round(city.latitude + rng.uniform(-0.004, 0.004), 5),
        longitude=round(city.longitude + rng.uniform(-0.004, 0.004), 5),
        confidential=plan.confidential,
    )


def _contacts(plan: Planned, city: City, slug: str, rng: random.Random) -> list[ReferralContact]:
    handle = short_handle(slug)
    contacts = [
        ReferralContact(
            name="Intake team",
            role="General intake",
            email=f"intake.{handle}@example.org",
            phone=fictional_phone(city, rng),
            preferred_method="phone",
            notes="Say you are calling about a referral.",
            visibility=ContactVisibility.PUBLIC,
        )
    ]
    if plan.direct_line:
        contacts.append(
            ReferralContact(
                name="Referral coordinator",
                role="Professional referrals",
                email=f"referrals.{handle}@example.org",
                phone=fictional_phone(city, rng),
                preferred_method="phone",
                notes="Direct line for professionals making a referral; please do not share it.",
                visibility=ContactVisibility.PROFESSIONALS,
            )
        )
    return contacts
