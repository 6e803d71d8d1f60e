"""service_hours: structured opening hours per service, and their compact form in the index

Revision ID: 17c3c0de0003
Revises: 17a1c0de0001
Create Date: 2026-12-04 05:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "17c3c0de0003"
down_revision = "17a1c0de0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("service") as batch:
        batch.add_column(sa.Column("hours", sa.JSON(), nullable=True))
    with op.batch_alter_table("search_document") as batch:
        batch.add_column(sa.Column("hours", sa.Text(), nullable=False, server_default=""))
    # Documents written before lack the hours; with none, there is nothing to rebuild.
    op.execute(
        "UPDATE search_state SET index_format = 7 WHERE NOT EXISTS (SELECT 1 FROM search_document)"
    )


def downgrade():
    with op.batch_alter_table("search_document") as batch:
        batch.drop_column("hours")
    with op.batch_alter_table("service") as batch:
        batch.drop_column("hours")
