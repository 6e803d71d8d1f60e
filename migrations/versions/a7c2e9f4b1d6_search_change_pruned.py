"""search change log pruned: search_state.pruned_through

The change log (``search_change``) grew by one row per reindexed organization forever. It is
now pruned (``directory.search.mirror.record_changes``); ``pruned_through`` says up to which
generation rows may be gone, so that a process whose copy of the index is older reloads it
whole instead of reading a partial list of changes. Nothing is pruned by this migration: the
first reindex after it does.

Revision ID: a7c2e9f4b1d6
Revises: f5a1c3e7b902
Create Date: 2026-12-02 17:05:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a7c2e9f4b1d6"
down_revision = "f5a1c3e7b902"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_state", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pruned_through", sa.BigInteger(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("search_state", schema=None) as batch_op:
        batch_op.drop_column("pruned_through")
