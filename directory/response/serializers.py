"""The response card as JSON (``/api/v1/response``), from the same card the page shows.

The API is anonymous: the card it serializes is built without a viewer, so no direct line
reserved for professionals is ever on it (``services.build_card``)."""

from __future__ import annotations

from typing import Any

from directory.api.serializers import did_you_mean, iso_utc, place, profile_url
from directory.response.services import ResponseCard, ResponseEntry, RoleAnswer


def response_card(card: ResponseCard) -> dict[str, Any]:
    return {
        "place": place(card.place),
        "did_you_mean": did_you_mean(card.lookup),
        "radius_km": card.radius_km,
        "roles": [_role(answer) for answer in card.shown],
    }


def _role(answer: RoleAnswer) -> dict[str, Any]:
    beyond = answer.nearest_beyond
    return {
        "role": answer.role.slug,
        "label": str(answer.role.label),
        "filters": answer.role.search_args(),
        "gap": answer.gap,
        "nearby": [_entry(entry) for entry in answer.nearby],
        "serving": [_entry(entry) for entry in answer.serving],
        "nearest_beyond": _entry(beyond) if beyond else None,
    }


def _entry(entry: ResponseEntry) -> dict[str, Any]:
    organization = entry.organization
    distance = None if entry.distance_km is None else round(entry.distance_km, 1)
    return {
        "slug": organization.slug,
        "name": organization.name,
        "url": profile_url(organization.slug),
        "city": entry.city,
        "province": entry.province,
        "distance_km": distance,
        "phone": organization.phone,
        "accepting_referrals": organization.accepting_referrals,
        "referral_methods": list(organization.referral_methods),
        "last_confirmed": iso_utc(organization.verified_at),
        "serves_because": entry.serves_because.label if entry.serves_because else None,
    }
