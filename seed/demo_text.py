"""Building blocks of the demo listings: templates and word pools, no database access.

Every organization is fictional. Names combine an invented motif with a sector-specific
form ("Tamarack Regional Police — Child Exploitation Unit"), so none names a real agency,
while the cities are real. The wording follows the project's language rules: "child sexual
abuse material" (never the older term), "sexually exploited youth", "survivors"; children
cannot consent, so no text suggests they chose their exploitation.

The French says the same in the register of the site's French messages: « matériel d’abus
pédosexuel » (never « pornographie juvénile »), « traite », « leurre », « sextorsion »,
paired forms (« survivantes et survivants », « une ou un jeune ») or epicene ones
(« personnel infirmier »), and the typographic apostrophe.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import ReferralMethod

WEEKDAYS = "Monday–Friday, 9:00–17:00"
ALWAYS = "24 hours a day, 7 days a week"


# Closing sentences: how an organization works with people, each in English and in French.
# Sectors that serve young people directly draw from the first pool, partner sectors
# (research, media...) from the second.
DIRECT_SERVICE_PRACTICE = (
    (
        "Staff are trained in trauma-informed practice, and no young person is asked to retell "
        "their story more often than needed.",
        "Le personnel est formé à une pratique tenant compte des traumatismes, et on ne demande "
        "jamais à une ou un jeune de raconter son histoire plus souvent que nécessaire.",
    ),
    (
        "Children cannot consent to their own exploitation: no young person is ever treated as "
        "an offender for what was done to them.",
        "Les enfants ne peuvent pas consentir à leur propre exploitation : jamais une ou un "
        "jeune n’est traité comme une personne contrevenante pour ce qu’on lui a fait subir.",
    ),
    (
        "Referrals from nurses, teachers, police and child-protection workers are welcome, and "
        "so are calls from young people themselves.",
        "Les demandes d’orientation du personnel infirmier, enseignant et policier et des "
        "intervenantes et intervenants en protection de l’enfance sont les bienvenues, tout "
        "comme les appels faits directement par les jeunes.",
    ),
    (
        "Survivors helped design the program and sit on its advisory circle.",
        "Des survivantes et survivants ont contribué à concevoir le programme et siègent à son "
        "cercle consultatif.",
    ),
    (
        "The team works closely with local police, health and child-protection partners so "
        "that a young person is supported from the first disclosure onward.",
        "L’équipe travaille en étroite collaboration avec les partenaires locaux de la police, "
        "de la santé et de la protection de l’enfance, pour que chaque jeune reçoive du soutien "
        "dès le premier dévoilement.",
    ),
    (
        "Families and caregivers are offered support alongside the young person, when it is safe.",
        "Les familles et les proches aidants se voient offrir du soutien en même temps que la "
        "ou le jeune, lorsque la sécurité le permet.",
    ),
)
PARTNER_PRACTICE = (
    (
        "Survivors helped design the work and sit on its advisory circle.",
        "Des survivantes et survivants ont contribué à concevoir ce travail et siègent à son "
        "cercle consultatif.",
    ),
    (
        "An advisory circle of survivors and Indigenous community members guides its priorities.",
        "Un cercle consultatif formé de survivantes et survivants et de membres de communautés "
        "autochtones guide ses priorités.",
    ),
    (
        "What it learns is shared freely with frontline organizations across Canada.",
        "Ses apprentissages sont partagés librement avec les organismes de première ligne de "
        "partout au Canada.",
    ),
    (
        "It works closely with police, health, education and community partners.",
        "Le travail se fait en étroite collaboration avec les partenaires de la police, de la "
        "santé, de l’éducation et du milieu communautaire.",
    ),
    (
        "Children cannot consent to their own exploitation, and its work never suggests otherwise.",
        "Les enfants ne peuvent pas consentir à leur propre exploitation, et rien dans son "
        "travail ne laisse entendre le contraire.",
    ),
)


@dataclass(frozen=True)
class ServiceTemplate:
    """One service an organization of a sector typically offers."""

    name: str
    description: str
    types: tuple[str, ...]
    populations: tuple[str, ...]
    referral: ReferralMethod = ReferralMethod.BOTH
    eligibility: str | None = None
    fees: str | None = "Free"
    hours: str = WEEKDAYS
    open_24_7: bool = False
    online: bool = False


@dataclass(frozen=True)
class SectorProfile:
    """How organizations of one sector are named, described and what they offer.

    ``variants`` pairs a name with the description that fits it, in English and in French:
    ``(name, description, description_fr)``. The name and the English description are format
    strings with ``{motif}``, ``{place}`` (the city), ``{province}`` and ``{peoples}`` (the
    Indigenous peoples of the place); the French one says the same with the French phrases of
    ``seed.demo_french`` (``{at_place}``, ``{of_place}``, ``{in_province}``, ``{peoples}``,
    ``{peoples_f}``), as French needs the preposition and agreement that go with each name.
    ``min_population`` keeps specialised bodies (a university centre, a police unit) out of
    communities too small to have one. ``reach`` decides the service areas: ``local`` (city
    region or a radius), ``provincial`` or ``national``.
    ``confidential`` marks sectors whose addresses (safe houses) are never shown publicly.
    ``practice`` holds the closing sentences a description may end with, as (English, French).
    """

    sector: str
    variants: tuple[tuple[str, str, str], ...]
    services: tuple[ServiceTemplate, ...]
    related_sectors: tuple[str, ...] = ()
    min_population: int = 0
    reach: str = "local"
    confidential: bool = False
    practice: tuple[tuple[str, str], ...] = DIRECT_SERVICE_PRACTICE


# Invented name parts: nature, light and wayfinding words, none a real organization's name.
MOTIFS = (
    "Northern Lights",
    "Cedar Path",
    "Tamarack",
    "Birchbark",
    "Harbour Light",
    "Prairie Sky",
    "Riverstone",
    "Kestrel",
    "Lighthouse",
    "Aspen Grove",
    "Blue Heron",
    "Morning Star",
    "Four Winds",
    "Sweetgrass",
    "Red Willow",
    "Driftwood",
    "Boreal",
    "Granite Shore",
    "Clearwater",
    "Silver Birch",
    "Evergreen",
    "Snowy Owl",
    "Beacon",
    "Compass Rose",
    "Safe Harbour",
    "Bridgeway",
    "Wayfinder",
    "Kindred",
    "Tidewater",
    "Open Sky",
    "Fireweed",
    "Lodgepole",
    "Wild Rose",
    "Saltmarsh",
    "Stillwater",
    "High Tide",
)

# Fictional people for referral contacts (common Canadian given and family names, combined).
GIVEN_NAMES = (
    "Alex",
    "Jordan",
    "Sam",
    "Taylor",
    "Morgan",
    "Élise",
    "Mathieu",
    "Priya",
    "Wei",
    "Amira",
    "Daniel",
    "Grace",
    "Noah",
    "Leila",
    "Marie-Ève",
    "Tyler",
    "Hannah",
    "Joseph",
    "Annie",
    "Kiran",
)
FAMILY_NAMES = (
    "Martin",
    "Tremblay",
    "Roy",
    "Gagnon",
    "Wilson",
    "Singh",
    "Chen",
    "MacDonald",
    "Thompson",
    "Bouchard",
    "Campbell",
    "Morin",
    "Nguyen",
    "Cardinal",
    "Kakegamic",
    "Moar",
    "Peters",
    "Okafor",
    "Fraser",
    "Ouellet",
)
CONTACT_ROLES = (
    "Intake coordinator",
    "Youth outreach lead",
    "Clinical manager",
    "Program director",
    "Referral coordinator",
    "Case management supervisor",
)
STREETS = (
    "Main Street",
    "Water Street",
    "King Street",
    "Queen Street",
    "1st Avenue",
    "Victoria Avenue",
    "Park Road",
    "Lakeshore Drive",
    "Church Street",
    "Centre Street",
    "Rue Principale",
    "Rue Saint-Jean",
)

INTAKE_HOURS = (
    WEEKDAYS,
    "Monday–Friday, 8:30–16:30; after hours through the crisis line",
    "Monday–Thursday, 10:00–19:00; Friday 10:00–16:00",
    "Tuesday–Saturday, 12:00–20:00",
)

# Languages other than English and French that services in a province commonly offer
# (2021 Census mother tongues), used now and then so language filters have something to find.
OTHER_LANGUAGES = {
    "BC": ("pa", "cmn", "yue", "tl", "ko", "fa"),
    "AB": ("tl", "pa", "es", "ar", "uk"),
    "SK": ("tl", "uk", "de"),
    "MB": ("tl", "pa", "uk", "de"),
    "ON": ("pa", "cmn", "ta", "ur", "es", "ar", "tl", "pt", "it"),
    "QC": ("ar", "es", "it", "vi"),
    "NB": ("ar",),
    "NS": ("ar",),
    "PE": ("cmn",),
    "NL": ("ar",),
    "YT": ("de", "tl"),
    "NT": ("tl",),
    "NU": (),
}
