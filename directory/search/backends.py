"""The two full-text backends behind one interface: SQLite FTS5 and PostgreSQL tsvector.

Each writes the ``search_document`` row plus its own full-text structure, and answers
``candidates(words, prefix_last, any_tokens, all_tokens)`` with the matching rows and a score
(higher is better). Words are already folded to ``[0-9a-z]+``, so they are safe to quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models.search import SearchDocument
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
        self,
        session: Session,
        words: list[str],
        any_tokens: list[str],
        cutoff: datetime,
        geometry: bool = True,
        ranked: bool = True,
    ) -> list[Candidate]:
        """Fresh (verified at or after ``cutoff``) organizations matching every word (the last
        as a prefix) and, when given, at least one of ``any_tokens``. Without ``geometry``,
        ``points`` and ``areas`` come back empty; without ``ranked``, every score is 0 (both
        save work on large groups)."""
        raise NotImplementedError

    @staticmethod
    def _fetch(session: Session, sql: str, params: dict) -> list[Candidate]:
        """Driver SQL, rows read straight off the driver's cursor: thousands of rows and no
        per-row Core work (the statement still goes through SQLAlchemy's events and logging)."""
        result = session.connection().exec_driver_sql(sql, params)
        try:
            return [Candidate._make(row) for row in result.cursor.fetchall()]
        finally:
            result.close()


def _columns(score: str, geometry: bool) -> str:
    where = "d.points, d.areas" if geometry else "'', ''"
    return (
        f"d.organization_id, d.name, {score}, {where}, d.sector_mask, d.service_mask, "
        "d.population_mask, d.language_mask, d.province_mask, d.flag_mask"
    )


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

    def candidates(self, session, words, any_tokens, cutoff, geometry=True, ranked=True):  # noqa: ANN001, ANN201
        parts = [f'"{w}"' for w in words[:-1]]
        if words:
            parts.append(f'"{words[-1]}"*')  # the last word may still be being typed
        if any_tokens:
            parts.append("(" + " OR ".join(f'"{t}"' for t in any_tokens) + ")")
        # Stored as SQLAlchemy writes SQLite datetimes: naive UTC text, which sorts in time.
        params = {"cutoff": str(cutoff.astimezone(UTC).replace(tzinfo=None))}
        if not parts:
            sql = (
                f"SELECT {_columns('0.0', geometry)} FROM search_document d "  # noqa: S608
                "WHERE d.verified_at >= :cutoff"
            )
            return self._fetch(session, sql, params)
        if words and ranked:
            score = f"-bm25(search_fts, {NAME_WEIGHT}, 1.0, 0.0)"
            sql = (
                f"SELECT {_columns(score, geometry)} FROM search_fts "  # noqa: S608
                "JOIN search_document d ON d.organization_id = search_fts.rowid "
                "WHERE search_fts MATCH :match AND d.verified_at >= :cutoff"
            )
        else:  # measured faster than the join when no score is needed
            sql = (
                f"SELECT {_columns('0.0', geometry)} FROM search_document d "  # noqa: S608
                "WHERE d.organization_id IN "
                "(SELECT rowid FROM search_fts WHERE search_fts MATCH :match) "
                "AND d.verified_at >= :cutoff"
            )
        return self._fetch(session, sql, params | {"match": " AND ".join(parts)})


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

    def candidates(self, session, words, any_tokens, cutoff, geometry=True, ranked=True):  # noqa: ANN001, ANN201
        parts = list(words[:-1])
        if words:
            parts.append(f"{words[-1]}:*")
        if any_tokens:
            parts.append("(" + " | ".join(any_tokens) + ")")
        params = {"cutoff": cutoff}
        if not parts:
            sql = (
                f"SELECT {_columns('0.0', geometry)} FROM search_document d "  # noqa: S608
                "WHERE d.verified_at >= %(cutoff)s"
            )
            return self._fetch(session, sql, params)
        # Weights D, C, B, A: tags count for nothing, the name ten times the description.
        score = "ts_rank('{0, 0, 0.1, 1.0}', d.document, query)" if words and ranked else "0.0"
        sql = (
            f"SELECT {_columns(score, geometry)} FROM search_document d, "  # noqa: S608
            "to_tsquery('simple', %(match)s) AS query "
            "WHERE d.document @@ query AND d.verified_at >= %(cutoff)s"
        )
        return self._fetch(session, sql, params | {"match": " & ".join(parts)})


def backend_for(session: Session) -> Backend:
    dialect = session.get_bind().dialect.name
    return PostgresBackend() if dialect == "postgresql" else SqliteBackend()
