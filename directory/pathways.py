"""A service's referral pathway as one value, for every channel that shows it.

Who a service takes referrals from (sectors; young people themselves, from what age), whether
the referrer can call with the young person present (warm handoff), how soon it usually first
answers, whether it needs the police involved, and what the referrer should have ready. The
listing form writes these as columns of ``Service`` (docs/listings.md); the profile, the
search cards, the JSON API and the HSDS export read them through ``pathway_of`` so each shows
the same facts with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from directory.models import FirstResponse
from directory.taxonomy import SECTORS

FIRST_RESPONSE_LABELS = {
    FirstResponse.SAME_DAY.value: _l("The same day"),
    FirstResponse.ONE_BUSINESS_DAY.value: _l("Within one business day"),
    FirstResponse.WITHIN_WEEK.value: _l("Within a week"),
    FirstResponse.LONGER.value: _l("Longer than a week"),
}


@dataclass(frozen=True)
class ReferralPathway:
    sectors: list[str] = field(default_factory=list)  # sector slugs, display order
    self_referral: bool = False
    self_referral_min_age: int | None = None
    warm_handoff: bool = False
    first_response: str | None = None  # a ``FirstResponse`` value
    no_police_required: bool = False
    referrer_checklist: str | None = None

    @property
    def is_described(self) -> bool:
        """Whether the listing says anything of its pathway (else the profile says nothing)."""
        return bool(
            self.sectors
            or self.self_referral
            or self.warm_handoff
            or self.first_response
            or self.no_police_required
            or self.referrer_checklist
        )

    @property
    def first_response_label(self) -> str | None:
        label = FIRST_RESPONSE_LABELS.get(self.first_response or "")
        return str(label) if label is not None else None

    def as_json(self) -> dict[str, Any]:
        """The API's ``referral_pathway`` object (docs/listings.md, OpenAPI ``ReferralPathway``)."""
        return {
            "accepts_referrals_from": list(self.sectors),
            "self_referral": self.self_referral,
            "self_referral_min_age": self.self_referral_min_age,
            "warm_handoff": self.warm_handoff,
            "first_response": self.first_response,
            "no_police_required": self.no_police_required,
            "referrer_checklist": self.referrer_checklist,
        }


def pathway_of(service: Any) -> ReferralPathway:
    """The pathway of a ``Service`` (its ``referral_sectors`` loaded)."""
    return ReferralPathway(
        sectors=[term.slug for term in service.referral_sectors],
        self_referral=bool(service.self_referral),
        self_referral_min_age=service.self_referral_min_age if service.self_referral else None,
        warm_handoff=bool(service.warm_handoff),
        first_response=service.first_response or None,
        no_police_required=bool(service.no_police_required),
        referrer_checklist=service.referrer_checklist or None,
    )


_SPEED = [value.value for value in FirstResponse]  # fastest first


def combined(pathways: list[ReferralPathway]) -> ReferralPathway:
    """An organization's pathway from its services' (a search card, a search result): any
    sector one takes referrals from; self-referral, warm handoff, no police if one offers
    it, from the lowest age among those taking self-referrals; the fastest first response.
    The checklist is each service's own, so a summary leaves it out."""
    self_referring = [p for p in pathways if p.self_referral]
    ages = [p.self_referral_min_age for p in self_referring]
    known = [age for age in ages if age is not None]
    speeds = [p.first_response for p in pathways if p.first_response in _SPEED]
    sectors = {slug for p in pathways for slug in p.sectors}
    return ReferralPathway(
        sectors=[slug for slug, _en, _fr in SECTORS if slug in sectors],
        self_referral=bool(self_referring),
        self_referral_min_age=min(known) if known and None not in ages else None,
        warm_handoff=any(p.warm_handoff for p in pathways),
        first_response=min(speeds, key=_SPEED.index) if speeds else None,
        no_police_required=any(p.no_police_required for p in pathways),
    )
