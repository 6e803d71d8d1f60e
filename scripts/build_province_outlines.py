"""Build directory/static/geo/provinces.json: simplified province and territory outlines.

    .venv/bin/pip install coord2loc-can==0.0.1 msgpack   # build-time only, not app deps
    .venv/bin/python scripts/build_province_outlines.py

Source (credited on /about, see directory/geo/sources.py MAP_SOURCES): the PyPI package
coord2loc-can ships Canada's first-level boundaries from geoBoundaries (CC BY 4.0) as WKB
polygons. The map draws them behind the markers when no tile server is configured, so they
only need to be recognisable at country scale: islands smaller than MIN_RING_AREA are dropped,
each ring is simplified (Douglas-Peucker, TOLERANCE degrees) and coordinates are rounded to
DECIMALS places. Pure Python apart from msgpack; the output is deterministic.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from importlib import resources
from pathlib import Path

import msgpack

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.geo.names import province_code

OUTPUT = Path(__file__).resolve().parent.parent / "directory/static/geo/provinces.json"
MIN_RING_AREA = 0.15  # square degrees; keeps Prince Edward Island and the large Arctic islands
TOLERANCE = 0.04  # degrees, about 4 km north-south
DECIMALS = 2

Ring = list[tuple[float, float]]


def read_source() -> list[tuple[str, list[list[Ring]]]]:
    """(province code, polygons as [outer ring, holes...]) for each province and territory."""
    data = resources.files("coord2loc_can.data")
    meta = msgpack.unpackb(zlib.decompress(data.joinpath("meta.msgpack").read_bytes()))
    shapes = msgpack.unpackb(zlib.decompress(data.joinpath("polygons.msgpack").read_bytes()))
    provinces = []
    for info, wkb in zip(meta, shapes, strict=True):
        code = province_code(info["administrative_region"])
        if code is None:
            raise SystemExit(f"unknown region {info['administrative_region']!r}")
        provinces.append((code, parse_wkb(wkb.strip())))
    return sorted(provinces)


def parse_wkb(blob: bytes) -> list[list[Ring]]:
    """A WKB Polygon or MultiPolygon as a list of polygons (2D only)."""
    polygons, _ = _geometry(blob, 0)
    return polygons


def _geometry(blob: bytes, offset: int) -> tuple[list[list[Ring]], int]:
    order = "<" if blob[offset] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", blob, offset + 1)
    offset += 5
    if kind == 3:
        polygon, offset = _polygon(blob, offset, order)
        return [polygon], offset
    if kind == 6:
        (count,) = struct.unpack_from(order + "I", blob, offset)
        offset += 4
        polygons = []
        for _ in range(count):
            parts, offset = _geometry(blob, offset)
            polygons.extend(parts)
        return polygons, offset
    raise ValueError(f"unsupported WKB geometry type {kind}")


def _polygon(blob: bytes, offset: int, order: str) -> tuple[list[Ring], int]:
    (ring_count,) = struct.unpack_from(order + "I", blob, offset)
    offset += 4
    rings = []
    for _ in range(ring_count):
        (points,) = struct.unpack_from(order + "I", blob, offset)
        offset += 4
        values = struct.unpack_from(order + "d" * (2 * points), blob, offset)
        offset += 16 * points
        rings.append(list(zip(values[0::2], values[1::2], strict=True)))
    return rings, offset


def ring_area(ring: Ring) -> float:
    """Shoelace area in square degrees (enough to rank islands by size)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring, iteratively (rings have up to 100,000 points)."""
    if len(ring) < 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = ring[first], ring[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        farthest, worst = first, -1.0
        for index in range(first + 1, last):
            px, py = ring[index]
            if length:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            else:
                distance = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if distance > worst:
                farthest, worst = index, distance
        if worst > tolerance:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def compact(ring: Ring) -> list[list[float]] | None:
    """Simplified, rounded, without repeated points; None when too little is left."""
    rounded: list[list[float]] = []
    for x, y in simplify(ring, TOLERANCE):
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded if len(rounded) >= 4 else None


def feature(code: str, polygons: list[list[Ring]]) -> dict:
    kept = []
    for rings in polygons:
        if ring_area(rings[0]) < MIN_RING_AREA:
            continue
        outer = compact(rings[0])
        if outer is None:
            continue
        holes = [
            hole
            for ring in rings[1:]
            if ring_area(ring) >= MIN_RING_AREA and (hole := compact(ring)) is not None
        ]
        kept.append([outer, *holes])
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": "MultiPolygon", "coordinates": kept},
    }


def main() -> None:
    collection = {
        "type": "FeatureCollection",
        "source": "geoBoundaries (CC BY 4.0) via the coord2loc-can package; simplified",
        "features": [feature(code, polygons) for code, polygons in read_source()],
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {OUTPUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
