"""Composes the fictional demo listings from the sector profiles: deterministic, no I/O.

The same random seed and the same code always give the same organizations (names, slugs,
cities, services); only the timestamps move with the clock, so that freshness (re-verify
after 12 months, hide after 18) looks the same whenever the demo is loaded.

Organizations that serve people in French describe themselves in French too (see
``DemoBuilder._french_description``): the French text is built from the choices already made
for the English one and draws nothing from the random generator, so adding or rewording
French never moves the English demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
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
    Service,
    ServiceArea,
    TaxonomyTerm,
    Vocabulary,
)
from directory.taxonomy import PROVINCES, SECTORS
from seed.capacity import draw_capacity
from seed.cities import CITIES, City
from seed.demo_french import french_phrases, typeset
from seed.demo_profiles_community import COMMUNITY_PROFILES
from seed.demo_profiles_frontline import FRONTLINE_PROFILES
from seed.demo_profiles_partners import PARTNER_PROFILES
from seed.demo_profiles_public import PUBLIC_PROFILES
from seed.demo_text import (
    CONTACT_ROLES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    INTAKE_HOURS,
    MOTIFS,
    OTHER_LANGUAGES,
    STREETS,
    WEEKDAYS,
    SectorProfile,
    ServiceTemplate,
)
from seed.fictional import (
    fictional_phone,
    fictional_postal_code,
    indigenous_peoples,
    indigenous_populations,
    short_handle,
)
from seed.pathways import draw_pathway

DEMO_RANDOM_SEED = 20_251_105
ORGANIZATIONS_PER_SECTOR = 8
PENDING_COUNT = 4
DRAFT_COUNT = 2
PROFILES = FRONTLINE_PROFILES + COMMUNITY_PROFILES + PARTNER_PROFILES + PUBLIC_PROFILES
assert sorted(p.sector for p in PROFILES) == sorted(slug for slug, _, _ in SECTORS)

PROVINCE_NAMES = {code: name for code, name, _ in PROVINCES}

Terms = dict[Vocabulary, dict[str, TaxonomyTerm]]


@dataclass
class DemoListing:
    """An unsaved organization, and the online areas to tie to their service once saved.

    ``ServiceArea`` refers to its service only by id, so those links wait for a flush.
    """

    organization: Organization
    online_areas: list[tuple[ServiceArea, Service]] = field(default_factory=list)


class DemoBuilder:
    def __init__(self, terms: Terms, now: datetime) -> None:
        self.rng = random.Random(DEMO_RANDOM_SEED)
        self.terms = terms
        self.now = now
        self.used_names: set[str] = set()

    def build(self) -> list[DemoListing]:
        plan = self._plan_sectors_and_cities()
        unpublished = self.rng.sample(range(len(plan)), PENDING_COUNT + DRAFT_COUNT)
        statuses = dict.fromkeys(unpublished[:PENDING_COUNT], OrganizationStatus.PENDING)
        statuses |= dict.fromkeys(unpublished[PENDING_COUNT:], OrganizationStatus.DRAFT)
        return [
            self._listing(index, profile, city, statuses.get(index, OrganizationStatus.PUBLISHED))
            for index, (profile, city) in enumerate(plan)
        ]

    def _plan_sectors_and_cities(self) -> list[tuple[SectorProfile, City]]:
        """Every sector the same number of times; every city at least once, big ones more.

        Each organization takes the next city in a shuffled queue that is big enough for its
        sector; small places skipped by one sector are taken by the next. Indigenous-led
        organizations go to communities where an Indigenous language of the taxonomy is
        widely spoken, so their language lists ring true.
        """
        count = len(PROFILES) * ORGANIZATIONS_PER_SECTOR
        queue = self.rng.sample(CITIES, len(CITIES))
        weights = [city.population**0.5 for city in CITIES]
        queue += self.rng.choices(CITIES, weights=weights, k=count - len(CITIES))
        with_languages = [city for city in CITIES if city.indigenous_languages]
        indigenous = self.rng.sample(with_languages, k=ORGANIZATIONS_PER_SECTOR)
        plan = []
        for index in range(count):
            profile = PROFILES[index % len(PROFILES)]
            source = indigenous if profile.sector == "indigenous" else queue
            position = next(
                i for i, city in enumerate(source) if city.population >= profile.min_population
            )
            plan.append((profile, source.pop(position)))
        return plan

    def _listing(
        self, index: int, profile: SectorProfile, city: City, status: OrganizationStatus
    ) -> DemoListing:
        rng = self.rng
        name, description, description_fr = self._unique_name_and_descriptions(profile)
        slug = slugify(name)
        handle = short_handle(slug)
        description = description.format(
            place=city.name,
            province=PROVINCE_NAMES[city.province],
            peoples=indigenous_peoples(city),
        )
        practice = rng.sample(profile.practice, rng.randint(1, 2))
        languages = self._languages(city)
        organization = Organization(
            slug=slug,
            name=name,
            description=" ".join([description, *(english for english, _ in practice)]),
            description_fr=self._french_description(description_fr, practice, city, languages),
            website=f"https://{handle}.example.org",
            email=f"{handle}@example.org",
            phone=fictional_phone(city, rng),
            status=status,
            source=ListingSource.DEMO,
            sectors=self._sectors(profile),
        )
        self._set_timestamps(organization, index)
        listing = DemoListing(organization)
        for template in sorted(
            rng.sample(profile.services, rng.randint(2, min(4, len(profile.services)))),
            key=profile.services.index,
        ):
            service = self._service(template, profile, city, languages)
            self._pathway(service, slug, profile.sector)
            draw_capacity(random.Random(f"capacity:{slug}:{service.name}"), service, self.now)
            organization.services.append(service)
            if service.delivered_online:
                area = ServiceArea(kind=AreaKind.ONLINE)
                organization.service_areas.append(area)
                listing.online_areas.append((area, service))
        organization.locations = self._locations(profile, city)
        organization.service_areas.extend(self._areas(profile, city))
        organization.contacts = self._contacts(handle, city)
        return listing

    def _unique_name_and_descriptions(self, profile: SectorProfile) -> tuple[str, str, str]:
        """A name not used yet, with its English and French description templates."""
        while True:
            name, description, description_fr = self.rng.choice(profile.variants)
            name = name.format(motif=self.rng.choice(MOTIFS))
            if name not in self.used_names:
                self.used_names.add(name)
                return name, description, description_fr

    @staticmethod
    def _french_description(
        template: str, practice: list[tuple[str, str]], city: City, languages: list[str]
    ) -> str | None:
        """The French description of an organization whose services are offered in French.

        An organization that serves people in French writes about itself in French: every
        one in Quebec, New Brunswick and Nunavut, and elsewhere the ones whose services the
        builder made bilingual (about three in ten); about half of the demo in all. Others
        have none, and French pages show their English description, marked as English.
        The French says what the English says: the same variant, the same closing sentences
        in the same order, and no random draw of its own (the English demo stays the same).
        """
        if "fr" not in languages:
            return None
        sentences = [french for _, french in practice]
        return typeset(" ".join([template.format(**french_phrases(city)), *sentences]))

    def _sectors(self, profile: SectorProfile) -> list[TaxonomyTerm]:
        related = self.rng.sample(profile.related_sectors, self.rng.randint(0, 1))
        by_slug = self.terms[Vocabulary.SECTOR]
        return [by_slug[profile.sector], *(by_slug[slug] for slug in related)]

    def _set_timestamps(self, organization: Organization, index: int) -> None:
        """Spread over ~20 months: 13 in 20 fresh, 5 due for re-verification, 2 past 18 months."""
        rng = self.rng
        if organization.status != OrganizationStatus.PUBLISHED:
            organization.created_at = self.now - timedelta(days=rng.randint(1, 20))
            organization.updated_at = organization.created_at
            return
        bucket = index % 20
        low, high = (1, 350) if bucket < 13 else (370, 540) if bucket < 18 else (550, 610)
        verified = self.now - timedelta(days=rng.randint(low, high), hours=rng.randint(0, 23))
        organization.verified_at = organization.last_reviewed_at = verified
        organization.created_at = verified - timedelta(days=rng.randint(20, 400))
        organization.updated_at = verified

    def _service(
        self, template: ServiceTemplate, profile: SectorProfile, city: City, languages: list[str]
    ) -> Service:
        rng = self.rng
        populations = list(template.populations)
        if profile.sector == "indigenous":
            indigenous = {"first-nations", "metis", "inuit"}
            populations = [p for p in populations if p not in indigenous]
            populations += indigenous_populations(city)
        hours = rng.choice(INTAKE_HOURS) if template.hours == WEEKDAYS else template.hours
        return Service(
            name=template.name,
            description=template.description,
            eligibility=template.eligibility,
            fees=template.fees,
            referral_method=template.referral,
            intake_hours=hours,
            open_24_7=template.open_24_7,
            accepting_referrals=rng.random() > 0.12,
            delivered_online=template.online,
            types=[self.terms[Vocabulary.SERVICE_TYPE][slug] for slug in template.types],
            populations=[self.terms[Vocabulary.POPULATION][slug] for slug in populations],
            languages=[self.terms[Vocabulary.LANGUAGE][code] for code in languages],
        )

    def _pathway(self, service: Service, slug: str, sector: str) -> None:
        """Its referral pathway, from a generator of its own (``seed.pathways``)."""
        rng = random.Random(f"pathway:{slug}:{service.name}")
        drawn = draw_pathway(rng, sector, service.referral_method, service.open_24_7)
        for name, value in drawn.columns().items():
            setattr(service, name, value)
        service.referral_sectors = [self.terms[Vocabulary.SECTOR][s] for s in drawn.sectors]

    def _languages(self, city: City) -> list[str]:
        """Official languages as people there speak them, Indigenous and other languages too."""
        rng = self.rng
        if city.province == "QC":
            codes = ["fr", "en"] if rng.random() < 0.7 else ["fr"]
        elif city.province in ("NB", "NU"):
            codes = ["en", "fr"]
        else:
            codes = ["en", "fr"] if rng.random() < 0.3 else ["en"]
        if city.indigenous_languages:
            codes += city.indigenous_languages
        others = OTHER_LANGUAGES[city.province]
        if others and city.population > 200_000 and rng.random() < 0.4:
            codes += rng.sample(others, min(len(others), rng.randint(1, 2)))
        if rng.random() < 0.08:
            codes.append("fcs" if city.province == "QC" else "ase")
        return codes

    def _locations(self, profile: SectorProfile, city: City) -> list[Location]:
        rng = self.rng
        confidential = profile.confidential or (
            profile.sector == "victim-services" and rng.random() < 0.3
        )
        name = "Safe house" if profile.confidential else "Office" if confidential else "Main office"
        return [
            Location(
                name=name,
                address=f"{rng.randint(10, 2999)} {rng.choice(STREETS)}",
                city=city.name,
                province_code=city.province,
                postal_code=fictional_postal_code(city, rng),
                latitude=round(city.latitude + rng.uniform(-0.004, 0.004), 5),
                longitude=round(city.longitude + rng.uniform(-0.004, 0.004), 5),
                confidential=confidential,
            )
        ]

    def _areas(self, profile: SectorProfile, city: City) -> list[ServiceArea]:
        if profile.reach == "national":
            return [ServiceArea(kind=AreaKind.NATIONAL)]
        if profile.reach == "provincial":
            return [ServiceArea(kind=AreaKind.PROVINCE, province_code=city.province)]
        centre = {"latitude": city.latitude, "longitude": city.longitude}
        if self.rng.random() < 0.5:
            return [
                ServiceArea(
                    kind=AreaKind.REGION,
                    region_name=city.name,
                    province_code=city.province,
                    **centre,
                )
            ]
        # Remote communities serve a wide area; a city's agencies mostly serve the city.
        radius = 50.0 if city.population > 100_000 else 150.0 if city.population > 10_000 else 400.0
        return [ServiceArea(kind=AreaKind.RADIUS, radius_km=radius, **centre)]

    def _contacts(self, handle: str, city: City) -> list[ReferralContact]:
        rng = self.rng
        public = ReferralContact(
            name="Intake team",
            role="General intake",
            email=f"intake.{handle}@example.org",
            phone=fictional_phone(city, rng),
            preferred_method="phone",
            notes="Say you are calling about a referral; we call back within one business day.",
            visibility=ContactVisibility.PUBLIC,
        )
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        direct = ReferralContact(
            name=f"{given} {family}",
            role=rng.choice(CONTACT_ROLES),
            email=f"{slugify(given)}.{slugify(family)}.{handle}@example.org",
            phone=fictional_phone(city, rng),
            preferred_method="email",
            notes="Direct line for professionals making a referral; please do not share it.",
            visibility=ContactVisibility.PROFESSIONALS,
        )
        roll = rng.random()
        return [public] if roll < 0.35 else [direct] if roll < 0.45 else [public, direct]
