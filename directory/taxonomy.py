"""The fixed vocabularies and the idempotent function that loads them.

Slugs never change once published: search URLs, the API and HSDS exports use them.
Labels may be improved, and the lists reordered (the order is the display order), at any
time; ``ensure_taxonomy`` updates them in place. Terms are never deleted: each holds a bit
of the search index's facet masks for good (``TaxonomyTerm.bit``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import sqlalchemy as sa

from directory.extensions import db
from directory.models import Province, TaxonomyTerm, Vocabulary
from directory.models.search import SearchState
from directory.search.facets import MASK_BITS

# (slug, English, French)
SECTORS = [
    ("policing", "Policing & law enforcement", "Police et application de la loi"),
    ("health-care", "Health care", "Soins de santé"),
    ("mental-health", "Mental health", "Santé mentale"),
    ("education", "Education", "Éducation"),
    ("child-protection", "Child protection", "Protection de l'enfance"),
    ("legal-justice", "Legal & justice", "Droit et justice"),
    ("victim-services", "Victim services", "Services aux victimes"),
    ("survivor-led", "Survivor-led", "Dirigé par des survivantes et survivants"),
    (
        "indigenous",
        "Indigenous advocacy & Indigenous-led services",
        "Défense des droits autochtones et services dirigés par des Autochtones",
    ),
    ("social-family", "Social & family services", "Services sociaux et familiaux"),
    ("housing-shelter", "Housing & shelter", "Logement et hébergement"),
    ("technology-online-safety", "Technology & online safety", "Technologie et sécurité en ligne"),
    ("finance", "Finance", "Finance"),
    ("media-journalism", "Media & journalism", "Médias et journalisme"),
    ("research-academia", "Research & academia", "Recherche et milieu universitaire"),
    ("government-policy", "Government & policy", "Gouvernement et politiques publiques"),
    ("community-faith", "Community & faith", "Communautés et groupes confessionnels"),
]

SERVICE_TYPES = [
    ("crisis-line", "Crisis line", "Ligne de crise"),
    ("emergency-shelter", "Emergency shelter", "Hébergement d'urgence"),
    ("counselling", "Counselling", "Counseling"),
    ("medical-care", "Medical care", "Soins médicaux"),
    (
        "sexual-assault-forensic-care",
        "Sexual-assault & forensic care",
        "Soins en cas d'agression sexuelle et soins médicolégaux",
    ),
    ("legal-aid", "Legal aid", "Aide juridique"),
    (
        "court-victim-support",
        "Court & victim support",
        "Soutien aux victimes et accompagnement à la cour",
    ),
    ("investigation", "Investigation", "Enquête"),
    (
        "online-exploitation-reporting",
        "Online exploitation reporting & content removal",
        "Signalement de l'exploitation en ligne et retrait de contenu",
    ),
    ("prevention-education", "Prevention education", "Éducation à la prévention"),
    ("professional-training", "Professional training", "Formation professionnelle"),
    ("case-management", "Case management", "Gestion de cas"),
    (
        "exit-transition-support",
        "Exit & transition support",
        "Soutien à la sortie et à la transition",
    ),
    ("housing", "Housing", "Logement"),
    ("employment-life-skills", "Employment & life skills", "Emploi et compétences de vie"),
    (
        "cultural-land-based-healing",
        "Cultural & land-based healing",
        "Guérison culturelle et axée sur le territoire",
    ),
    ("peer-support", "Peer support", "Soutien par les pairs"),
    ("interpretation", "Interpretation", "Interprétation"),
    ("family-support", "Family & caregiver support", "Soutien aux familles et aux proches aidants"),
    ("harm-reduction", "Harm reduction", "Réduction des méfaits"),
]

POPULATIONS = [
    ("children-under-12", "Children under 12", "Enfants de moins de 12 ans"),
    ("youth-12-17", "Youth 12–17", "Jeunes de 12 à 17 ans"),
    ("young-adults-18-24", "Young adults 18–24", "Jeunes adultes de 18 à 24 ans"),
    ("girls-women", "Girls & women", "Filles et femmes"),
    ("boys-men", "Boys & men", "Garçons et hommes"),
    ("2slgbtqia", "2SLGBTQIA+", "2ELGBTQIA+"),
    ("first-nations", "First Nations", "Premières Nations"),
    ("inuit", "Inuit", "Inuit"),
    ("metis", "Métis", "Métis"),
    ("newcomers-migrants", "Newcomers & migrants", "Personnes nouvellement arrivées et migrantes"),
    ("people-with-disabilities", "People with disabilities", "Personnes en situation de handicap"),
    ("families-caregivers", "Families & caregivers", "Familles et proches aidants"),
]

# ISO 639 codes (639-1 where one exists, else 639-3). Official languages, Indigenous languages
# named in the brief, sign languages, then the twenty most spoken other mother tongues in
# Canada (2021 Census).
LANGUAGES = [
    ("en", "English", "Anglais"),
    ("fr", "French", "Français"),
    ("cr", "Cree", "Cri"),
    ("oj", "Ojibwe", "Ojibwé"),
    ("ojs", "Oji-Cree", "Oji-cri"),
    ("iu", "Inuktitut", "Inuktitut"),
    ("mic", "Mi'kmaq", "Mi'kmaq"),
    ("chp", "Dene (Dënesųłiné)", "Déné (dënesųłiné)"),
    ("ase", "American Sign Language", "Langue des signes américaine"),
    ("fcs", "Quebec Sign Language (LSQ)", "Langue des signes québécoise (LSQ)"),
    ("cmn", "Mandarin", "Mandarin"),
    ("pa", "Punjabi", "Pendjabi"),
    ("yue", "Cantonese", "Cantonais"),
    ("es", "Spanish", "Espagnol"),
    ("ar", "Arabic", "Arabe"),
    ("tl", "Tagalog (Filipino)", "Tagalog (filipino)"),
    ("it", "Italian", "Italien"),
    ("de", "German", "Allemand"),
    ("ur", "Urdu", "Ourdou"),
    ("pt", "Portuguese", "Portugais"),
    ("fa", "Persian (Farsi)", "Persan (farsi)"),
    ("ru", "Russian", "Russe"),
    ("hi", "Hindi", "Hindi"),
    ("vi", "Vietnamese", "Vietnamien"),
    ("ko", "Korean", "Coréen"),
    ("ta", "Tamil", "Tamoul"),
    ("gu", "Gujarati", "Goudjarati"),
    ("pl", "Polish", "Polonais"),
    ("bn", "Bengali", "Bengali"),
    ("uk", "Ukrainian", "Ukrainien"),
]

PROVINCES = [
    ("BC", "British Columbia", "Colombie-Britannique"),
    ("AB", "Alberta", "Alberta"),
    ("SK", "Saskatchewan", "Saskatchewan"),
    ("MB", "Manitoba", "Manitoba"),
    ("ON", "Ontario", "Ontario"),
    ("QC", "Quebec", "Québec"),
    ("NB", "New Brunswick", "Nouveau-Brunswick"),
    ("NS", "Nova Scotia", "Nouvelle-Écosse"),
    ("PE", "Prince Edward Island", "Île-du-Prince-Édouard"),
    ("NL", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    ("YT", "Yukon", "Yukon"),
    ("NT", "Northwest Territories", "Territoires du Nord-Ouest"),
    ("NU", "Nunavut", "Nunavut"),
]

VOCABULARIES: dict[Vocabulary, list[tuple[str, str, str]]] = {
    Vocabulary.SECTOR: SECTORS,
    Vocabulary.SERVICE_TYPE: SERVICE_TYPES,
    Vocabulary.POPULATION: POPULATIONS,
    Vocabulary.LANGUAGE: LANGUAGES,
}


class VocabularyFull(Exception):
    """New terms would need more bits than the search index's masks hold (``MASK_BITS``)."""


