"""Fictional contact details, and who lives where: shared by the demo and synthetic data."""

from __future__ import annotations

import random

from seed.cities import City

POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"  # the letters Canada Post uses in postal codes
INUIT_PROVINCES = {"NU"}
INUIT_COMMUNITIES = {"Kuujjuaq", "Nain", "Happy Valley-Goose Bay"}
METIS_PROVINCES = {"MB", "SK", "AB", "NT"}
INDIGENOUS_PEOPLES = {"inuit": "Inuit", "first-nations": "First Nations", "metis": "Métis"}


def fictional_phone(city: City, rng: random.Random) -> str:
    """A number in the 555-0100..0199 range reserved for fiction, with a local area code."""
    return f"+1 {city.area_code}-555-01{rng.randrange(100):02d}"


def fictional_postal_code(city: City, rng: random.Random) -> str:
    return f"{city.fsa} {rng.randrange(10)}{rng.choice(POSTAL_LETTERS)}{rng.randrange(10)}"


def short_handle(slug: str, limit: int = 40) -> str:
    """The slug cut at a word boundary: for fictional email addresses and host names."""
    return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0]


def indigenous_populations(city: City) -> list[str]:
    if city.province in INUIT_PROVINCES or city.name in INUIT_COMMUNITIES:
        return ["inuit"]
    return ["first-nations", "metis"] if city.province in METIS_PROVINCES else ["first-nations"]


def indigenous_peoples(city: City) -> str:
    """The Indigenous peoples of a place, as descriptions name them: "First Nations and Métis"."""
    return " and ".join(INDIGENOUS_PEOPLES[slug] for slug in indigenous_populations(city))
