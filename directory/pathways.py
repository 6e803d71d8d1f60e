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


_SPEED = {value.value: rank for rank, value in enumerate(FirstResponse)}  # fastest first


@dataclass
class Summary:
    """An organization's pathway from its services' (a search card, a search result), one
    service at a time: self-referral, warm handoff, no police if one service offers it, from
    the lowest age among those taking self-referrals (none if one takes any age); the
    fastest first response. The checklist is each service's own, so a summary leaves it
    out. Plain fields, not a ``ReferralPathway`` per service: a page adds dozens."""

    self_referral: bool = False
    any_age: bool = False
    lowest_age: int | None = None
    warm_handoff: bool = False
    fastest: str | None = None
    no_police_required: bool = False

    def add(
        self,
        self_referral: bool,
        min_age: int | None,
        warm_handoff: bool,
        first_response: str | None,
        no_police_required: bool,
    ) -> None:
        if self_referral:
            self.self_referral = True
            if min_age is None:
                self.any_age = True
            elif self.lowest_age is None or min_age < self.lowest_age:
                self.lowest_age = min_age
        self.warm_handoff = self.warm_handoff or warm_handoff
        self.no_police_required = self.no_police_required or no_police_required
        if first_response in _SPEED and (
            self.fastest is None or _SPEED[first_response] < _SPEED[self.fastest]
        ):
            self.fastest = first_response

    def pathway(self, sectors: list[str]) -> ReferralPathway:
        return ReferralPathway(
            sectors=sectors,
            self_referral=self.self_referral,
            self_referral_min_age=None if self.any_age else self.lowest_age,
            warm_handoff=self.warm_handoff,
            first_response=self.fastest,
            no_police_required=self.no_police_required,
        )
