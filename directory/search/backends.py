"""The two full-text backends behind one interface: SQLite FTS5 and PostgreSQL tsvector.

Each writes the ``search_document`` row plus its own full-text structure, and answers
``candidates(words, prefix_last, any_tokens, all_tokens)`` with the matching rows and a score
(higher is better). Words are already folded to ``[0-9a-z]+``, so they are safe to quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models.search import SearchDocument
from directory.models.types import UTCDateTime
from directory.search.documents import IndexEntry

NAME_WEIGHT = 10.0  # a word in the name counts ten times a word in the description


class Candidate(NamedTuple):
    """One matching organization, as the engine needs it (a plain row: this runs thousands
    of times per search)."""

    organization_id: int
    name: str
    score: float
    points: str
    areas: str
    sector_mask: int
    service_mask: int
    population_mask: int
    language_mask: int
    province_mask: int
    flag_mask: int


class Backend:
    def write(self, session: Session, entries: Sequence[IndexEntry], replace: bool = True) -> None:
        """Insert these entries; ``replace`` first removes any existing rows of theirs."""
        if not entries:
            return
        if replace:
            self.delete(session, [e.organization_id for e in entries])
        session.execute(
            sa.insert(SearchDocument),
            [
                {
                    "organization_id": e.organization_id,
                    "name": e.name,
                    "points": e.points_text,
                    "areas": " ".join(e.areas),
                    "verified_at": e.verified_at,
                    **{f"{facet}_mask": mask for facet, mask in e.masks.items()},
                }
                for e in entries
            ],
        )
        self._write_fulltext(session, entries)

    def delete(self, session: Session, ids: Sequence[int]) -> None:
        if ids:
            session.execute(
                sa.delete(SearchDocument).where(SearchDocument.organization_id.in_(ids))
            )

    def clear(self, session: Session) -> None:
        """Empty the whole index."""
        session.execute(sa.delete(SearchDocument))

    def _write_fulltext(self, session: Session, entries: Sequence[IndexEntry]) -> None:
        raise NotImplementedError

    def candidates(
        self, session: Session, words: list[str], any_tokens: list[str], cutoff: datetime
    ) -> list[Candidate]:
        """Fresh (verified at or after ``cutoff``) organizations matching every word (the last
        as a prefix) and, when given, at least one of ``any_tokens``."""
        raise NotImplementedError


_COLUMNS = (
    "d.organization_id, d.name, {score} AS score, d.points, d.areas, d.sector_mask, "
    "d.service_mask, d.population_mask, d.language_mask, d.province_mask, d.flag_mask"
)
_FRESH = "d.verified_at >= :cutoff"


def _run(session: Session, sql: str, params: dict) -> list[Candidate]:
    stmt = sa.text(sql).bindparams(sa.bindparam("cutoff", type_=UTCDateTime()))
    return [Candidate._make(row) for row in session.execute(stmt, params)]


class SqliteBackend(Backend):
    def delete(self, session: Session, ids: Sequence[int]) -> None:
        if ids:
            session.execute(
                sa.text("DELETE FROM search_fts WHERE rowid IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": list(ids)},
            )
        super().delete(session, ids)

    def clear(self, session: Session) -> None:
        session.execute(sa.text("DELETE FROM search_fts"))
        super().clear(session)

    def _write_fulltext(self, session: Session, entries: Sequence[IndexEntry]) -> None:
        session.execute(
            sa.text("INSERT INTO search_fts(rowid, name, body, tags) VALUES (:id, :n, :b, :t)"),
            [
                {"id": e.organization_id, "n": e.name_text, "b": e.body_text, "t": " ".join(e.tags)}
                for e in entries
            ],
        )

    def candidates(self, session, words, any_tokens, cutoff):  # noqa: ANN001, ANN201
        parts = [f'"{w}"' for w in words[:-1]]
        if words:
            parts.append(f'"{words[-1]}"*')  # the last word may still be being typed
        if any_tokens:
            parts.append("(" + " OR ".join(f'"{t}"' for t in any_tokens) + ")")
        if not parts:
            columns = _COLUMNS.format(score="0.0")
            sql = f"SELECT {columns} FROM search_document d WHERE {_FRESH}"  # noqa: S608
            return _run(session, sql, {"cutoff": cutoff})
        columns = _COLUMNS.format(score=f"-bm25(search_fts, {NAME_WEIGHT}, 1.0, 0.0)")
        sql = (
            f"SELECT {columns} FROM search_fts "  # noqa: S608
            "JOIN search_document d ON d.organization_id = search_fts.rowid "
            f"WHERE search_fts MATCH :match AND {_FRESH}"
        )
        return _run(session, sql, {"match": " AND ".join(parts), "cutoff": cutoff})


class PostgresBackend(Backend):
    def _write_fulltext(self, session: Session, entries: Sequence[IndexEntry]) -> None:
        session.execute(
            sa.text(
                "UPDATE search_document SET document = "
                "setweight(to_tsvector('simple', :n), 'A') || "
                "setweight(to_tsvector('simple', :b), 'B') || "
                "setweight(to_tsvector('simple', :t), 'D') "
                "WHERE organization_id = :id"
            ),
            [
                {"id": e.organization_id, "n": e.name_text, "b": e.body_text, "t": " ".join(e.tags)}
                for e in entries
            ],
        )

    def candidates(self, session, words, any_tokens, cutoff):  # noqa: ANN001, ANN201
        parts = list(words[:-1])
        if words:
            parts.append(f"{words[-1]}:*")
        if any_tokens:
            parts.append("(" + " | ".join(any_tokens) + ")")
        if not parts:
            columns = _COLUMNS.format(score="0.0")
            sql = f"SELECT {columns} FROM search_document d WHERE {_FRESH}"  # noqa: S608
            return _run(session, sql, {"cutoff": cutoff})
        # Weights D, C, B, A: tags count for nothing, the name ten times the description.
        columns = _COLUMNS.format(score="ts_rank('{0, 0, 0.1, 1.0}', d.document, query)")
        sql = (
            f"SELECT {columns} FROM search_document d, "  # noqa: S608
            f"to_tsquery('simple', :match) AS query WHERE d.document @@ query AND {_FRESH}"
        )
        return _run(session, sql, {"match": " & ".join(parts), "cutoff": cutoff})


def backend_for(session: Session) -> Backend:
    dialect = session.get_bind().dialect.name
    return PostgresBackend() if dialect == "postgresql" else SqliteBackend()
