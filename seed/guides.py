"""Demo guides: one per sector and one duty to report per province or territory, each
published as SAMPLE TEXT (``Guide.sample``: every page says so). Text: ``seed/guide_text.py``.

Idempotent: a guide that exists (by slug) is left as it is. Loaded by ``flask seed demo``
and by tests that need guides. Published directly, as the demo listings are: moderation is
for what people write.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from directory.extensions import db
from directory.guides.content import publish
from directory.guides.services import duty_slug
from directory.models import Guide, GuideKind, Province, TaxonomyTerm, Vocabulary
from seed import guide_text as text


def _sector_payload(term: TaxonomyTerm) -> dict:
    en, fr = term.name_en, term.name_fr
    return {
        "sections": {
            "recognize": {
                "en": text.RECOGNIZE_EN.format(sector=en),
                "fr": text.RECOGNIZE_FR.format(sector=fr),
                "sources": text.sources(text.CODE_279_011, text.CODE_172_1, text.PUBLIC_SAFETY),
            },
            "respond": {
                "en": text.RESPOND_EN.format(sector=en),
                "fr": text.RESPOND_FR.format(sector=fr),
                "sources": text.sources(text.CYBERTIP, text.HOTLINE),
            },
            "refer": {
                "en": text.REFER_EN.format(sector=en),
                "fr": text.REFER_FR.format(sector=fr),
                "sources": text.sources(text.PUBLIC_SAFETY),
            },
        },
        "refer_sectors": text.REFERRALS.get(term.slug, []),
        "sample": True,
    }


def _duty_payload(province: Province) -> dict:
    act = text.PROVINCIAL_ACTS.get(province.code)
    act_en = text.ACT_EN.format(name=act[0]) if act else text.NO_ACT_EN
    act_fr = text.ACT_FR.format(name=act[1]) if act else text.NO_ACT_FR
    cited = [f"[{act[0]}]({act[2]})"] if act else []
    return {
        "sections": {
            "duty": {
                "en": text.DUTY_EN.format(province=province.name_en, act=act_en),
                "fr": text.DUTY_FR.format(province=province.name_fr, act=act_fr),
                "sources": text.sources(*cited, text.CYBERTIP, text.HOTLINE),
            }
        },
        "refer_sectors": [],
        "sample": True,
    }


def load_guides(now: datetime | None = None) -> int:
    """Add the missing demo guides (the caller commits); returns how many were added."""
    now = now or datetime.now(UTC)
    present = set(db.session.scalars(sa.select(Guide.slug)))
    added = 0
    sectors = db.session.scalars(
        sa.select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == Vocabulary.SECTOR)
    )
    for term in sectors:
        if term.slug not in present:
            guide = Guide(slug=term.slug, kind=GuideKind.SECTOR, sector_id=term.id)
            _publish(guide, _sector_payload(term), now)
            added += 1
    for province in db.session.scalars(sa.select(Province)):
        slug = duty_slug(province.code)
        if slug not in present:
            guide = Guide(slug=slug, kind=GuideKind.DUTY, province_code=province.code)
            _publish(guide, _duty_payload(province), now)
            added += 1
    db.session.flush()
    return added


def _publish(guide: Guide, payload: dict, now: datetime) -> None:
    publish(guide, payload, now.date())
    guide.published_at = now
    db.session.add(guide)
