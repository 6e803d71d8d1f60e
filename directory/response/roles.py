"""The roles a local response needs, and which listings fill each one: the only mapping.

A role is filled by the organizations that pass its filters, the same filters as search
(``sector``, ``service``: OR within one, AND across them), so "Victim services near Kenora"
on the card and in search are the same organizations. The order is the card's order: who
a professional usually calls first (police, child protection, health care), then support,
advocacy and prevention.

``where_listed`` roles narrow a broader one (a specialized police unit; sexual-assault and
forensic care): shown only when one is within the radius, never as a gap of their own, since
most places have none and the broader role already says who to call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import LazyString, lazy_gettext

# The card's radius, here with the roles so that coverage gaps (which import the roles) need
# not import the card's services, which import the public blueprint (a cycle).
RESPONSE_RADIUS_KM = 250


@dataclass(frozen=True)
class Role:
    slug: str
    label: LazyString
    filters: Mapping[str, frozenset[str]]  # search facet → slugs, as ``SearchQuery.filters``
    where_listed: bool = False

    def search_args(self) -> dict[str, list[str]]:
        """The role's filters as ``/search`` URL parameters."""
        return {facet: sorted(values) for facet, values in self.filters.items()}


def _sector(slug: str) -> Mapping[str, frozenset[str]]:
    return {"sector": frozenset({slug})}


ROLES: tuple[Role, ...] = (
    Role("police", lazy_gettext("Police"), _sector("policing")),
    Role(
        "police-specialized-unit",
        lazy_gettext("Specialized police unit (online child sexual exploitation)"),
        {
            "sector": frozenset({"policing"}),
            "service": frozenset({"online-exploitation-reporting"}),
        },
        where_listed=True,
    ),
    Role("child-protection", lazy_gettext("Child protection"), _sector("child-protection")),
    Role("health-care", lazy_gettext("Health care"), _sector("health-care")),
    Role(
        "sexual-assault-care",
        lazy_gettext("Sexual-assault and forensic care"),
        {"service": frozenset({"sexual-assault-forensic-care"})},
        where_listed=True,
    ),
    Role("victim-services", lazy_gettext("Victim services"), _sector("victim-services")),
    Role("mental-health", lazy_gettext("Mental health"), _sector("mental-health")),
    Role("survivor-led", lazy_gettext("Survivor-led"), _sector("survivor-led")),
    Role("indigenous-led", lazy_gettext("Indigenous-led"), _sector("indigenous")),
    Role("legal", lazy_gettext("Legal"), _sector("legal-justice")),
    Role("education", lazy_gettext("Education"), _sector("education")),
    Role("online-safety", lazy_gettext("Online safety"), _sector("technology-online-safety")),
)
