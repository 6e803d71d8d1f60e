"""The filter vocabularies (taxonomy terms and provinces) as plain values, read once per index
version rather than on every search.

Every search needs all of them (to check parameters, label the filters and make facet bits),
and they change only when ``ensure_taxonomy`` runs at a deploy, which bumps the index version
(``taxonomy.ensure_taxonomy``). So each process keeps them, checked with the same one-row
read of ``search_state`` as the index mirror. They are frozen dataclasses, not ORM objects: a
value kept between requests must not belong to a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models import Province, TaxonomyTerm
from directory.search.facets import FACET_VOCABULARY, FacetBits, facet_bits_from
from directory.search.keywords import TermNames, term_names
from directory.search.mirror import PerEngine, database_version, once_per_request


class _Labelled:
    name_en: str
    name_fr: str

    def label(self, locale: str = "en") -> str:
        return self.name_fr if locale == "fr" else self.name_en


@dataclass(frozen=True)
class Term(_Labelled):
    """A taxonomy term, with the attributes and ``label`` of ``TaxonomyTerm``."""

    id: int
    vocabulary: str
    slug: str
    name_en: str
    name_fr: str
    position: int
    bit: int


@dataclass(frozen=True)
class ProvinceTerm(_Labelled):
    """A province or territory, with the attributes and ``label`` of ``Province``."""

    code: str
    name_en: str
    name_fr: str
    position: int
    bit: int


@dataclass(frozen=True)
class Vocabularies:
    # URL parameter → value → term, in display order (what ``vocabulary_options`` returns)
    options: dict[str, dict[str, Term | ProvinceTerm]]
    terms_by_id: dict[int, Term]
    provinces: dict[str, ProvinceTerm]
    bits: FacetBits

    @cached_property
    def term_names(self) -> TermNames:
        """Which keywords name which terms (``directory.search.keywords``), made once per
        index version like the rest."""
        facet_of = {vocabulary: facet for facet, vocabulary in FACET_VOCABULARY.items()}
        return term_names(
            (
                (facet_of[t.vocabulary], t.slug, t.name_en, t.name_fr)
                for t in self.terms_by_id.values()
                if t.vocabulary in facet_of
            ),
            (name for p in self.provinces.values() for name in (p.name_en, p.name_fr)),
        )


def _load(session: Session) -> Vocabularies:
    by_vocabulary = {v: p for p, v in FACET_VOCABULARY.items()}
    options: dict[str, dict[str, Term | ProvinceTerm]] = {p: {} for p in FACET_VOCABULARY}
    options["province"] = {}
    terms = [
        Term(r.id, r.vocabulary, r.slug, r.name_en, r.name_fr, r.position, r.bit)
        for r in session.execute(
            sa.select(TaxonomyTerm.__table__).order_by(
                TaxonomyTerm.vocabulary, TaxonomyTerm.position
            )
        )
    ]
    for term in terms:
        if term.vocabulary in by_vocabulary:
            options[by_vocabulary[term.vocabulary]][term.slug] = term
    provinces = {
        r.code: ProvinceTerm(r.code, r.name_en, r.name_fr, r.position, r.bit)
        for r in session.execute(sa.select(Province.__table__).order_by(Province.position))
    }
    options["province"].update(provinces)
    options["referral_from"] = options["sector"]  # the referrer's sector: a sector term
    return Vocabularies(
        options,
        {t.id: t for t in terms},
        provinces,
        facet_bits_from(terms, provinces.values()),
    )


class _Cache:
    """The vocabularies and the index version they were read at, as one value: replacing it
    is one store, so a thread never sees a version with another version's vocabularies (no
    lock; two threads that both reload only read the same rows twice)."""

    def __init__(self) -> None:
        self.kept: tuple[tuple[str, int], Vocabularies] | None = None


_REQUEST_KEY = "search_vocabularies"
_cache_for = PerEngine(_Cache)


def vocabularies(session: Session) -> Vocabularies:
    """The vocabularies of this session's database, reread only when its index version
    has moved (one primary-key read otherwise, shared with the mirror within a request)."""
    return once_per_request(session, _REQUEST_KEY, lambda: _current(session))


def _current(session: Session) -> Vocabularies:
    cache = _cache_for(session)
    version = database_version(session)
    kept = cache.kept
    if kept is not None and kept[0] == version:
        return kept[1]
    value = _load(session)
    cache.kept = (version, value)
    return value
