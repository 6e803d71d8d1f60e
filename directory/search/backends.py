"""The two full-text backends behind one interface: SQLite FTS5 and PostgreSQL tsvector.

Each writes the ``search_document`` row plus its own full-text structure, and answers
``candidates(words, prefix_last, any_tokens, all_tokens)`` with the matching rows and a score
(higher is better). Words are already folded to ``[0-9a-z]+``, so they are safe to quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models.search import SearchDocument
from directory.models.types import UTCDateTime
from directory.search.documents import IndexEntry

NAME_WEIGHT = 10.0  # a word in the name counts ten times a word in the description


@dataclass(frozen=True)
class Candidate:
    organization_id: int
    name: str
    points: str
    facets: str
    areas: str
    verified_at: datetime | None
    score: float


class Backend:
    def write(self, session: Session, entries: Sequence[IndexEntry]) -> None:
        if not entries:
            return
        ids = [e.organization_id for e in entries]
        self.delete(session, ids)
        session.execute(
            sa.insert(SearchDocument),
            [
                {
                    "organization_id": e.organization_id,
                    "name": e.name,
                    "points": e.points_text,
                    "facets": " ".join(e.facets),
                    "areas": " ".join(e.areas),
                    "verified_at": e.verified_at,
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

    def _write_fulltext(self, session: Session, entries: Sequence[IndexEntry]) -> None:
        raise NotImplementedError

    def candidates(
        self, session: Session, words: list[str], any_tokens: list[str], all_tokens: list[str]
    ) -> list[Candidate]:
        raise NotImplementedError


_COLUMNS = "d.organization_id, d.name, d.points, d.facets, d.areas, d.verified_at"


def _run(session: Session, sql: str, params: dict | None = None) -> list[Candidate]:
    """Textual SQL with typed result columns (so ``verified_at`` comes back aware UTC)."""
    stmt = sa.text(sql).columns(
        organization_id=sa.Integer,
        name=sa.String,
        points=sa.String,
        facets=sa.String,
        areas=sa.String,
        verified_at=UTCDateTime(),
        score=sa.Float,
    )
    return [
        Candidate(
            r.organization_id,
            r.name,
            r.points,
            r.facets,
            r.areas,
            r.verified_at,
            float(r.score or 0.0),
        )
        for r in session.execute(stmt, params or {})
    ]


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

    def _write_fulltext(self, session: Session, entries: Sequence[IndexEntry]) -> None:
        session.execute(
            sa.text("INSERT INTO search_fts(rowid, name, body, tags) VALUES (:id, :n, :b, :t)"),
            [
                {"id": e.organization_id, "n": e.name_text, "b": e.body_text, "t": " ".join(e.tags)}
                for e in entries
            ],
        )

    def candidates(self, session, words, any_tokens, all_tokens):  # noqa: ANN001, ANN201
        parts = [f'"{w}"' for w in words[:-1]]
        if words:
            parts.append(f'"{words[-1]}"*')  # the last word may still be being typed
        parts += [f'"{t}"' for t in all_tokens]
        if any_tokens:
            parts.append("(" + " OR ".join(f'"{t}"' for t in any_tokens) + ")")
        if not parts:
            sql = f"SELECT {_COLUMNS}, 0.0 AS score FROM search_document d"  # noqa: S608
            return _run(session, sql)
        sql = (
            f"SELECT {_COLUMNS}, -bm25(search_fts, {NAME_WEIGHT}, 1.0, 0.0) AS score "  # noqa: S608
            "FROM search_fts JOIN search_document d ON d.organization_id = search_fts.rowid "
            "WHERE search_fts MATCH :match"
        )
        return _run(session, sql, {"match": " AND ".join(parts)})


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

    def candidates(self, session, words, any_tokens, all_tokens):  # noqa: ANN001, ANN201
        parts = list(words[:-1])
        if words:
            parts.append(f"{words[-1]}:*")
        parts += all_tokens
        if any_tokens:
            parts.append("(" + " | ".join(any_tokens) + ")")
        if not parts:
            sql = f"SELECT {_COLUMNS}, 0.0 AS score FROM search_document d"  # noqa: S608
            return _run(session, sql)
        # Weights D, C, B, A: tags count for nothing, the name ten times the description.
        sql = (
            f"SELECT {_COLUMNS}, ts_rank('{{0, 0, 0.1, 1.0}}', d.document, query) AS score "  # noqa: S608
            "FROM search_document d, to_tsquery('simple', :match) AS query "
            "WHERE d.document @@ query"
        )
        return _run(session, sql, {"match": " & ".join(parts)})


def backend_for(session: Session) -> Backend:
    dialect = session.get_bind().dialect.name
    return PostgresBackend() if dialect == "postgresql" else SqliteBackend()
