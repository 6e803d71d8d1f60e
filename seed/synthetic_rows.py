"""Rows of synthetic listings, shaped like real data: where listings are, what they say.

Listings cluster around real communities in proportion to their population, a few km from
the centre (further in big cities); word frequencies follow ``seed.synthetic_text``.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate

import sqlalchemy as sa
from slugify import slugify

from directory.extensions import db
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
)
from directory.models.organization import (
    organization_sector,
    service_at_location,
    service_language,
    service_population,
    service_referral_sector,
    service_type_link,
)
from directory.taxonomy import POPULATIONS
from seed.cities import CITIES, City
from seed.demo_hours import synthetic_hours
from seed.demo_text import MOTIFS, OTHER_LANGUAGES, STREETS
from seed.fictional import fictional_phone, fictional_postal_code, indigenous_populations
from seed.pathways import draw_pathway
from seed.synthetic_text import (
    ELIGIBILITY,
    FEES,
    INSTITUTIONAL_SECTORS,
    INTAKE_HOURS,
    LEADS,
    NAME_ENDINGS,
    SECTOR_WEIGHTS,
    SERVICE_WORDING,
    TRAITS,
)

COUNSELLING_SHARE = 0.2
PATHWAY_SEED = 15
AREA_KINDS = (
    AreaKind.RADIUS,
    AreaKind.REGION,
    AreaKind.PROVINCE,
    AreaKind.ONLINE,
    AreaKind.NATIONAL,
)
AREA_KIND_WEIGHTS = (40, 25, 20, 10, 5)
POPULATION_WEIGHTS = {"youth-12-17": 8, "young-adults-18-24": 6, "girls-women": 5}
KM_PER_DEGREE = 111.2

# Parents before children: the order rows are inserted in.
TABLES = (
    Organization.__table__,
    organization_sector,
    Service.__table__,
    service_type_link,
    service_population,
    service_language,
    service_referral_sector,
    Location.__table__,
    service_at_location,
    ServiceArea.__table__,
    ReferralContact.__table__,
)
TABLES_WITH_IDS = (Organization, Service, Location, ServiceArea, ReferralContact)

Rows = dict[sa.Table, list[dict]]


class ListingGenerator:
    """Builds rows for synthetic listings, numbering them from the ids it is given."""

    def __init__(self, rng: random.Random, ids: dict[type, int]) -> None:
        self.rng = rng
        self.ids = ids
        self.now = datetime.now(UTC)
        terms = db.session.execute(
            sa.select(TaxonomyTerm.vocabulary, TaxonomyTerm.slug, TaxonomyTerm.id)
        )
        self.term_ids = {(vocabulary, slug): term_id for vocabulary, slug, term_id in terms}
        self.sectors = list(SECTOR_WEIGHTS)
        self.sector_cumulative = list(accumulate(SECTOR_WEIGHTS.values()))
        self.city_cumulative = list(accumulate(city.population for city in CITIES))
        self.area_cumulative = list(accumulate(AREA_KIND_WEIGHTS))
        self.other_types = [slug for slug in SERVICE_WORDING if slug != "counselling"]
        self.populations = [slug for slug, _, _ in POPULATIONS]
        self.population_cumulative = list(
            accumulate(POPULATION_WEIGHTS.get(slug, 2) for slug in self.populations)
        )
        self.slug_bases: dict[str, str] = {}
        # Pathways draw from their own generator: the rest of each listing is as it was.
        self.pathway_rng = random.Random(PATHWAY_SEED)

    def batch(self, size: int) -> Rows:
        rows: Rows = {table: [] for table in TABLES}
        for _ in range(size):
            self._listing(rows)
        return rows

    def _take_id(self, model: type) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def _term(self, vocabulary: str, slug: str) -> int:
        return self.term_ids[(vocabulary, slug)]

    def _listing(self, rows: Rows) -> None:
        rng = self.rng
        org_id = self._take_id(Organization)
        city = rng.choices(CITIES, cum_weights=self.city_cumulative)[0]
        sectors = self._sectors()
        types_per_service = self._service_types()
        area_kind = rng.choices(AREA_KINDS, cum_weights=self.area_cumulative)[0]
        name = self._name(sectors[0], city)
        verified = self.now - timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 1439))
        rows[Organization.__table__].append(
            {
                "id": org_id,
                "slug": f"{self._slug_base(name)}-{org_id}",
                "name": name,
                "alternate_name": None,
                "description": self._description(sectors[0], city, types_per_service),
                "description_fr": None,
                "website": f"https://listing-{org_id}.example.org" if rng.random() < 0.7 else None,
                "email": f"info.{org_id}@example.org",
                "phone": fictional_phone(city, rng),
                "status": OrganizationStatus.PUBLISHED.value,
                "source": ListingSource.SYNTHETIC.value,
                "external_id": None,
                "verified_at": verified,
                "last_reviewed_at": verified,
                "created_at": verified - timedelta(days=rng.randint(0, 900)),
                "updated_at": verified,
                "version": 1,
            }
        )
        rows[organization_sector].extend(
            {"organization_id": org_id, "term_id": self._term("sector", s)} for s in sectors
        )
        online = area_kind == AreaKind.ONLINE or rng.random() < 0.1
        for position, types in enumerate(types_per_service):
            self._service(rows, org_id, city, sectors[0], types, online and position == 0)
        self._location(rows, org_id, city, confidential=sectors[0] == "housing-shelter")
        location_id = rows[Location.__table__][-1]["id"]  # its one location offers them all
        rows[service_at_location].extend(
            {"service_id": service["id"], "location_id": location_id}
            for service in rows[Service.__table__][-len(types_per_service) :]
        )
        self._area(rows, org_id, city, area_kind)
        if rng.random() < 0.5:
            self._contact(rows, org_id, city)

    def _sectors(self) -> list[str]:
        count = self.rng.choice((1, 1, 2, 2, 3))
        chosen = self.rng.choices(self.sectors, cum_weights=self.sector_cumulative, k=count)
        return list(dict.fromkeys(chosen))

    def _service_types(self) -> list[list[str]]:
        """Service types of each of 1–3 services; counselling in about a fifth of listings."""
        rng = self.rng
        services = [
            rng.sample(self.other_types, rng.choice((1, 1, 2))) for _ in range(rng.randint(1, 3))
        ]
        if rng.random() < COUNSELLING_SHARE:
            services[0] = ["counselling", *services[0][:1]]
        return services

    def _name(self, sector: str, city: City) -> str:
        ending = self.rng.choice(NAME_ENDINGS[sector])
        if sector not in INSTITUTIONAL_SECTORS and self.rng.random() < 0.4:
            return f"{city.name} {ending}"
        return f"{self.rng.choice(MOTIFS)} {ending}"

    def _slug_base(self, name: str) -> str:
        base = self.slug_bases.get(name)
        if base is None:
            base = self.slug_bases[name] = slugify(name, max_length=100)
        return base

    def _description(self, sector: str, city: City, types_per_service: list[list[str]]) -> str:
        phrases = [SERVICE_WORDING[t][1] for types in types_per_service for t in types]
        phrases = list(dict.fromkeys(phrases))
        offer = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
        parts = [LEADS[sector].format(city=city.name), f"Offers {offer}."]
        parts += [sentence for sentence, share in TRAITS if self.rng.random() < share]
        return " ".join(parts)

    def _service(
        self, rows: Rows, org_id: int, city: City, sector: str, types: list[str], online: bool
    ) -> None:
        rng = self.rng
        service_id = self._take_id(Service)
        open_24_7 = rng.random() < 0.1
        rows[Service.__table__].append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": SERVICE_WORDING[types[0]][0],
                "description": f"{SERVICE_WORDING[types[0]][1].capitalize()} in {city.name}.",
                "eligibility": rng.choice(ELIGIBILITY),
                "fees": rng.choice(FEES),
                "referral_method": rng.choice(tuple(ReferralMethod)).value,
                "intake_hours": "24 hours a day, 7 days a week"
                if open_24_7
                else rng.choice(INTAKE_HOURS),
                "open_24_7": open_24_7,
                "accepting_referrals": rng.random() < 0.9,
                "delivered_online": online,
            }
        )
        service = rows[Service.__table__][-1]
        service["hours"] = synthetic_hours(service["intake_hours"], service_id)
        drawn = draw_pathway(
            self.pathway_rng, sector, service["referral_method"], service["open_24_7"]
        )
        service.update(drawn.columns())
        rows[service_referral_sector].extend(
            {"service_id": service_id, "term_id": self._term("sector", s)} for s in drawn.sectors
        )
        rows[service_type_link].extend(
            {"service_id": service_id, "term_id": self._term("service_type", t)} for t in types
        )
        populations = rng.choices(
            self.populations, cum_weights=self.population_cumulative, k=rng.randint(1, 3)
        )
        if sector == "indigenous":
            populations += indigenous_populations(city)
        rows[service_population].extend(
            {"service_id": service_id, "term_id": self._term("population", p)}
            for p in dict.fromkeys(populations)
        )
        rows[service_language].extend(
            {"service_id": service_id, "term_id": self._term("language", code)}
            for code in self._languages(city, sector)
        )

    def _languages(self, city: City, sector: str) -> list[str]:
        rng = self.rng
        if city.province == "QC":
            codes = ["fr", "en"] if rng.random() < 0.6 else ["fr"]
        elif city.province == "NB" or rng.random() < 0.2:
            codes = ["en", "fr"]
        else:
            codes = ["en"]
        if city.indigenous_languages and (sector == "indigenous" or rng.random() < 0.1):
            codes += city.indigenous_languages
        others = OTHER_LANGUAGES[city.province]
        if others and rng.random() < 0.15:
            codes.append(rng.choice(others))
        return codes

    def _location(self, rows: Rows, org_id: int, city: City, confidential: bool) -> None:
        """Near the city centre: a few km away, further in big cities (they sprawl)."""
        rng = self.rng
        spread_km = 1 + math.sqrt(city.population) / 400
        latitude = city.latitude + rng.gauss(0, spread_km / KM_PER_DEGREE)
        longitude_degree_km = KM_PER_DEGREE * math.cos(math.radians(city.latitude))
        rows[Location.__table__].append(
            {
                "id": self._take_id(Location),
                "organization_id": org_id,
                "name": "Main office",
                "address": f"{rng.randint(10, 2999)} {rng.choice(STREETS)}",
                "city": city.name,
                "province_code": city.province,
                "postal_code": fictional_postal_code(city, rng),
                "country": "CA",
                "latitude": round(latitude, 5),
                "longitude": round(
                    city.longitude + rng.gauss(0, spread_km / longitude_degree_km), 5
                ),
                "confidential": confidential or rng.random() < 0.05,
            }
        )

    def _area(self, rows: Rows, org_id: int, city: City, kind: AreaKind) -> None:
        area = dict.fromkeys(
            ("province_code", "region_name", "latitude", "longitude", "radius_km", "service_id")
        )
        if kind == AreaKind.PROVINCE:
            area["province_code"] = city.province
        elif kind == AreaKind.REGION:
            area.update(region_name=city.name, province_code=city.province)
            area.update(latitude=city.latitude, longitude=city.longitude)
        elif kind == AreaKind.RADIUS:
            area.update(latitude=city.latitude, longitude=city.longitude)
            area["radius_km"] = float(self.rng.choice((25, 50, 50, 100, 150, 300)))
        area.update(id=self._take_id(ServiceArea), organization_id=org_id, kind=kind.value)
        rows[ServiceArea.__table__].append(area)

    def _contact(self, rows: Rows, org_id: int, city: City) -> None:
        public = self.rng.random() < 0.6
        rows[ReferralContact.__table__].append(
            {
                "id": self._take_id(ReferralContact),
                "organization_id": org_id,
                "name": "Intake team" if public else "Referral coordinator",
                "role": "Intake",
                "email": f"intake.{org_id}@example.org",
                "phone": fictional_phone(city, self.rng),
                "preferred_method": "phone" if public else "email",
                "notes": None,
                "visibility": (
                    ContactVisibility.PUBLIC if public else ContactVisibility.PROFESSIONALS
                ).value,
            }
        )
