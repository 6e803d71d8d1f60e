"""The offline gazetteer, its geopy geocoders and the distance helpers. No test uses the network."""

from __future__ import annotations

import math
import random
import time

import pytest
from flask import Flask
from geopy.distance import geodesic
from geopy.location import Location

from directory.geo import (
    GAZETTEER_SOURCES,
    NominatimWithFallback,
    OfflineGeocoder,
    PlaceKind,
    bounding_box,
    distance_km,
    get_gazetteer,
    get_geocoder,
    locate,
)
from directory.geo.cache import DatabaseGeocodeCache
from directory.geo.names import PROVINCE_CODES

THUNDER_BAY = (48.38, -89.25)
IQALUIT = (63.75, -68.52)
MOOSE_FACTORY = (51.27, -80.62)
MONTREAL = (45.51, -73.59)
SCARBOROUGH = (43.77, -79.23)
NORTH_YORK = (43.76, -79.41)
M1B = (43.80, -79.23)


@pytest.fixture(scope="module")
def gazetteer():
    return get_gazetteer()


@pytest.mark.parametrize(
    ("query", "province", "where", "within_km"),
    [
        ("Thunder Bay", "ON", THUNDER_BAY, 5),
        ("Thunder Bay, ON", "ON", THUNDER_BAY, 5),
        ("thunder bay ontario", "ON", THUNDER_BAY, 5),
        ("Iqaluit", "NU", IQALUIT, 5),
        ("Moose Factory", "ON", MOOSE_FACTORY, 5),
        ("Montréal", "QC", MONTREAL, 5),
        ("Montreal", "QC", MONTREAL, 5),
        ("M1B", "ON", M1B, 5),
        ("M1B 2K3", "ON", M1B, 5),
        ("m1b2k3", "ON", M1B, 5),
        # Districts sit at the mean of their FSAs' centroids: a few km from a map's label.
        ("Scarborough", "ON", SCARBOROUGH, 8),
        ("North York", "ON", NORTH_YORK, 8),
    ],
)
def test_example_queries_resolve_near_the_true_place(gazetteer, query, province, where, within_km):
    place = gazetteer.lookup(query).place
    assert place is not None
    assert place.province == province
    assert distance_km(*place.point, *where) < within_km


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("St. John's", "St. John's"),
        ("Saint John", "Saint John"),
        ("St-Jean-sur-Richelieu", "Saint-Jean-sur-Richelieu"),
        ("Trois-Rivieres", "Trois-Rivières"),
        ("Frobisher Bay", "Iqaluit"),  # a former name, from GeoNames' alternate names
        ("Toronto, Ontario, Canada", "Toronto"),
        ("Yellowknife, NWT", "Yellowknife"),
    ],
)
def test_spelling_variants_find_the_place(gazetteer, query, name):
    assert gazetteer.lookup(query).place.name == name


def test_ambiguous_name_picks_the_most_populous_and_offers_the_others(gazetteer):
    kingston = gazetteer.lookup("Kingston")
    assert kingston.place.display_name == "Kingston, ON"
    assert "Kingston, NS" in [alternative.display_name for alternative in kingston.alternatives]

    richmond = gazetteer.lookup("Richmond")
    assert richmond.place.display_name == "Richmond, BC"
    assert len(richmond.alternatives) >= 2
    assert {alternative.province for alternative in richmond.alternatives} >= {"ON", "QC"}


@pytest.mark.parametrize("query", ["Kingston, NS", "Kingston NS", "Kingston, Nova Scotia"])
def test_a_province_picks_that_one(gazetteer, query):
    found = gazetteer.lookup(query)
    assert found.place.display_name == "Kingston, NS"
    assert found.alternatives == ()


def test_a_province_without_that_name_offers_the_others(gazetteer):
    found = gazetteer.lookup("Ottawa, QC")
    assert found.place is None
    assert [place.display_name for place in found.alternatives] == ["Ottawa, ON"]


