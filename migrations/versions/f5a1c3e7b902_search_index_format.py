"""search index format: which version of the documents' contents the index holds

Format 2 adds each organization's vocabulary terms to its full-text document (tokens such as
``zsectorpolicing``), so that a keyword naming a term finds the organizations that have it.
An index written before holds format 1 and needs ``flask search reindex --if-outdated``
(the Makefile runs it after ``db upgrade``); an empty index is current already.

Revision ID: f5a1c3e7b902
Revises: 500429d73700
Create Date: 2026-12-02 15:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f5a1c3e7b902"
down_revision = "500429d73700"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_state", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("index_format", sa.Integer(), server_default="1", nullable=False)
        )
    # Existing documents are format 1; with none, there is nothing to rebuild.
    op.execute(
        "UPDATE search_state SET index_format = 2 WHERE NOT EXISTS (SELECT 1 FROM search_document)"
    )


def downgrade():
    with op.batch_alter_table("search_state", schema=None) as batch_op:
        batch_op.drop_column("index_format")
