"""The two full-text backends behind one interface: SQLite FTS5 and PostgreSQL tsvector.

Each writes the ``search_document`` row plus its own full-text structure, and answers
``match_ids(words, any_tokens)`` with the ids of matching organizations, and
``match_ranked(words)`` with ids and scores (higher is better). Words are already folded to
``[0-9a-z]+``, so they are safe to quote.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models.search import SearchDocument
from directory.search.documents import IndexEntry
from directory.search.keywords import WordGroup, as_group

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
                    "hours": e.hours,
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

    def optimize(self, session: Session) -> None:
        """After a bulk load: put the full-text index in its fastest shape (if it has one)."""

    def match_ids(
        self,
        session: Session,
        words: Sequence[str | WordGroup],
        any_tokens: list[str],
        last_word_terms: list[str] | None = None,
    ) -> np.ndarray:
        """Ids of every document with all ``words`` (the last also as a prefix) and, when
        given, at least one of ``any_tokens``. ``last_word_terms``: every indexed term the
        last word is a prefix of (``terms``), matched as such rather than as a prefix. A word
        may be a ``WordGroup``: then any of its alternatives does (synonyms, named terms)."""
        sql, params = self._ids_sql(self._matching(words, any_tokens, last_word_terms))
        return _parse_ids(session.connection().exec_driver_sql(sql, params).scalar())

    def match_ranked(
        self, session: Session, words: Sequence[str | WordGroup], prefix: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of every document with all ``words``; a higher score ranks first.
        ``prefix``: the last word may be the start of a word (the visitor's last)."""
        sql, params = self._ranked_sql(self._matching(words, [], prefix=prefix))
        row = session.connection().exec_driver_sql(sql, params).one()
        return _parse_ids(row[0]), _parse_floats(row[1])

    def terms(self, session: Session, ids: Collection[int] | None) -> set[str] | None:
        """Every term of the index (``ids`` None), or those of these documents; None where the
        backend cannot say, and then the last word stays a prefix query."""
        return None

    # The query language: FTS5's and tsquery's spellings of the same expression.
    AND = OR = ""

    def _word(self, word: str) -> str:
        raise NotImplementedError

    def _prefix(self, word: str) -> str:
        raise NotImplementedError

    def _matching(
        self,
        words: Sequence[str | WordGroup],
        any_tokens: list[str],
        last_word_terms: list[str] | None = None,
        prefix: bool = True,
    ) -> str:
        """Every word (each an OR of its group's alternatives, an alternative an AND of its
        words) and one of ``any_tokens``. Plain words give the plain AND they always did.
        ``last_word_terms == []``: no indexed word starts like the last one, so only its
        group's other alternatives can match (the caller checks it has some)."""
        groups = [as_group(w) for w in words]
        parts = []
        for index, group in enumerate(groups):
            typed = [self._word(w) for w in group.typed[:-1]]
            if index < len(groups) - 1 or not prefix:
                typed.append(self._word(group.typed[-1]))
            elif last_word_terms is None:  # the last word may still be being typed
                typed.append(self._prefix(group.typed[-1]))
            elif last_word_terms:  # the words the last one may be, as whole terms
                typed.append("(" + self.OR.join(map(self._word, last_word_terms)) + ")")
            else:
                typed = []
            alternatives = [typed] if typed else []
            alternatives += [[self._word(w) for w in phrase] for phrase in group.others]
            if len(alternatives) == 1:
                parts.append(self.AND.join(alternatives[0]))
            else:
                either = [
                    self.AND.join(a) if len(a) == 1 else f"({self.AND.join(a)})"
                    for a in alternatives
                ]
                parts.append("(" + self.OR.join(either) + ")")
        if any_tokens:
            parts.append("(" + self.OR.join(map(self._word, any_tokens)) + ")")
        return self.AND.join(parts)

    def _ids_sql(self, match: str) -> tuple[str, dict]:
        raise NotImplementedError

    def _ranked_sql(self, match: str) -> tuple[str, dict]:
        raise NotImplementedError


_WORD = re.compile(r"[0-9a-z]+")


def _words(terms: Iterable[str]) -> set[str]:
    """Terms that are plain folded words (so safe to put in a query unquoted)."""
    return {t for t in terms if _WORD.fullmatch(t)}


