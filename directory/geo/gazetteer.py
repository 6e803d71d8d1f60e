"""The offline gazetteer: Canadian places, city districts, postal FSAs and provinces.

The data file is built by ``scripts/build_gazetteer.py`` and ships with the application; it is
read once per process (``get_gazetteer()``) into dictionaries keyed by normalised name, so a
lookup is a few dictionary reads. Nothing here touches the network or the database.
"""

from __future__ import annotations

import difflib
import enum
import functools
import gzip
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from directory.geo.names import (
    PROVINCE_NAMES,
    normalize_name,
    postal_fsa,
    province_code,
    readings,
)
from directory.taxonomy import PROVINCES

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.gz"
COLUMNS = (
    "kind",
    "name",
    "province",
    "latitude",
    "longitude",
    "population",
    "label",
    "alternate_names",
)
MAX_QUERY_LENGTH = 200
_FULL_PROVINCE_NAMES = {normalize_name(name): code for code, *names in PROVINCES for name in names}
MAX_SUGGESTIONS = 5


class PlaceKind(enum.StrEnum):
    PLACE = "place"  # a GeoNames populated place
    DISTRICT = "district"  # a city district named by several FSAs (Scarborough, North York)
    FSA = "fsa"  # a forward sortation area: the first three characters of a postal code
    PROVINCE = "province"  # a province or territory, placed at its population centre


@dataclass(frozen=True)
class Place:
    name: str
    province: str | None
    latitude: float
    longitude: float
    kind: PlaceKind = PlaceKind.PLACE
    population: int = 0
    label: str = ""  # an FSA's area name, a district's FSAs

    @property
    def display_name(self) -> str:
        """``"Thunder Bay, ON"``; ``"M1B — Scarborough (Malvern / Rouge River), ON"``."""
        if self.kind is PlaceKind.PROVINCE:
            return self.name
        name = f"{self.name} — {self.label}" if self.kind is PlaceKind.FSA else self.name
        return f"{name}, {self.province}" if self.province else name

    @property
    def point(self) -> tuple[float, float]:
        return self.latitude, self.longitude


@dataclass(frozen=True)
class Lookup:
    """What a query resolved to. ``place`` is None when nothing matched; ``alternatives`` are
    the other places of that name ("Did you mean Kingston, NS?") or close spellings."""

    query: str
    place: Place | None
    alternatives: tuple[Place, ...] = field(default=())

    @property
    def found(self) -> bool:
        return self.place is not None


