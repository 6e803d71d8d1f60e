"""A place typed among the keywords ("police Thunder Bay") becomes an offer to search near it.

Only the shipped gazetteer is asked (``Gazetteer.exact_place``: a place's own name, perhaps
with its province, a postal code or FSA, a province's full name), never the network geocoder,
and never a close spelling: the offer must be right whenever it shows. The place is looked
for at the start and at the end of the keywords, longest first, so "Sioux Lookout" wins over
"Lookout", and "police" stays the keyword.

Silly offers are avoided by asking more of a name of one word, which is where town names
and everyday words meet ("Hope", "Mission", "Central", "Paradise"): it must be a populated
place (not a city district such as "Downtown" or "University") of at least
``MIN_ONE_WORD_POPULATION`` people, and not one of ``EVERYDAY_WORDS``. Names of two words or
more ("Thunder Bay", "Red Lake"), postal codes and province names need no such care.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.geo import Place, PlaceKind, get_gazetteer
from directory.geo.names import normalize_name

MAX_PLACE_WORDS = 5  # "Saint-Jean-sur-Richelieu, Quebec" is one or four; nothing real is six
MIN_ONE_WORD_POPULATION = 1_000
# One-word place names of the gazetteer that are also words people search with.
EVERYDAY_WORDS = frozenset(
    {
        "auditorium", "bath", "booth", "boundary", "canoe", "carp", "central", "chase",
        "citadel", "concord", "confederation", "conservation", "delta", "dominion",
        "downtown", "exhibition", "forest", "fortune", "golden", "heritage", "highlands",
        "hope", "intercity", "jubilee", "landmark", "legacy", "lively", "mission", "olds",
        "outlook", "paradise", "parkway", "promontory", "rivers", "rustic", "skatepark",
        "sunset", "temple", "terrace", "trail", "unity", "university", "uptown", "varsity",
        "wells",
    }
)  # fmt: skip


# Left out of the keywords when they lead to the place: "shelter near Kenora".
LINKING_WORDS = frozenset({"in", "near", "around", "at", "à", "a", "au", "près", "pres", "de"})


@dataclass(frozen=True)
class PlaceInQuery:
    """``near``: the words naming the place, as typed; ``q``: the other keywords."""

    place: Place
    near: str
    q: str


def place_in_query(q: str) -> PlaceInQuery | None:
    """The place at the start or end of the keywords, with the rest, or None."""
    words = q.split()
    for size in range(min(len(words), MAX_PLACE_WORDS), 0, -1):
        for start in dict.fromkeys((len(words) - size, 0)):  # the end first, then the start
            near = " ".join(words[start : start + size])
            place = _place_named(near)
            if place is not None:
                before, after = words[:start], words[start + size :]
                while before and before[-1].casefold() in LINKING_WORDS:  # "help in Kenora"
                    before = before[:-1]
                rest = " ".join(before + after).strip(" ,")
                return PlaceInQuery(place, near.strip(" ,"), rest)
    return None


def _place_named(text: str) -> Place | None:
    place = get_gazetteer().exact_place(text)
    if place is None or place.kind in (PlaceKind.FSA, PlaceKind.PROVINCE):
        return place
    if len(normalize_name(place.name).split()) > 1:
        return place
    if place.kind is not PlaceKind.PLACE or place.population < MIN_ONE_WORD_POPULATION:
        return None
    return None if normalize_name(place.name) in EVERYDAY_WORDS else place
