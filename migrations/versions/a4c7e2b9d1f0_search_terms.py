"""The full-text index's vocabulary as a table (SQLite only): search expands a last word
typed as a prefix into the words it can be, so FTS5 seeks instead of merging whole lists

Revision ID: a4c7e2b9d1f0
Revises: e3b8d5a1c9f4
Create Date: 2026-11-26 07:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a4c7e2b9d1f0'
down_revision = 'e3b8d5a1c9f4'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # fts5vocab stores nothing: it reads search_fts's own index ('row': one row per term).
        op.execute("CREATE VIRTUAL TABLE search_fts_terms USING fts5vocab(search_fts, 'row')")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts_terms")
