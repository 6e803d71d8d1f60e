"""The two full-text backends behind one interface: SQLite FTS5 and PostgreSQL tsvector.

Each writes the ``search_document`` row plus its own full-text structure, and answers
``match(words, any_tokens)`` with the ids of matching organizations and a score (higher is
better). Words are already folded to ``[0-9a-z]+``, so they are safe to quote.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models.search import SearchDocument
from directory.search.documents import IndexEntry

NAME_WEIGHT = 10.0  # a word in the name counts ten times a word in the description


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

    def match(
        self, session: Session, words: list[str], any_tokens: list[str], ranked: bool
    ) -> list[tuple[int, float]]:
        """(organization id, score) of every document with all ``words`` (the last also as a
        prefix) and, when given, at least one of ``any_tokens``; scores are 0 unless
        ``ranked``."""
        raise NotImplementedError

    @staticmethod
    def _fetch(session: Session, sql: str, params: dict) -> list[tuple]:
        """Driver SQL, rows read straight off the driver's cursor: thousands of rows and no
        per-row Core work (the statement still goes through SQLAlchemy's events and logging)."""
        result = session.connection().exec_driver_sql(sql, params)
        try:
            return result.cursor.fetchall()
        finally:
            result.close()


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

    def match(self, session, words, any_tokens, ranked):  # noqa: ANN001, ANN201
        parts = [f'"{w}"' for w in words[:-1]]
        if words:
            parts.append(f'"{words[-1]}"*')  # the last word may still be being typed
        if any_tokens:
            parts.append("(" + " OR ".join(f'"{t}"' for t in any_tokens) + ")")
        score = f"-bm25(search_fts, {NAME_WEIGHT}, 1.0, 0.0)" if ranked and words else "0.0"
        # Only our own constant goes into the text; the visitor's words are a bound parameter.
        sql = f"SELECT rowid, {score} FROM search_fts WHERE search_fts MATCH :match"  # noqa: S608  # nosec B608
        return self._fetch(session, sql, {"match": " AND ".join(parts)})


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

    def match(self, session, words, any_tokens, ranked):  # noqa: ANN001, ANN201
        parts = list(words[:-1])
        if words:
            parts.append(f"{words[-1]}:*")
        if any_tokens:
            parts.append("(" + " | ".join(any_tokens) + ")")
        # Weights D, C, B, A: tags count for nothing, the name ten times the description.
        score = "ts_rank('{0, 0, 0.1, 1.0}', document, query)" if ranked and words else "0.0"
        # Only our own constant goes into the text; the visitor's words are a bound parameter.
        sql = (
            f"SELECT organization_id, {score} FROM search_document, "  # noqa: S608  # nosec B608
            "to_tsquery('simple', %(match)s) AS query WHERE document @@ query"
        )
        return self._fetch(session, sql, {"match": " & ".join(parts)})


def backend_for(session: Session) -> Backend:
    dialect = session.get_bind().dialect.name
    return PostgresBackend() if dialect == "postgresql" else SqliteBackend()
