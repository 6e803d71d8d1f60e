"""Which version of the documents' contents the index holds, and whether it needs a rebuild.

When what ``documents.build_entry`` puts in a document changes, ``INDEX_FORMAT`` goes up:
documents written before lack the new words, and searches that rely on them find less until
``flask search reindex --if-outdated`` rebuilds (the Makefile's ``run`` and ``serve`` do it
right after ``db upgrade``). Until then search still works on what the documents hold.
Searches never read the format: it costs one query at a worker's warm-up, none per search.

1. words of the texts, map cells and areas served;
2. and each organization's sectors, service types, populations and languages as tokens
   (``zsectorpolicing``), so that a keyword naming a term finds it (``search.keywords``);
3. and the referral pathway: ``referral_from_mask`` (the sectors its services take referrals
   from) and the ``self_referral`` and ``no_police_required`` flag bits;
4. and, beside the documents, each listing's likely-duplicate keys (``duplicate_key``,
   ``directory/duplicates.py``), which the index's hooks and rebuilds keep;
5. and the ``step_free`` flag bit: a location with a step-free entrance;
6. only active services in facets and flags, and no defunct service's words (service status).
7. and ``hours``: its active services' opening hours, zone and closures (``hours_compact.compact``),
   from which ``open_now`` is decided at query time.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models.search import SearchDocument, SearchState

INDEX_FORMAT = 7  # 7: the opening hours of each organization's services (``hours``)


def stored_format(session: Session) -> int:
    return session.scalar(sa.select(SearchState.index_format)) or 1


def index_outdated(session: Session) -> bool:
    """An older format with documents in it (an empty index is current whatever it says)."""
    if stored_format(session) >= INDEX_FORMAT:
        return False
    return bool(session.scalar(sa.select(sa.exists().where(SearchDocument.organization_id > 0))))


def mark_current(session: Session) -> None:
    """After a full rebuild (in its transaction): the documents are of this format."""
    session.execute(sa.update(SearchState).values(index_format=INDEX_FORMAT))