# (vocabulary, its definitions, its rows by slug or code, how to make a new row)
_Vocabulary = tuple[str, list[tuple[str, str, str]], dict, Callable[..., TaxonomyTerm | Province]]


def ensure_taxonomy() -> int:
    """Insert missing terms and refresh labels and display order; returns how many rows were
    added.

    A new term takes the bit after the highest its vocabulary has given; an existing term keeps
    its bit whatever its place in the list, so the masks already in the search index keep
    their meaning. Raises ``VocabularyFull``, before changing anything, when the new terms
    would not fit in the masks. Idempotent: running it twice changes nothing the second time.
    The caller commits.
    """
    terms = db.session.scalars(sa.select(TaxonomyTerm)).all()
    vocabularies: list[_Vocabulary] = [
        (
            vocabulary.value,
            definitions,
            {t.slug: t for t in terms if t.vocabulary == vocabulary.value},
            partial(_new_term, vocabulary.value),
        )
        for vocabulary, definitions in VOCABULARIES.items()
    ]
    provinces = {p.code: p for p in db.session.scalars(sa.select(Province))}
    vocabularies.append(("province", PROVINCES, provinces, _new_province))
    new_bits = {name: _bits_for_new(name, defs, rows) for name, defs, rows, _ in vocabularies}
    added = changed = 0
    for name, definitions, rows, make in vocabularies:
        bits = iter(new_bits[name])
        for position, (key, name_en, name_fr) in enumerate(definitions):
            row = rows.get(key)
            if row is None:
                db.session.add(make(key, name_en, name_fr, position, next(bits)))
                added += 1
            else:
                changed += _relabel(row, name_en, name_fr, position)
    db.session.flush()
    if added or changed:
        # Each process keeps the vocabularies per index version (directory.search.vocabulary).
        db.session.execute(sa.update(SearchState).values(generation=SearchState.generation + 1))
    return added


