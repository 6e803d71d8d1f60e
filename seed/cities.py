"""Real Canadian communities: where demo and synthetic listings are placed.

Coordinates are the community centre to about 0.01°; where a large city's "centre" is a
matter of choice, it is the point the offline gazetteer (``directory/geo``) uses, so that a
"near" search and the listings share it. Populations are rounded 2021 Census figures
(municipality or community), used only to weight where synthetic listings cluster.

``fsa`` is a real forward sortation area of the community (the first half of its postal
codes) and ``area_code`` a real telephone area code there, so fictional addresses and
555-01xx numbers still look local. ``indigenous_languages`` lists ISO 639 codes from the
taxonomy that are widely spoken in and around the community.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    name: str
    province: str
    latitude: float
    longitude: float
    population: int
    area_code: str
    fsa: str
    indigenous_languages: tuple[str, ...] = ()


CITIES: tuple[City, ...] = (
    # British Columbia
    City("Vancouver", "BC", 49.2497, -123.1193, 662_000, "604", "V6B"),
    City("Surrey", "BC", 49.1064, -122.8251, 568_000, "604", "V3T"),
    City("Victoria", "BC", 48.4284, -123.3656, 92_000, "250", "V8W"),
    City("Kelowna", "BC", 49.8880, -119.4960, 145_000, "250", "V1Y"),
    City("Kamloops", "BC", 50.6745, -120.3273, 98_000, "250", "V2C"),
    City("Nanaimo", "BC", 49.1659, -123.9401, 100_000, "250", "V9R"),
    City("Prince George", "BC", 53.9171, -122.7497, 77_000, "250", "V2L"),
    City("Prince Rupert", "BC", 54.3150, -130.3208, 12_000, "250", "V8J"),
    City("Terrace", "BC", 54.5164, -128.6030, 12_000, "250", "V8G"),
    City("Williams Lake", "BC", 52.1417, -122.1417, 11_000, "250", "V2G"),
    City("Fort St. John", "BC", 56.2524, -120.8466, 21_000, "250", "V1J", ("cr",)),
    # Alberta
    City("Calgary", "AB", 51.0447, -114.0719, 1_307_000, "403", "T2P", ("cr",)),
    City("Edmonton", "AB", 53.5461, -113.4938, 1_011_000, "780", "T5J", ("cr",)),
    City("Red Deer", "AB", 52.2690, -113.8116, 101_000, "403", "T4N"),
    City("Lethbridge", "AB", 49.6956, -112.8451, 98_000, "403", "T1J"),
    City("Medicine Hat", "AB", 50.0405, -110.6766, 63_000, "403", "T1A"),
    City("Grande Prairie", "AB", 55.1707, -118.7947, 64_000, "780", "T8V", ("cr",)),
    City("Fort McMurray", "AB", 56.7267, -111.3810, 68_000, "780", "T9H", ("cr", "chp")),
    # Saskatchewan
    City("Saskatoon", "SK", 52.1332, -106.6700, 266_000, "306", "S7K", ("cr",)),
    City("Regina", "SK", 50.4452, -104.6189, 226_000, "306", "S4P", ("cr",)),
    City("Prince Albert", "SK", 53.2033, -105.7531, 38_000, "306", "S6V", ("cr",)),
    City("Moose Jaw", "SK", 50.3934, -105.5519, 34_000, "306", "S6H"),
    City("North Battleford", "SK", 52.7797, -108.2967, 14_000, "306", "S9A", ("cr",)),
    City("La Ronge", "SK", 55.1030, -105.2900, 2_700, "306", "S0J", ("cr", "chp")),
    # Manitoba
    City("Winnipeg", "MB", 49.8951, -97.1384, 750_000, "204", "R3C", ("oj", "cr")),
    City("Brandon", "MB", 49.8485, -99.9501, 51_000, "204", "R7A", ("oj",)),
    City("Thompson", "MB", 55.7435, -97.8558, 13_000, "204", "R8N", ("cr",)),
    City("The Pas", "MB", 53.8253, -101.2414, 5_500, "204", "R9A", ("cr",)),
    City("Flin Flon", "MB", 54.7682, -101.8650, 4_900, "204", "R8A", ("cr",)),
    City("Churchill", "MB", 58.7684, -94.1650, 900, "204", "R0B", ("cr", "chp")),
    # Ontario
    City("Toronto", "ON", 43.7064, -79.3986, 2_794_000, "416", "M5H", ("oj",)),
    City("Ottawa", "ON", 45.4215, -75.6972, 1_017_000, "613", "K1P", ("iu",)),
    City("Mississauga", "ON", 43.5890, -79.6441, 718_000, "905", "L5B"),
    City("Brampton", "ON", 43.6834, -79.7663, 656_000, "905", "L6T"),
    City("Hamilton", "ON", 43.2557, -79.8711, 569_000, "905", "L8P"),
    City("London", "ON", 42.9849, -81.2453, 422_000, "519", "N6A", ("oj",)),
    City("Windsor", "ON", 42.3001, -83.0165, 230_000, "519", "N9A"),
    City("Kingston", "ON", 44.2312, -76.4860, 132_000, "613", "K7L"),
    City("Greater Sudbury", "ON", 46.4917, -80.9930, 166_000, "705", "P3E", ("oj",)),
    City("Sault Ste. Marie", "ON", 46.5219, -84.3461, 72_000, "705", "P6A", ("oj",)),
    City("North Bay", "ON", 46.3091, -79.4608, 53_000, "705", "P1B", ("oj",)),
    City("Timmins", "ON", 48.4758, -81.3305, 41_000, "705", "P4N", ("cr",)),
    City("Thunder Bay", "ON", 48.3809, -89.2477, 109_000, "807", "P7B", ("oj", "ojs")),
    City("Kenora", "ON", 49.7670, -94.4894, 15_000, "807", "P9N", ("oj",)),
    City("Fort Frances", "ON", 48.6092, -93.3986, 7_500, "807", "P9A", ("oj",)),
    City("Sioux Lookout", "ON", 50.0973, -91.9215, 5_800, "807", "P8T", ("ojs", "oj")),
    City("Moose Factory", "ON", 51.2625, -80.6083, 2_500, "705", "P0L", ("cr",)),
    City("Attawapiskat", "ON", 52.9258, -82.4289, 1_500, "705", "P0L", ("cr",)),
    # Quebec
    City("Montréal", "QC", 45.5019, -73.5674, 1_763_000, "514", "H2Y", ("iu",)),
    City("Laval", "QC", 45.5700, -73.6920, 438_000, "450", "H7N"),
    City("Québec", "QC", 46.8139, -71.2080, 549_000, "418", "G1R"),
    City("Gatineau", "QC", 45.4765, -75.7013, 291_000, "819", "J8X"),
    City("Sherbrooke", "QC", 45.4042, -71.8929, 173_000, "819", "J1H"),
    City("Saguenay", "QC", 48.4280, -71.0686, 145_000, "418", "G7H"),
    City("Trois-Rivières", "QC", 46.3432, -72.5421, 139_000, "819", "G9A"),
    City("Rimouski", "QC", 48.4490, -68.5230, 49_000, "418", "G5L"),
    City("Rouyn-Noranda", "QC", 48.2366, -79.0231, 42_000, "819", "J9X"),
    City("Val-d'Or", "QC", 48.0975, -77.7828, 33_000, "819", "J9P", ("cr",)),
    City("Sept-Îles", "QC", 50.2169, -66.3810, 25_000, "418", "G4R"),
    City("Kuujjuaq", "QC", 58.1070, -68.3990, 2_700, "819", "J0M", ("iu",)),
    # New Brunswick
    City("Moncton", "NB", 46.0878, -64.7782, 79_000, "506", "E1C", ("mic",)),
    City("Saint John", "NB", 45.2733, -66.0633, 70_000, "506", "E2L"),
    City("Fredericton", "NB", 45.9454, -66.6656, 63_000, "506", "E3B", ("mic",)),
    City("Bathurst", "NB", 47.6186, -65.6510, 12_000, "506", "E2A", ("mic",)),
    City("Miramichi", "NB", 47.0289, -65.5019, 18_000, "506", "E1N", ("mic",)),
    City("Edmundston", "NB", 47.3737, -68.3251, 16_000, "506", "E3V"),
    # Nova Scotia
    City("Halifax", "NS", 44.6488, -63.5752, 440_000, "902", "B3J", ("mic",)),
    City("Sydney", "NS", 46.1368, -60.1942, 30_000, "902", "B1P", ("mic",)),
    City("Truro", "NS", 45.3656, -63.2800, 13_000, "902", "B2N", ("mic",)),
    City("Yarmouth", "NS", 43.8375, -66.1174, 6_800, "902", "B5A"),
    # Prince Edward Island
    City("Charlottetown", "PE", 46.2382, -63.1311, 39_000, "902", "C1A", ("mic",)),
    City("Summerside", "PE", 46.3959, -63.7876, 16_000, "902", "C1N"),
    # Newfoundland and Labrador
    City("St. John's", "NL", 47.5615, -52.7126, 111_000, "709", "A1C"),
    City("Corner Brook", "NL", 48.9490, -57.9503, 19_000, "709", "A2H", ("mic",)),
    City("Gander", "NL", 48.9569, -54.6089, 12_000, "709", "A1V"),
    City("Happy Valley-Goose Bay", "NL", 53.3017, -60.3261, 8_000, "709", "A0P", ("iu",)),
    City("Labrador City", "NL", 52.9463, -66.9114, 7_400, "709", "A2V"),
    City("Nain", "NL", 56.5422, -61.6928, 850, "709", "A0P", ("iu",)),
    # Yukon
    City("Whitehorse", "YT", 60.7212, -135.0568, 28_000, "867", "Y1A"),
    City("Dawson City", "YT", 64.0601, -139.4320, 1_600, "867", "Y0B"),
    City("Watson Lake", "YT", 60.0628, -128.7089, 1_100, "867", "Y0A"),
    # Northwest Territories
    City("Yellowknife", "NT", 62.4540, -114.3718, 20_000, "867", "X1A", ("chp",)),
    City("Inuvik", "NT", 68.3607, -133.7230, 3_100, "867", "X0E"),
    City("Hay River", "NT", 60.8156, -115.7999, 3_200, "867", "X0E", ("chp",)),
    City("Behchokǫ̀", "NT", 62.8025, -116.0464, 1_900, "867", "X0E"),
    # Nunavut
    City("Iqaluit", "NU", 63.7467, -68.5170, 7_400, "867", "X0A", ("iu",)),
    City("Rankin Inlet", "NU", 62.8090, -92.0853, 3_000, "867", "X0C", ("iu",)),
    City("Arviat", "NU", 61.1078, -94.0583, 2_900, "867", "X0C", ("iu",)),
    City("Baker Lake", "NU", 64.3176, -96.0220, 2_100, "867", "X0C", ("iu",)),
    City("Cambridge Bay", "NU", 69.1170, -105.0597, 1_800, "867", "X0B", ("iu",)),
    City("Pond Inlet", "NU", 72.6993, -77.9585, 1_600, "867", "X0A", ("iu",)),
)


def cities_in(province: str) -> list[City]:
    return [city for city in CITIES if city.province == province]
