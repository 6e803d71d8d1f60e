"""Fictional listings visible to vetted professionals only (docs/professionals_only.md).

Programs that cannot be public at all: a police unit whose members and office are not
published, and a safe house program whose existence in a city is itself kept quiet. The
demo shows them to vetted professionals, moderators and their members; everyone else never
meets them, in search, on the map, on response cards, in exports or in counts.

Every name, number (555-01xx) and address is invented. Built like ``demo_response_area``'s
listings, added after them, with a random generator of its own, so the rest of the demo
stays exactly as it was (``tests/test_seed.py``'s fingerprint).
"""

from __future__ import annotations

import random
from datetime import datetime

from directory.models import Organization, ReferralMethod, TaxonomyTerm, Vocabulary
from seed.demo_response_area import YOUTH, Planned
from seed.demo_response_area import _organization as planned_organization

RANDOM_SEED = 16_303  # its own: the other demo listings' draws are untouched

PLANNED = (
    Planned(
        "Jackpine Regional Police — Human Trafficking Response Team",
        "Kenora",
        ("policing",),
        "A specialized team that investigates the sexual exploitation and trafficking of "
        "children and youth across the district, working with child protection, health care "
        "and victim services from the first disclosure. Its members and office are not "
        "published: professionals reach it through the referral line. Demo listing: fictional.",
        (
            ("Joint trafficking investigations", ("investigation",), ReferralMethod.PROFESSIONAL),
            (
                "Case consultation for professionals",
                ("case-management",),
                ReferralMethod.PROFESSIONAL,
            ),
        ),
        radius_km=250.0,
        direct_line=True,
    ),
    Planned(
        "Northern Lantern Safe House Program",
        "Thunder Bay",
        ("housing-shelter",),
        "Safe, undisclosed housing and round-the-clock support for young people leaving sexual "
        "exploitation, by referral from a professional only. The program's location is never "
        "published. Demo listing: fictional.",
        (
            ("Safe house stays", ("emergency-shelter",), ReferralMethod.PROFESSIONAL),
            ("Exit planning", ("exit-transition-support",), ReferralMethod.PROFESSIONAL),
        ),
        radius_km=400.0,
        confidential=True,
        open_24_7=True,
        direct_line=True,
        populations=YOUTH,
    ),
)


def professionals_only_listings(
    terms: dict[Vocabulary, dict[str, TaxonomyTerm]], now: datetime
) -> list[Organization]:
    """The planned listings as unsaved, published demo organizations, each marked visible to
    vetted professionals only."""
    rng = random.Random(RANDOM_SEED)
    organizations = [planned_organization(plan, terms, now, rng) for plan in PLANNED]
    for organization in organizations:
        organization.professionals_only = True
    return organizations
