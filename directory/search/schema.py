"""Dialect-specific full-text structures, created by migrations and invisible to the models.

``include_object`` tells Alembic (autogenerate and the migrations test) to leave them alone.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Column
from sqlalchemy.schema import SchemaItem

# FTS5 creates search_fts_data, _idx, _docsize, _config; search_fts_terms is its vocabulary.
FULLTEXT_TABLE_PREFIX = "search_fts"
FULLTEXT_COLUMN = ("search_document", "document")
FULLTEXT_INDEX = "ix_search_document_document"


def include_object(
    obj: SchemaItem,
    name: str | None,
    type_: Literal[
        "schema", "table", "column", "index", "unique_constraint", "foreign_key_constraint"
    ],
    reflected: bool,
    compare_to: SchemaItem | None,
) -> bool:
    if type_ == "table" and name and name.startswith(FULLTEXT_TABLE_PREFIX):
        return False
    if isinstance(obj, Column) and (obj.table.name, name) == FULLTEXT_COLUMN:
        return False
    return not (type_ == "index" and name == FULLTEXT_INDEX)
