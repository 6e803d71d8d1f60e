"""What a listing can be recognised by, for finding likely duplicates (``directory.duplicates``).

One row per (organization, kind, value): its normalised name (``name``), each telling word of
its name (``word``), its public phone numbers (``phone``: the last ten digits), its website's
host (``host``) and its public street addresses (``address``). Published listings only; kept
in step with the search index (written by the same hooks and rebuilds). Indexed by
(kind, value), so finding the listings that share a key is an index lookup, never a scan.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model


class DuplicateKey(Model):
    __tablename__ = "duplicate_key"
    __table_args__ = (sa.Index("ix_duplicate_key_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(8))
    value: Mapped[str] = mapped_column(sa.String(200))
