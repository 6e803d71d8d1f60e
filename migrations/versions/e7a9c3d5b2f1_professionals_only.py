"""professionals-only listings: organization.professionals_only

Revision ID: e7a9c3d5b2f1
Revises: d3f6a8b1c4e2
Create Date: 2026-12-03 08:45:00.000000

Every existing listing stays public (False). No search reindex is needed: no indexed
document can be professionals-only before this column exists, and a listing marked later is
reindexed in the transaction that marks it.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e7a9c3d5b2f1"
down_revision = "d3f6a8b1c4e2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "professionals_only", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_column("professionals_only")
