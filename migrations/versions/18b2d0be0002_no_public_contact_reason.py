"""organization.no_public_contact_reason: why the public cannot reach it directly

Revision ID: 18b2d0be0002
Revises: 17c3c0de0003
Create Date: 2026-12-04 06:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "18b2d0be0002"
down_revision = "17c3c0de0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organization") as batch:
        batch.add_column(sa.Column("no_public_contact_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("organization") as batch:
        batch.drop_column("no_public_contact_reason")