class Gazetteer:
    def __init__(self, rows: Iterable[Place], alternate_names: dict[Place, list[str]]) -> None:
        self._by_name: dict[str, list[Place]] = defaultdict(list)
        self._by_alternate_name: dict[str, list[Place]] = defaultdict(list)
        self._by_fsa: dict[str, Place] = {}
        for place in rows:
            if place.kind is PlaceKind.FSA:
                self._by_fsa[place.name] = place
                continue
            self._by_name[normalize_name(place.name)].append(place)
            for alternate in alternate_names.get(place, ()):
                self._by_alternate_name[normalize_name(alternate)].append(place)
        for index in (self._by_name, self._by_alternate_name):
            for places in index.values():
                places.sort(key=lambda p: (-p.population, p.province or ""))
        self._provinces = _population_centres(self.places)
        self._known_names = sorted(self._by_name)

    @property
    def places(self) -> list[Place]:
        """Places and districts (not FSAs)."""
        return [place for places in self._by_name.values() for place in places]

    @property
    def fsas(self) -> list[Place]:
        return list(self._by_fsa.values())

    @property
    def provinces(self) -> list[Place]:
        return list(self._provinces.values())

    def lookup(self, query: str) -> Lookup:
        """Resolve a place name, "Name, PROV", an FSA, a postal code or a province name."""
        text = query.strip()[:MAX_QUERY_LENGTH]
        fsa = postal_fsa(text)
        if fsa:
            return Lookup(query, self._by_fsa.get(fsa))
        candidates = readings(text)
        named_province = next(
            (province_code(name) for name, in_province in candidates if in_province is None), None
        )
        for name, province in candidates:
            found = self._by_name_and_province(query, name, province)
            if found.place or found.alternatives:
                return self._with_province_alternative(found, named_province)
        if named_province:
            return Lookup(query, self._provinces.get(named_province))
        for name, province in candidates:
            found = self._by_name_and_province(query, name, province, self._by_alternate_name)
            if found.place or found.alternatives:
                return found
        return Lookup(query, None, self._close_spellings(candidates))

    def exact_place(self, text: str) -> Place | None:
        """The place the text names exactly: a place's own name, perhaps followed by its
        province ("Thunder Bay, ON"), a postal code or FSA, or a province's full name. No
        alternate names, abbreviations or close spellings: this reads places out of a
        visitor's keywords (``directory.search.place_words``), where a guess is a nuisance."""
        fsa = postal_fsa(text)
        if fsa:
            return self._by_fsa.get(fsa)
        for name, province in readings(text):
            for place in self._by_name.get(name, ()):
                if province in (None, place.province):
                    return place
        return self._provinces.get(_FULL_PROVINCE_NAMES.get(normalize_name(text), ""))

    def _by_name_and_province(
        self,
        query: str,
        name: str,
        province: str | None,
        index: dict[str, list[Place]] | None = None,
    ) -> Lookup:
        """The most populous place of that name (in that province, if given); the others as
        alternatives. With a province that has no such place, the other provinces' places come
        back as alternatives only."""
        index = self._by_name if index is None else index
        matches = index.get(name, [])
        if province:
            in_province = [place for place in matches if place.province == province]
            if not in_province:
                return Lookup(query, None, tuple(matches))
            matches = in_province
        if not matches:
            return Lookup(query, None)
        return Lookup(query, matches[0], tuple(matches[1:]))

    def _with_province_alternative(self, found: Lookup, province: str | None) -> Lookup:
        """A name that is also a province's ("Quebec") offers the province as well."""
        if found.place is None or province is None:
            return found
        return Lookup(found.query, found.place, (*found.alternatives, self._provinces[province]))

    def _close_spellings(self, candidates: list[tuple[str, str | None]]) -> tuple[Place, ...]:
        """Places whose names are close to the query's ("Thunderbay" → Thunder Bay, ON)."""
        suggestions: list[Place] = []
        for name, province in candidates:
            for close in difflib.get_close_matches(name, self._known_names, MAX_SUGGESTIONS, 0.8):
                places = self._by_name[close]
                in_province = [p for p in places if p.province == province]
                suggestions.append((in_province or places)[0])
        return tuple(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS]


def _population_centres(places: list[Place]) -> dict[str, Place]:
    """Each province at the population-weighted mean of its places: a point for "near Nunavut"
    that lies where people live, not in the middle of the tundra."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for place in places:
        if place.kind is PlaceKind.PLACE and place.province and place.population:
            total = sums[place.province]
            total[0] += place.population
            total[1] += place.population * place.latitude
            total[2] += place.population * place.longitude
    return {
        code: Place(
            name=PROVINCE_NAMES[code],
            province=code,
            latitude=round(latitude / population, 5),
            longitude=round(longitude / population, 5),
            kind=PlaceKind.PROVINCE,
            population=int(population),
        )
        for code, (population, latitude, longitude) in sorted(sums.items())
    }


def read_gazetteer(path: Path = DATA_FILE) -> Gazetteer:
    rows: list[Place] = []
    alternate_names: dict[Place, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as data:
        header = next(data).rstrip("\n").split("\t")
        if tuple(header) != COLUMNS:
            raise ValueError(f"{path}: unexpected columns {header}")
        for line in data:
            fields = line.rstrip("\n").split("\t")
            kind, name, province, lat, lng, population, label, alternates = fields
            place = Place(
                name=name,
                province=province or None,
                latitude=float(lat),
                longitude=float(lng),
                kind=PlaceKind(kind),
                population=int(population),
                label=label,
            )
            rows.append(place)
            if alternates:
                alternate_names[place] = alternates.split("|")
    return Gazetteer(rows, alternate_names)


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The shipped gazetteer, read on first use and shared by the whole process (read-only)."""
    return read_gazetteer()