def _bits_for_new(vocabulary: str, definitions: list, rows: dict) -> list[int]:
    """The bits of the definitions' terms not in the database yet, in list order: after the
    highest bit already given (terms are never deleted, so no bit is given twice)."""
    new = [key for key, _, _ in definitions if key not in rows]
    first = max((row.bit for row in rows.values()), default=-1) + 1
    if first + len(new) > MASK_BITS:
        raise VocabularyFull(
            f"The {vocabulary} vocabulary cannot take {len(new)} more term(s)"
            f" ({', '.join(new)}): it has given {first} of the {MASK_BITS} bits its search"
            " masks hold (signed 64-bit integers). Widen the masks first (docs/search.md)."
        )
    return list(range(first, first + len(new)))


def _new_term(
    vocabulary: str, slug: str, name_en: str, name_fr: str, position: int, bit: int
) -> TaxonomyTerm:
    return TaxonomyTerm(
        vocabulary=vocabulary,
        slug=slug,
        name_en=name_en,
        name_fr=name_fr,
        position=position,
        bit=bit,
    )


def _new_province(code: str, name_en: str, name_fr: str, position: int, bit: int) -> Province:
    return Province(code=code, name_en=name_en, name_fr=name_fr, position=position, bit=bit)


def _relabel(row: TaxonomyTerm | Province, name_en: str, name_fr: str, position: int) -> bool:
    """Give the row these labels and position (never a new bit); whether that changed
    anything."""
    if (row.name_en, row.name_fr, row.position) == (name_en, name_fr, position):
        return False
    row.name_en, row.name_fr, row.position = name_en, name_fr, position
    return True


def terms_by_slug(vocabulary: Vocabulary) -> dict[str, TaxonomyTerm]:
    stmt = sa.select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary.value)
    return {t.slug: t for t in db.session.scalars(stmt.order_by(TaxonomyTerm.position))}