@pytest.mark.parametrize(
    ("query", "code"), [("Nunavut", "NU"), ("Ontario, Canada", "ON"), ("P.E.I.", "PE")]
)
def test_a_province_name_alone_gives_the_province(gazetteer, query, code):
    province = gazetteer.lookup(query).place
    assert (province.kind, province.province) == (PlaceKind.PROVINCE, code)


def test_a_city_named_like_its_province_offers_both(gazetteer):
    quebec = gazetteer.lookup("Quebec")  # the city first, the province offered
    assert quebec.place.display_name == "Québec, QC"
    assert quebec.alternatives[-1].kind is PlaceKind.PROVINCE


def test_unknown_place_gives_none_and_close_spellings(gazetteer):
    assert gazetteer.lookup("Atlantis").place is None
    found = gazetteer.lookup("Thunderbay")
    assert found.place is None
    assert "Thunder Bay, ON" in [place.display_name for place in found.alternatives]


@pytest.mark.parametrize("query", ["", "   ", "%%%", ",,,", "Z9Z", "D1A 1A1", "x" * 10_000, "\x00"])
def test_odd_input_is_not_found_rather_than_an_error(gazetteer, query):
    assert gazetteer.lookup(query).place is None


def test_data_file_covers_canada(gazetteer):
    assert len([p for p in gazetteer.places if p.kind is PlaceKind.PLACE]) >= 3000
    assert len(gazetteer.fsas) >= 1600
    assert {place.province for place in gazetteer.places} == set(PROVINCE_CODES)
    assert {fsa.province for fsa in gazetteer.fsas} == set(PROVINCE_CODES)
    assert {province.province for province in gazetteer.provinces} == set(PROVINCE_CODES)


def test_sources_are_credited():
    assert {source["name"] for source in GAZETTEER_SOURCES} == {"GeoNames", "pypostalcode"}
    assert all(source["licence"] and source["url"] for source in GAZETTEER_SOURCES)


