"""Where demo services are offered, and the few that are not running now.

About one demo listing in five that has an open office and at least two services also has
an outreach office in the nearest other town of its province, where only some of its
services are offered; a few services are temporarily closed or inactive, and a very few
defunct (kept, but no longer shown publicly). Drawn from a generator of its own per listing
(like ``seed.pathways``), so no other demo value moved.
"""

from __future__ import annotations

import math
import random

from directory.models import Location, Organization, ServiceStatus
from seed.cities import CITIES, City
from seed.demo_text import STREETS
from seed.fictional import fictional_postal_code

OUTREACH_OFFICE_SHARE = 0.2
ONLY_AT_HOME_SHARE = 0.6  # a service other than the first stays at the main office only
STATUS_WEIGHTS = {
    ServiceStatus.ACTIVE: 0.88,
    ServiceStatus.TEMPORARILY_CLOSED: 0.05,
    ServiceStatus.INACTIVE: 0.05,
    ServiceStatus.DEFUNCT: 0.02,
}
MAX_OUTREACH_KM = 250


def place_and_pause(organization: Organization) -> None:
    """Give each service its locations (all of them unless drawn otherwise) and a status."""
    rng = random.Random(f"places:{organization.slug}")
    home = organization.locations[0] if organization.locations else None
    if home is not None and not home.confidential and len(organization.services) >= 2:
        town = _nearest_other_town(home) if rng.random() < OUTREACH_OFFICE_SHARE else None
        if town is not None:
            organization.locations.append(_outreach_office(town, rng))
    for position, service in enumerate(organization.services):
        service.locations = list(organization.locations)
        if len(organization.locations) > 1 and position and rng.random() < ONLY_AT_HOME_SHARE:
            service.locations = [organization.locations[0]]
        statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        service.status = rng.choices(statuses, weights=weights)[0]


def _nearest_other_town(home: Location) -> City | None:
    def km(city: City) -> float:
        dy = city.latitude - (home.latitude or 0)
        dx = (city.longitude - (home.longitude or 0)) * math.cos(math.radians(city.latitude))
        return 111.2 * math.hypot(dx, dy)

    others = [c for c in CITIES if c.province == home.province_code and c.name != home.city]
    nearest = min(others, key=km, default=None)
    return nearest if nearest is not None and km(nearest) <= MAX_OUTREACH_KM else None


def _outreach_office(town: City, rng: random.Random) -> Location:
    return Location(
        name="Outreach office",
        address=f"{rng.randint(10, 2999)} {rng.choice(STREETS)}",
        city=town.name,
        province_code=town.province,
        postal_code=fictional_postal_code(town, rng),
        latitude=round(town.latitude + rng.uniform(-0.004, 0.004), 5),
        longitude=round(town.longitude + rng.uniform(-0.004, 0.004), 5),
        confidential=False,
    )
