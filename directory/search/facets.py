"""Facet values as bits: each term's stored ``bit`` (see SearchDocument).

The bit is given once, when the term is created (``directory.taxonomy``), never the term's
place in its vocabulary's list: reordering a vocabulary must not change what the masks
already written in the index mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models import Province, ProvinceLike, TaxonomyTerm, TermLike

# facet (URL parameter) → taxonomy vocabulary; "province" uses the Province table
FACET_VOCABULARY = {
    "sector": "sector",
    "service": "service_type",
    "population": "population",
    "language": "language",
}
# "referral_from": the sectors a service takes referrals from, with the sector terms' bits.
REFERRAL_FACET = "referral_from"
VALUE_FACETS = (*FACET_VOCABULARY, "province", REFERRAL_FACET)
# New flags go at the end: a flag's bit is its place in this list, written in the index.
FLAG_FACETS = (
    "open_24_7",
    "accepting_referrals",
    "online",
    "self_referral",
    "no_police_required",
    "step_free",  # a location with a step-free entrance (INDEX_FORMAT 5)
)
FLAG_BIT = {flag: 1 << n for n, flag in enumerate(FLAG_FACETS)}
# A flag of the moment, not of the index: decided at query time (``search.open_now``).
OPEN_NOW = "open_now"
FILTER_FLAGS = (*FLAG_FACETS, OPEN_NOW)
# Not a filter: a flag-mask bit no query can ask for and no count reports. Set on the documents
# of professionals-only listings; the engine leaves them out unless the query's audience may
# find them (``SearchQuery.professionals``, decided by ``privacy.finds_professionals_only``).
PROFESSIONALS_ONLY_BIT = 1 << 62
# Terms one vocabulary's masks hold: bits 0-62. The masks are signed 64-bit integers (BIGINT
# columns, int64 NumPy columns, SQLite's INTEGER), whose bit 63 is the sign.
MASK_BITS = 63


@dataclass(frozen=True)
class FacetBits:
    """``bits["sector"]["health-care"] == 1 << term.bit`` for every facet value."""

    bits: Mapping[str, Mapping[str, int]]

    def mask(self, facet: str, values: Iterable[str]) -> int:
        known = self.bits[facet]
        result = 0
        for value in values:
            result |= known.get(value, 0)
        return result

    def decode(self, facet: str, mask_counts: Mapping[int, int]) -> dict[str, int]:
        """Counts per value from counts per mask (each org's mask counted once)."""
        value_of = {bit: value for value, bit in self.bits[facet].items()}
        counts: dict[str, int] = {}
        for mask, count in mask_counts.items():
            while mask:
                bit = mask & -mask  # the lowest set bit
                mask ^= bit
                value = value_of.get(bit)
                if value is not None:
                    counts[value] = counts.get(value, 0) + count
        return counts


def facet_bits_from(terms: Iterable[TermLike], provinces: Iterable[ProvinceLike]) -> FacetBits:
    by_vocabulary = {v: f for f, v in FACET_VOCABULARY.items()}
    bits: dict[str, dict[str, int]] = {facet: {} for facet in VALUE_FACETS}
    for term in terms:
        if term.vocabulary in by_vocabulary:
            bits[by_vocabulary[term.vocabulary]][term.slug] = 1 << term.bit
    for province in provinces:
        bits["province"][province.code] = 1 << province.bit
    bits[REFERRAL_FACET] = dict(bits["sector"])
    return FacetBits(bits)


def load_facet_bits(session: Session) -> FacetBits:
    return facet_bits_from(
        session.scalars(sa.select(TaxonomyTerm)), session.scalars(sa.select(Province))
    )