def _random_point_in_canada(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(41.7, 83.1), rng.uniform(-141.0, -52.6)


def test_distance_agrees_with_geodesic_within_half_a_percent():
    rng = random.Random(20240601)
    pairs = [(_random_point_in_canada(rng), _random_point_in_canada(rng)) for _ in range(200)]
    pairs += [
        ((49.2827, -123.1207), (47.5615, -52.7126)),  # Vancouver – St. John's
        ((42.3149, -83.0364), (82.5018, -62.3481)),  # Windsor – Alert
        (THUNDER_BAY, (48.39, -89.25)),  # about a kilometre
    ]
    for a, b in pairs:
        expected = geodesic(a, b).km
        assert distance_km(*a, *b) == pytest.approx(expected, rel=0.005)
    assert distance_km(*THUNDER_BAY, *THUNDER_BAY) == 0


def _destination(lat: float, lng: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` away along ``bearing`` (degrees) on the sphere distance_km uses."""
    angular, theta = km / 6371.0088, math.radians(bearing)
    phi1, lambda1 = math.radians(lat), math.radians(lng)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(angular) + math.cos(phi1) * math.sin(angular) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(angular) * math.cos(phi1),
        math.cos(angular) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lambda2) + 540) % 360 - 180


@pytest.mark.parametrize("lat", [0.0, 43.7, 63.75, 82.5, 89.9])
@pytest.mark.parametrize("radius_km", [1, 50, 500])
def test_bounding_box_holds_every_point_within_the_radius(lat, radius_km):
    rng = random.Random(lat * 1000 + radius_km)
    lng = -75.0
    min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, radius_km)
    assert -90 <= min_lat <= max_lat <= 90 and -180 <= min_lng <= max_lng <= 180
    edge = [_destination(lat, lng, bearing, radius_km) for bearing in range(0, 360, 3)]
    inside = [
        _destination(lat, lng, rng.uniform(0, 360), radius_km * math.sqrt(rng.random()))
        for _ in range(300)
    ]
    for point in edge + inside:
        assert distance_km(lat, lng, *point) <= radius_km * 1.000001
        assert min_lat <= point[0] <= max_lat and min_lng <= point[1] <= max_lng


def test_bounding_box_spans_all_longitudes_over_the_pole():
    assert bounding_box(82.5, -62.35, 1000)[2:] == (-180.0, 180.0)
    assert bounding_box(82.5, -62.35, 1000)[1] == 90.0


def test_offline_geocoder_speaks_geopy():
    geocoder = OfflineGeocoder()
    location = geocoder.geocode("Thunder Bay, ON")
    assert isinstance(location, Location)
    assert location.address == "Thunder Bay, ON"
    assert location.raw["province"] == "ON"
    assert location.raw["kind"] == "place"
    assert geocoder.geocode("Atlantis") is None
    several = geocoder.geocode("Richmond", exactly_one=False)
    assert [location.raw["province"] for location in several][0] == "BC"
    assert len(several) >= 3


def test_offline_geocoder_is_the_default(app):
    with app.app_context():
        assert isinstance(get_geocoder(app), OfflineGeocoder)
        assert locate("Iqaluit").place.province == "NU"


def test_nominatim_is_chosen_by_config():
    app = Flask(__name__)
    app.config.update(
        GEOCODER="nominatim",
        NOMINATIM_USER_AGENT="partner-directory-tests",
        NOMINATIM_DOMAIN="http://127.0.0.1:9",
    )
    geocoder = get_geocoder(app)
    assert isinstance(geocoder, NominatimWithFallback)
    assert (geocoder.nominatim.scheme, geocoder.nominatim.domain) == ("http", "127.0.0.1:9")
    assert get_geocoder(app) is geocoder  # one per app: the rate limit lives in it
    app = Flask(__name__)
    app.config["GEOCODER"] = "google"
    with pytest.raises(ValueError, match="GEOCODER"):
        get_geocoder(app)


class InMemoryGeocodeCache:
    """A ``GeocodeCache`` of the test's own (the app keeps answers in the database)."""

    def __init__(self) -> None:
        self._entries: dict[str, list] = {}

    def get(self, key: str) -> list | None:
        return self._entries.get(key)

    def put(self, key: str, places: list) -> None:
        self._entries[key] = list(places)


def _refused_nominatim(cache) -> NominatimWithFallback:
    """Port 9 (discard) on the loopback refuses at once: a real network error, no network."""
    return NominatimWithFallback(
        user_agent="partner-directory-tests", domain="127.0.0.1:9", scheme="http", cache=cache
    )


def test_nominatim_falls_back_to_the_gazetteer_when_refused():
    cache = InMemoryGeocodeCache()
    geocoder = _refused_nominatim(cache)
    found = geocoder.lookup("Moose Factory")
    assert found.place.display_name == "Moose Factory, ON"
    assert cache.get("moose factory") is None  # the fallback's answer is not cached
    started = time.monotonic()
    assert geocoder.lookup("Kingston").place.display_name == "Kingston, ON"
    assert time.monotonic() - started < 0.5  # paused after the failure: no rate-limit wait


def test_nominatim_answers_from_its_cache_and_keeps_postal_codes_offline():
    cache = InMemoryGeocodeCache()
    cached = get_gazetteer().lookup("Iqaluit").place
    cache.put("frobisher bay", [cached])
    geocoder = _refused_nominatim(cache)
    assert geocoder.lookup("Frobisher  Bay").place == cached
    assert geocoder.geocode("M1B 2K3").raw["kind"] == "fsa"


def test_database_cache_round_trips(db):
    cache = DatabaseGeocodeCache()
    places = [get_gazetteer().lookup("Kingston").place, get_gazetteer().lookup("Ontario").place]
    assert cache.get("kingston") is None
    cache.put("kingston", places)
    cache.put("kingston", places)  # a second writer is not an error
    assert cache.get("kingston") == places


def test_a_broken_cache_only_costs_the_cache():
    """Outside an app context the database is unreachable: still an answer, never an error."""
    found = _refused_nominatim(DatabaseGeocodeCache()).lookup("Iqaluit")
    assert found.place.province == "NU"
