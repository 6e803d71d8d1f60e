"""Our vocabularies as HSDS taxonomies, and HSDS attributes built from them.

Each vocabulary (sector, service type, population, language) is one HSDS taxonomy whose term
codes are our slugs (ISO 639 codes for languages). One more taxonomy, ``directory_flag``,
carries what HSDS has no field for (a confidential location, a contact for professionals
only, 24/7, referral method...), as attributes, so that an export imports back unchanged;
and ``directory_referral_pathway`` a service's referral pathway (``hsds.pathways``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from directory.extensions import db
from directory.hsds import ids
from directory.hsds.pathways import PATHWAY, PATHWAY_TERMS, sector_code, term_description
from directory.models import TaxonomyTerm, Vocabulary

FLAG = "directory_flag"

TAXONOMY_NAMES = {
    Vocabulary.SECTOR.value: "Partner & Resource Directory: sectors",
    Vocabulary.SERVICE_TYPE.value: "Partner & Resource Directory: service types",
    Vocabulary.POPULATION.value: "Partner & Resource Directory: populations served",
    Vocabulary.LANGUAGE.value: "ISO 639 languages (Partner & Resource Directory selection)",
    FLAG: "Partner & Resource Directory: listing details without an HSDS field",
    PATHWAY: "Partner & Resource Directory: referral pathways",
}

# code → (name, description). Flags with a value carry it in the attribute's ``value``.
FLAGS = {
    "confidential-location": (
        "Confidential location",
        "The address is never published: only the city and province are.",
    ),
    "city-province": (
        "City and province",
        "Where a location is whose address is not published whole (confidential, or no street"
        " address or postal code): its city and province code (value), e.g. “Kenora, ON”.",
    ),
    "professionals-only": (
        "For vetted professionals only",
        "A referral contact shown only to vetted professionals.",
    ),
    "open-24-7": ("Open 24/7", "The service is open around the clock."),
    "not-accepting-referrals": ("Not accepting referrals", "No new referrals at the moment."),
    "delivered-online": ("Delivered online", "The service is delivered online."),
    "referral-self": ("Self-referral", "People may refer themselves."),
    "referral-professional": ("Professional referral", "Referral by a professional only."),
    "referral-both": ("Self or professional referral", "Self-referral or by a professional."),
    "description-fr": ("Description in French", "The description in French (value)."),
    "preferred-method": ("Preferred contact method", "email or phone (value)."),
    "contact-notes": ("Contact notes", "Notes on reaching this contact (value)."),
    "capacity": ("Capacity", "accepting, waitlist or full, as the service last said (value)."),
    "capacity-places": ("Places available", "A whole number, as last said (value)."),
    "capacity-updated-at": (
        "Capacity said at",
        "When the capacity was last said, ISO 8601 (value); old capacity reads as unknown.",
    ),
}


@dataclass(frozen=True)
class Term:
    vocabulary: str
    code: str
    name: str

    @property
    def id(self) -> str:
        return ids.term_id(self.vocabulary, self.code)


def flag(code: str) -> Term:
    return Term(FLAG, code, FLAGS[code][0])


def of(term: TaxonomyTerm) -> Term:
    return Term(term.vocabulary, term.slug, term.name_en)


def taxonomy_document(vocabulary: str) -> dict[str, Any]:
    return {
        "id": ids.taxonomy_id(vocabulary),
        "name": TAXONOMY_NAMES[vocabulary],
        "description": TAXONOMY_NAMES[vocabulary],
        "version": "1",
    }


def term_document(term: Term) -> dict[str, Any]:
    description = term.name
    if term.vocabulary == FLAG:
        description = FLAGS[term.code][1]
    elif term.vocabulary == PATHWAY:
        description = term_description(term.code, term.name)
    return {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": description,
        "taxonomy": term.vocabulary,
        "taxonomy_id": ids.taxonomy_id(term.vocabulary),
        "language": "en",
    }


def all_terms() -> list[Term]:
    """Every term we publish: the seeded vocabularies in display order, then the flags, then
    the referral pathway's (a term per sector, then the others)."""
    stmt = sa.select(TaxonomyTerm).order_by(TaxonomyTerm.vocabulary, TaxonomyTerm.position)
    seeded = [of(term) for term in db.session.scalars(stmt)]
    pathway = [
        Term(PATHWAY, sector_code(t.code), t.name)
        for t in seeded
        if t.vocabulary == Vocabulary.SECTOR
    ]
    pathway += [Term(PATHWAY, code, name) for code, (name, _) in PATHWAY_TERMS.items()]
    return seeded + [flag(code) for code in FLAGS] + pathway


def attribute(
    parent_id: str, link_entity: str, term: Term, value: str | None = None
) -> dict[str, Any]:
    """An HSDS attribute linking ``parent_id`` to ``term`` (with the term nested)."""
    key = f"attribute:{term.vocabulary}:{term.code}"
    document: dict[str, Any] = {
        "id": ids.derived(parent_id, key),
        "link_id": parent_id,
        "link_type": term.vocabulary,
        "link_entity": link_entity,
        "taxonomy_term_id": term.id,
        "taxonomy_term": term_document(term),
    }
    if value is not None:
        document["value"] = value
    return document


def kept_term_id(kept: dict[str, Any]) -> str:
    """The id of an imported term we keep as it came: its own, or one derived from its
    taxonomy and code. A term without a code (a language given only by its name) is told
    apart by its name, so two of them keep two ids (and both survive the CSV round trip)."""
    vocabulary, code = kept.get("taxonomy") or "", kept.get("code") or ""
    key = code or f"name:{kept.get('name') or code or 'term'}"
    return str(kept.get("term_id") or ids.derived(ids.NAMESPACE, f"kept:{vocabulary}:{key}"))


@dataclass(frozen=True)
class ImportedTerm(Term):
    """A term that came with imported data (kept in ``hsds_attributes``), with its own id."""

    term_id: str = ""

    @property
    def id(self) -> str:
        return self.term_id


def imported_term(kept: dict[str, Any]) -> ImportedTerm:
    code = str(kept.get("code") or "")
    name = str(kept.get("name") or code or "term")
    return ImportedTerm(str(kept.get("taxonomy") or ""), code, name, kept_term_id(kept))


def kept_attribute(parent_id: str, link_entity: str, kept: dict[str, Any]) -> dict[str, Any]:
    """An attribute an import could not map (stored in ``hsds_attributes``), as it came."""
    vocabulary, code = kept.get("taxonomy") or "", kept.get("code") or ""
    name = kept.get("name") or code or "term"
    key = code or f"name:{name}"
    term_uuid = kept_term_id(kept)
    document: dict[str, Any] = {
        "id": ids.derived(parent_id, f"kept:{vocabulary}:{key}:{kept.get('value')}"),
        "link_id": parent_id,
        "link_entity": link_entity,
        "taxonomy_term_id": term_uuid,
        "taxonomy_term": {
            "id": term_uuid,
            "code": code,
            "name": name,
            "description": kept.get("description") or name,
            "taxonomy": vocabulary,
        },
    }
    if kept.get("value") is not None:
        document["value"] = str(kept["value"])
    return document
