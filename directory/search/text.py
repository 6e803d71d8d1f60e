"""Text folding and the tokens the search index is built from.

Both backends index the same folded text ("Santé" → "sante", punctuation → spaces), so SQLite
FTS5 and PostgreSQL ``tsvector`` see the same words and give the same matches. Filters and
places are indexed as made-up tokens that no prose contains (``zs…`` for a sector, ``zg…`` for
a map cell), so one full-text query intersects keyword, facets and place at once.
"""

from __future__ import annotations

import math
import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
MAX_QUERY_TOKENS = 12
# Map cells in degrees, finest first; a place query uses the finest that needs few cells.
CELL_SIZES = (0.5, 2.0, 8.0)
MAX_CELLS_PER_QUERY = 24


def fold(text: str | None) -> str:
    """Lower case, accents removed, anything but letters and digits turned into spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(" ", stripped).strip()


def query_words(q: str) -> list[str]:
    """The visitor's keywords, folded; at most ``MAX_QUERY_TOKENS``."""
    return fold(q).split()[:MAX_QUERY_TOKENS]


def facet_token(facet: str, value: str) -> str:
    """``("sector", "health-care")`` → ``"zsectorhealthcare"`` (alphanumeric: both FTS parsers
    keep it whole)."""
    return "z" + facet + _NOT_ALNUM.sub("", value.lower())


def cell_token(level: int, lat: float, lng: float) -> str:
    size = CELL_SIZES[level]
    row = math.floor((lat + 90.0) / size)
    col = math.floor((lng + 180.0) / size)
    return f"zg{level}r{row}c{col}"


def point_cell_tokens(lat: float, lng: float) -> list[str]:
    return [cell_token(level, lat, lng) for level in range(len(CELL_SIZES))]


def box_cell_tokens(box: tuple[float, float, float, float]) -> list[str]:
    """Cell tokens covering a (min_lat, max_lat, min_lng, max_lng) box at the finest level that
    keeps the list short."""
    min_lat, max_lat, min_lng, max_lng = box
    for level, size in enumerate(CELL_SIZES):
        rows = range(math.floor((min_lat + 90) / size), math.floor((max_lat + 90) / size) + 1)
        cols = range(math.floor((min_lng + 180) / size), math.floor((max_lng + 180) / size) + 1)
        if len(rows) * len(cols) <= MAX_CELLS_PER_QUERY or level == len(CELL_SIZES) - 1:
            return [f"zg{level}r{r}c{c}" for r in rows for c in cols]
    raise AssertionError("unreachable")


AREA_LEVEL = 1  # radius and region service areas are indexed on the 2° grid


def area_cell_token(lat: float, lng: float) -> str:
    return "za" + cell_token(AREA_LEVEL, lat, lng)[2:]


def area_box_tokens(box: tuple[float, float, float, float]) -> list[str]:
    size = CELL_SIZES[AREA_LEVEL]
    min_lat, max_lat, min_lng, max_lng = box
    rows = range(math.floor((min_lat + 90) / size), math.floor((max_lat + 90) / size) + 1)
    cols = range(math.floor((min_lng + 180) / size), math.floor((max_lng + 180) / size) + 1)
    return [f"za{AREA_LEVEL}r{r}c{c}" for r in rows for c in cols]