# The database returns matches as one comma-separated string (group_concat, string_agg):
# thousands of ids parsed in C, rather than thousands of rows made into Python tuples.
def _parse_ids(text: str | None) -> np.ndarray:
    if not text:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def _parse_floats(text: str | None) -> np.ndarray:
    if not text:
        return np.empty(0, dtype=np.float64)
    return np.fromstring(text, dtype=np.float64, sep=",")


class SqliteBackend(Backend):
    AND, OR = " AND ", " OR "

    def _word(self, word: str) -> str:
        return f'"{word}"'

    def _prefix(self, word: str) -> str:
        return f'"{word}"*'

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

    def optimize(self, session: Session) -> None:
        # Merges FTS5's segments into one b-tree (0.4 s at 100,000): a bulk load leaves many,
        # and a query reads each. Later writes add segments that FTS5 merges as it goes.
        session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))

    def _write_fulltext(self, session: Session, entries: Sequence[IndexEntry]) -> None:
        session.execute(
            sa.text("INSERT INTO search_fts(rowid, name, body, tags) VALUES (:id, :n, :b, :t)"),
            [
                {"id": e.organization_id, "n": e.name_text, "b": e.body_text, "t": " ".join(e.tags)}
                for e in entries
            ],
        )

    def terms(self, session: Session, ids: Collection[int] | None) -> set[str] | None:
        if ids is None:
            return _words(session.execute(sa.text("SELECT term FROM search_fts_terms")).scalars())
        found: set[str] = set()
        ids = list(ids)
        for start in range(0, len(ids), 500):
            rows = session.execute(
                sa.text("SELECT name, body FROM search_fts WHERE rowid IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": ids[start : start + 500]},
            )
            for name, body in rows:  # already folded: the tokenizer splits on spaces alone
                found.update(name.split(), body.split())
        return _words(found)

    def _ids_sql(self, match: str) -> tuple[str, dict]:
        sql = "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH :match"
        return sql, {"match": match}

    def _ranked_sql(self, match: str) -> tuple[str, dict]:
        # bm25() cannot be an aggregate's argument: the CTE computes it row by row first.
        # Only our own constant goes into the text; the visitor's words are a bound parameter.
        sql = (
            "WITH matched AS MATERIALIZED (SELECT rowid AS id, "  # noqa: S608  # nosec B608
            f"-bm25(search_fts, {NAME_WEIGHT}, 1.0, 0.0) AS score FROM search_fts "
            "WHERE search_fts MATCH :match) "
            "SELECT group_concat(id), group_concat(score) FROM matched"
        )
        return sql, {"match": match}


class PostgresBackend(Backend):
    AND, OR = " & ", " | "

    def _word(self, word: str) -> str:
        return word

    def _prefix(self, word: str) -> str:
        return f"{word}:*"

    def optimize(self, session: Session) -> None:
        # Fresh planner statistics: right after a bulk load PostgreSQL still believes the
        # tables small, and joins a page's result cards by scanning whole tables (40 ms
        # instead of 0.3 ms at 100,000) until autovacuum gets round to them.
        session.execute(sa.text("ANALYZE"))

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

    def terms(self, session: Session, ids: Collection[int] | None) -> set[str] | None:
        if ids is None:  # one pass over every document (0.3 s at 100,000)
            sql = sa.text("SELECT word FROM ts_stat('SELECT document FROM search_document')")
            return _words(session.execute(sql).scalars())
        sql = sa.text(
            "SELECT DISTINCT unnest(tsvector_to_array(document)) FROM search_document "
            "WHERE organization_id = ANY(:ids)"
        )
        return _words(session.execute(sql, {"ids": list(ids)}).scalars())

    def _ids_sql(self, match: str) -> tuple[str, dict]:
        sql = (
            "SELECT string_agg(organization_id::text, ',') FROM search_document "
            "WHERE document @@ to_tsquery('simple', %(match)s)"
        )
        return sql, {"match": match}

    def _ranked_sql(self, match: str) -> tuple[str, dict]:
        # Weights D, C, B, A: tags count for nothing, the name ten times the description.
        # Both aggregates read the same rows in the same order, so ids and scores pair up.
        sql = (
            "SELECT string_agg(organization_id::text, ','), "
            "string_agg(ts_rank('{0, 0, 0.1, 1.0}', document, query)::text, ',') "
            "FROM search_document, to_tsquery('simple', %(match)s) AS query "
            "WHERE document @@ query"
        )
        return sql, {"match": match}


def backend_for(session: Session) -> Backend:
    dialect = session.get_bind().dialect.name
    return PostgresBackend() if dialect == "postgresql" else SqliteBackend()
