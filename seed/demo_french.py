"""How the French demo descriptions name places and peoples: French grammar, no database access.

An English template says "in {place}", "in {province}", "near {place}", "{peoples} youth".
French cannot put a bare name in those slots: the preposition and the article change with the
name ("au Québec", "en Ontario", "dans les Territoires du Nord-Ouest"; "près d’Iqaluit",
"près de Regina"), and an adjective agrees with its noun ("jeunes métis", "familles
métisses"). So the French templates take whole phrases instead of bare names:

- ``{at_place}``: "à Montréal", "au Pas", "dans le Grand Sudbury";
- ``{of_place}``: "de Regina", "d’Iqaluit", "du Pas" (after "près", "à partir"...);
- ``{in_province}``: "en Colombie-Britannique", "au Nouveau-Brunswick", "à l’Île-du-Prince-Édouard";
- ``{peoples}`` and ``{peoples_f}``: the Indigenous peoples of the place as an adjective after a
  masculine (or mixed) and after a feminine plural noun: "des Premières Nations et métis",
  "inuits"; "des Premières Nations et métisses", "inuites".

The province names are the taxonomy's French names; typography follows the French messages
of the site (typographic apostrophe; ``typeset`` adds the no-break spaces).
"""

from __future__ import annotations

from directory.taxonomy import PROVINCES
from seed.cities import City
from seed.fictional import indigenous_populations

PROVINCE_NAMES_FR = {code: name_fr for code, _, name_fr in PROVINCES}

# The preposition (with its article) that puts something in each province or territory.
PROVINCE_PREPOSITIONS = {
    "BC": "en ",
    "AB": "en ",
    "SK": "en ",
    "MB": "au ",
    "ON": "en ",
    "QC": "au ",
    "NB": "au ",
    "NS": "en ",
    "PE": "à l’",
    "NL": "à ",
    "YT": "au ",
    "NT": "dans les ",
    "NU": "au ",
}
assert set(PROVINCE_PREPOSITIONS) == set(PROVINCE_NAMES_FR)

# Places whose French name takes an article (or differs from the English one): "à" and "de"
# combine with it. Every other place keeps its own name.
PLACE_PHRASES = {
    "The Pas": ("au Pas", "du Pas"),
    "Greater Sudbury": ("dans le Grand Sudbury", "du Grand Sudbury"),
}
VOWELS = "AEIOUÀÂÉÈÊËÎÏÔÛÜ"  # not Y: Yarmouth, Yellowknife take "de"

# Each people as an adjective: (after a masculine or mixed plural noun, after a feminine one).
PEOPLES_FR = {
    "first-nations": ("des Premières Nations", "des Premières Nations"),
    "metis": ("métis", "métisses"),
    "inuit": ("inuits", "inuites"),
}


def at_place(city: City) -> str:
    return PLACE_PHRASES[city.name][0] if city.name in PLACE_PHRASES else f"à {city.name}"


def of_place(city: City) -> str:
    if city.name in PLACE_PHRASES:
        return PLACE_PHRASES[city.name][1]
    return f"d’{city.name}" if city.name[0].upper() in VOWELS else f"de {city.name}"


def in_province(code: str) -> str:
    return PROVINCE_PREPOSITIONS[code] + PROVINCE_NAMES_FR[code]


def indigenous_peoples_fr(city: City, *, feminine: bool = False) -> str:
    """ "des Premières Nations et métis" where ``indigenous_peoples`` says "First Nations and
    Métis": the same peoples, in the same order."""
    return " et ".join(PEOPLES_FR[slug][feminine] for slug in indigenous_populations(city))


def french_phrases(city: City) -> dict[str, str]:
    """What a French description template is formatted with, for an organization in ``city``."""
    return {
        "at_place": at_place(city),
        "of_place": of_place(city),
        "in_province": in_province(city.province),
        "peoples": indigenous_peoples_fr(city),
        "peoples_f": indigenous_peoples_fr(city, feminine=True),
    }


NO_BREAK_SPACE = "\N{NO-BREAK SPACE}"


def typeset(text: str) -> str:
    """French spacing as the site's French messages have it: a no-break space before a colon
    and inside « », none before ; ! ? (Canadian usage). The templates are written with plain
    spaces, which are easy to read and to type."""
    text = text.replace(" :", NO_BREAK_SPACE + ":")
    return text.replace("« ", "«" + NO_BREAK_SPACE).replace(" »", NO_BREAK_SPACE + "»")
