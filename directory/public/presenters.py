"""Small formatting helpers for the public templates (registered as template filters)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask_babel import format_decimal, get_locale, gettext

from directory.contact_points import accessibility_labels
from directory.markdown import plain_text, render_markdown
from directory.models import AreaKind, ReferralMethod, ServiceArea
from directory.privacy import public_location
from directory.search.points import city_at_centre


def _locale() -> str:
    return str(get_locale() or "en")


def describe_area(area: ServiceArea) -> str:
    """A service area in words: "Across Canada", "Ontario", "Within 150 km of Kenora"."""
    if area.kind == AreaKind.NATIONAL:
        return gettext("Across Canada")
    if area.kind == AreaKind.ONLINE:
        return gettext("Online")
    if area.kind == AreaKind.PROVINCE and area.province is not None:
        return area.province.label(_locale())
    if area.kind == AreaKind.RADIUS and area.radius_km:
        km = format_decimal(round(area.radius_km, 1))
        place = radius_place(area)
        if place:
            return gettext("Within %(km)s km of %(place)s", km=km, place=place)
        return gettext("Within %(km)s km of its location", km=km)
    name = area.region_name or ""
    if area.kind == AreaKind.REGION and name and "region" not in name.lower():
        name = gettext("%(name)s region", name=name)
    if area.province is not None:
        province = area.province.label(_locale())
        return f"{name}, {province}" if name else province
    return name


def radius_place(area: ServiceArea) -> str | None:
    """The place a radius is around, in words: its own name, else the city of the
    organization's location at its centre (public either way)."""
    return area.region_name or _city_at_centre(area)


def _city_at_centre(area: ServiceArea) -> str | None:
    """The city of the organization's location at the radius centre (``city_at_centre``)."""
    if area.latitude is None or area.longitude is None:
        return None
    located = [public_location(location) for location in area.organization.locations]
    return city_at_centre(located, area.latitude, area.longitude)


def distance_away(km: float) -> str:
    """ "12 km away", "3.4 km away", "Less than 1 km away"."""
    if km < 1:
        return gettext("Less than 1 km away")
    rounded = round(km) if km >= 10 else round(km, 1)
    return gettext("%(km)s km away", km=format_decimal(rounded))


def describe_referral_method(method: str) -> str:
    names: dict[str, str] = {
        ReferralMethod.SELF: gettext("Self-referral"),
        ReferralMethod.PROFESSIONAL: gettext("Professional referral"),
        ReferralMethod.BOTH: gettext("Self-referral or professional referral"),
    }
    return names.get(method, method)


def describe_referral_methods(methods: list[str]) -> str:
    """The ways in of several services in one phrase: self and professional together read
    as "Self-referral or professional referral"; "" when no service says."""
    found = set(methods)
    if not found:
        return ""
    if ReferralMethod.BOTH in found or {ReferralMethod.SELF, ReferralMethod.PROFESSIONAL} <= found:
        return describe_referral_method(ReferralMethod.BOTH)
    return describe_referral_method(found.pop())


def paragraphs(text: str | None) -> list[list[str]]:
    """Plain text split on blank lines, each paragraph a list of its lines (no markup)."""
    if not text:
        return []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [[line.strip() for line in block.splitlines()] for block in blocks if block.strip()]


def web_url(value: str | None) -> str | None:
    """The address if it is a plain http(s) URL, else None (never a ``javascript:`` link)."""
    if not value:
        return None
    candidate = value.strip()
    if "://" not in candidate:
        candidate = f"https://{candidate}"
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def tel_href(phone: str | None) -> str | None:
    """A ``tel:`` link target with only digits and a leading +."""
    if not phone:
        return None
    digits = re.sub(r"[^\d+]", "", phone.split("ext")[0])
    return f"tel:{digits}" if digits.strip("+") else None


TEMPLATE_FILTERS: dict[str, Callable[..., object]] = {
    "describe_area": describe_area,
    "distance_away": distance_away,
    "referral_method": describe_referral_method,
    "referral_methods": describe_referral_methods,
    "paragraphs": paragraphs,
    "markdown": render_markdown,
    "plain_text": plain_text,
    "web_url": web_url,
    "tel_href": tel_href,
    "accessibility_labels": accessibility_labels,
}
