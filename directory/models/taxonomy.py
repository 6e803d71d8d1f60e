"""Fixed vocabularies: sectors, service types, populations, languages, provinces/territories.

Slugs are stable public identifiers (search parameters, API, HSDS taxonomy codes); labels are
kept in English and French so that the interface can show either. ``position`` is the display
order only; ``bit`` is the term's bit in the search index's facet masks, given once when the
term is created and never changed nor given to another term (``directory.taxonomy``), so a
vocabulary can be reordered without touching the index.
"""

from __future__ import annotations

import enum
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model


class Vocabulary(enum.StrEnum):
    SECTOR = "sector"
    SERVICE_TYPE = "service_type"
    POPULATION = "population"
    LANGUAGE = "language"


class Labelled(Protocol):
    """What a term or province shows: a name in each language."""

    @property
    def name_en(self) -> str: ...
    @property
    def name_fr(self) -> str: ...
    def label(self, locale: str = "en") -> str: ...


class TermLike(Labelled, Protocol):
    """A taxonomy term: a ``TaxonomyTerm`` row or the search snapshot's ``Term``."""

    @property
    def vocabulary(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def bit(self) -> int: ...


class ProvinceLike(Labelled, Protocol):
    """A province or territory: a ``Province`` row or the search snapshot's ``ProvinceTerm``."""

    @property
    def code(self) -> str: ...
    @property
    def bit(self) -> int: ...


class TaxonomyTerm(Model):
    """One term of a vocabulary. Languages use their ISO 639 code as slug."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (
        sa.UniqueConstraint("vocabulary", "slug"),
        sa.UniqueConstraint("vocabulary", "bit", name="uq_taxonomy_term_vocabulary_bit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[str] = mapped_column(sa.String(20), index=True)
    slug: Mapped[str] = mapped_column(sa.String(60))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_fr: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    bit: Mapped[int]

    def label(self, locale: str = "en") -> str:
        return self.name_fr if locale == "fr" else self.name_en

    def __repr__(self) -> str:
        return f"<TaxonomyTerm {self.vocabulary}:{self.slug}>"


class Province(Model):
    """A Canadian province or territory, keyed by its two-letter postal abbreviation."""

    __tablename__ = "province"

    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name_en: Mapped[str] = mapped_column(sa.String(60))
    name_fr: Mapped[str] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)
    bit: Mapped[int] = mapped_column(unique=True)

    def label(self, locale: str = "en") -> str:
        return self.name_fr if locale == "fr" else self.name_en

    def __repr__(self) -> str:
        return f"<Province {self.code}>"
