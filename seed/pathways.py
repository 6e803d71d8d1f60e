"""Referral pathways for demo and synthetic services: varied, and plausible for the sector.

Drawn from a random generator of their own (the caller's), never from the one that made the
rest of the listing, so that adding pathways moved no other demo or synthetic value. About
one service in seven says nothing of its pathway, as real listings often do; nor do those of
sectors that take no referrals of young people (research, policy, media, finance).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from directory.models import FirstResponse, ReferralMethod

SILENT_SHARE = 0.15
# The organization's sector → the sectors its services plausibly take referrals from.
USUAL_REFERRERS = {
    "policing": ["child-protection", "education", "health-care", "victim-services"],
    "health-care": ["education", "child-protection", "social-family", "policing"],
    "mental-health": ["health-care", "education", "child-protection", "social-family"],
    "education": ["child-protection", "health-care", "mental-health", "community-faith"],
    "child-protection": ["education", "health-care", "policing", "community-faith"],
    "legal-justice": ["victim-services", "policing", "child-protection", "social-family"],
    "victim-services": ["policing", "health-care", "legal-justice", "education"],
    "survivor-led": ["health-care", "victim-services", "housing-shelter", "community-faith"],
    "indigenous": ["health-care", "education", "child-protection", "community-faith"],
    "social-family": ["education", "health-care", "child-protection", "housing-shelter"],
    "housing-shelter": ["victim-services", "health-care", "child-protection", "policing"],
    "technology-online-safety": ["education", "policing", "social-family"],
    "community-faith": ["education", "social-family", "health-care", "housing-shelter"],
}
# Sectors whose services usually start with a police report (or are the police).
POLICE_LED = {"policing", "legal-justice", "child-protection"}
# Youngest ages at which services let young people refer themselves (None: any age).
SELF_REFERRAL_AGES = (None, 12, 12, 13, 14, 16, 16, 18)
CHECKLISTS = (
    "The young person's first name and a safe way to reach them; whether they know you are "
    "calling.",
    "A safe phone number, the young person's consent, and anything urgent about their health.",
    "What the young person has said in their own words, and who else is already involved.",
    "Their age, the community they live in, and whether they need an interpreter.",
    "A safe time to call back. No paperwork is needed to start.",
    "The young person's consent where possible, and any safety concerns for the first meeting.",
)


@dataclass(frozen=True)
class DrawnPathway:
    sectors: list[str] = field(default_factory=list)
    self_referral: bool = False
    self_referral_min_age: int | None = None
    warm_handoff: bool = False
    first_response: str | None = None
    no_police_required: bool = False
    referrer_checklist: str | None = None

    def columns(self) -> dict[str, object]:
        """Service columns (the sectors go in the link table)."""
        return {
            "self_referral": self.self_referral,
            "self_referral_min_age": self.self_referral_min_age,
            "warm_handoff": self.warm_handoff,
            "first_response": self.first_response,
            "no_police_required": self.no_police_required,
            "referrer_checklist": self.referrer_checklist,
        }


def draw_pathway(
    rng: random.Random, sector: str, referral_method: str, open_24_7: bool
) -> DrawnPathway:
    usual = USUAL_REFERRERS.get(sector)
    if usual is None or rng.random() < SILENT_SHARE:  # research, policy, media, finance
        return DrawnPathway()
    sectors = [sector, *rng.sample(usual, rng.randint(1, len(usual)))]
    self_referral = referral_method != ReferralMethod.PROFESSIONAL
    if open_24_7 or rng.random() < 0.3:
        response = FirstResponse.SAME_DAY
    else:
        response = rng.choices(list(FirstResponse), weights=(3, 5, 3, 1))[0]
    return DrawnPathway(
        sectors=list(dict.fromkeys(sectors)),
        self_referral=self_referral,
        self_referral_min_age=rng.choice(SELF_REFERRAL_AGES) if self_referral else None,
        warm_handoff=rng.random() < 0.6,
        first_response=None if rng.random() < 0.1 else response.value,
        no_police_required=sector not in POLICE_LED and rng.random() < 0.85,
        referrer_checklist=rng.choice(CHECKLISTS) if rng.random() < 0.7 else None,
    )
