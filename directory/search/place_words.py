"""A place typed among the keywords ("police Thunder Bay") becomes an offer to search near it.

Only the shipped gazetteer is asked (``Gazetteer.exact_place``: a place's own name, perhaps
with its province, a postal code or FSA, a province's full name), never the network geocoder,
and never a close spelling: the offer must be right whenever it shows. The place is looked
for at the end and at the start of the keywords, longest first, so "Sioux Lookout" wins over
"Lookout", and "police" stays the keyword.

Silly offers are avoided where town names and everyday words meet, which is in names of
one word ("Hope", "Mission", "Central", "Paradise", "Evergreen"): those in
``EVERYDAY_WORDS`` (picked by hand from the gazetteer's one-word names) are never read as
places. There is no population threshold: small northern communities (Aklavik, Churchill,
Kuujjuarapik) are the places this directory must find. Names of two words or more
("Thunder Bay"), postal codes and provinces' full names need no such care; a province's
code alone ("counselling on") is never read as a place.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.geo import Place, get_gazetteer
from directory.geo.names import normalize_name

MAX_PLACE_WORDS = 5  # "Saint-Jean-sur-Richelieu, Quebec" is one or four; nothing real is six
# One-word place names of the gazetteer that are also words people search with (nature
# words among them: many organizations are named so).
EVERYDAY_WORDS = frozenset(
    {
        "annex", "auditorium", "badger", "bath", "booth", "boundary", "canning", "canoe",
        "carp", "cathedral", "cedar", "central", "chase", "citadel", "clair", "clearwater",
        "concord", "confederation", "conservation", "delta", "dildo", "dominion", "downtown",
        "evergreen", "exhibition", "forest", "fortune", "garnish", "golden", "harrow",
        "heritage", "highlands", "hope", "intercity", "jubilee", "kelvin", "landmark", "lawn",
        "leech", "legacy", "lively", "meadows", "midway", "mission", "olds", "outlook",
        "oxbow", "paradise", "parkway", "promontory", "rivers", "rustic", "skatepark",
        "spanish", "sunset", "tamarack", "temple", "terrace", "trail", "unity", "university",
        "uptown", "varsity", "viking", "wells", "zephyr",
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
    if normalize_name(text) in EVERYDAY_WORDS:
        return None
    return get_gazetteer().exact_place(text)
